"""Schemathesis over ``/api/openapi.json``: no endpoint answers 5xx, whatever it is sent."""

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 25


def _headers(operation, tokens: dict) -> dict:
    """Bearer header for the operation's scheme: a clerk for staff, a kiosk for devices."""
    schemes = [name for requirement in operation.definition.raw.get("security", [])
               for name in requirement]
    return {"Authorization": f"Bearer {tokens[schemes[0]]}"} if schemes else {}


def _fuzz(operation, headers: dict, server_errors: list) -> int:
    """Send generated requests to ``operation``; note any 5xx; return how many were sent."""
    sent = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        response = case.call(headers=headers)
        sent.append(response.status_code)
        if response.status_code >= 500:
            server_errors.append(f"{case.method} {case.formatted_path} {case.body!r} → "
                                 f"{response.status_code}: {response.text[:200]}")

    run()
    return len(sent)


def test_no_endpoint_answers_5xx(live_server, api, centre):
    schema = schemathesis.openapi.from_url(live_server.url + "/api/openapi.json")
    tokens = {"staff": api.staff_token("quay3", centre.password),
              "device": centre.tokens["kiosk"]}
    server_errors, operations, sent = [], 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        sent += _fuzz(operation, _headers(operation, tokens), server_errors)
        operations += 1
    assert operations >= 15, "the OpenAPI document lost operations"
    assert sent >= 5 * operations, "schemathesis generated too few requests"
    assert server_errors == []

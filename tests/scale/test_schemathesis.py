"""Schemathesis over the whole ``/api/openapi.json``: every answer conforms to the document.

Each operation is called with generated data and the token its guard asks for (a staff
member of an allowed role, or a device of an allowed kind), so the authorised paths run,
not only the 401s; operations on one ticket, booking, dossier, message, procedure or
counter are called again with one that exists. Every answer must be a documented status
with a documented content type and headers, its body must match the response model, and
nothing may answer 5xx.
"""

import pytest
from sqlalchemy import select

from server.models import Counter, Site
from tests.appointments.support import booking, make_bookable, slots

pytestmark = pytest.mark.live

# schemathesis and hypothesis (seconds of imports) are imported by the tests, not when the fast
# tier collects this module; tests/conftest.py imports schemathesis' OpenAPI modules before any
# test runs when a run selects this one (see ``preload_schemathesis`` there).
EXAMPLES_PER_OPERATION = 12
STAFF_BY_ROLE = {"clerk": "quay3", "manager": "quanly", "admin": "admin"}
CLERK_COUNTER = 3  # quay3's own counter


def _token(operation, tokens: dict) -> str | None:
    """The token the operation's guard accepts: a staff role's, or a device kind's."""
    raw = operation.definition.raw
    if "x-qms-roles" in raw:
        roles = raw["x-qms-roles"] or ["admin"]
        return tokens[next(role for role in STAFF_BY_ROLE if role in roles)]
    if "x-qms-devices" in raw:
        return tokens[raw["x-qms-devices"][0]]
    return None


def _created(response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _existing(api, centre, tokens: dict) -> dict:
    """Make one of each thing a path names; return their identifiers by path prefix."""
    make_bookable(centre)
    ticket = _created(api.issue(tokens["kiosk"], "DD"))
    start = next(slot["start"] for slot in slots(api) if slot["available"])
    appointment = _created(api.call("POST", "/api/v1/appointments",
                                    json=booking("DD", start, 1)))
    dossier = _created(api.call("POST", "/api/v1/dossiers", tokens["clerk"], json={
        "procedure": "Đăng ký khai sinh", "applicant_name": "Nguyễn Văn An",
        "processing_days": 5, "counter": CLERK_COUNTER}))
    feedback = _created(api.call("POST", "/api/v1/feedback", json={
        "category": "other", "text": "Góp ý kiểm thử"}))
    procedure = _created(api.call("GET", "/api/v1/procedures"))["procedures"][0]
    with centre.session() as session:  # forms go to the clerk's counter's office printer
        session.scalars(select(Counter).join(Site).where(
            Site.code == "TPBK", Counter.number == CLERK_COUNTER)).one().office_printer_uri = (
            "cups://qms-test")
    form_job = api.call("POST", f"/api/v1/dossiers/{dossier['code']}/forms/01/print",
                        tokens["clerk"], json={})
    assert form_job.status_code == 202, form_job.text
    return {"/api/v1/tickets/{public_code}": {"public_code": ticket["public_code"]},
            "/api/v1/tickets/{ticket_id}": {"ticket_id": ticket["id"]},
            "/api/v1/tickets/{ref}": {"ref": ticket["public_code"]},
            "/api/v1/appointments/{code}": {"code": appointment["code"]},
            "/api/v1/dossiers/{code}": {"code": dossier["code"]},
            "/api/v1/feedback/{code}": {"code": feedback["code"]},
            "/api/v1/procedures/{code}": {"code": procedure["code"]},
            "/api/v1/counters/{number}": {"number": CLERK_COUNTER},
            "/api/v1/printers/jobs/{job_id}": {"job_id": form_job.json()["job"]}}


def _known(path: str, existing: dict) -> dict | None:
    """The identifiers of things that exist for ``path``'s parameters, if it has any."""
    for prefix, values in existing.items():
        if path == prefix or path.startswith(prefix + "/"):
            return values
    return None


def _checks() -> list:
    """What each answer must pass: no 5xx, and the documented status, type, headers and body."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance,
            response_headers_conformance, response_schema_conformance]


def _fuzz(operation, token: str | None, failures: list, path_parameters=None) -> list[int]:
    """Send generated requests to ``operation``, note what breaks the document."""
    from hypothesis import HealthCheck, given, settings

    statuses = []
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    checks = _checks()
    @given(case=operation.as_strategy(path_parameters=path_parameters))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        try:
            response = case.call_and_validate(headers=headers, checks=checks)
        except Exception as failure:  # schemathesis groups what each check found
            failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r}:"
                            f"\n{str(failure)[:600]}")
            return
        statuses.append(response.status_code)

    run()
    return statuses


def test_every_answer_conforms_to_the_document(live_server, api, centre):
    import schemathesis

    schema = schemathesis.openapi.from_url(live_server.url + "/api/openapi.json")
    tokens = {role: api.staff_token(username, centre.password)
              for role, username in STAFF_BY_ROLE.items()}
    tokens |= {kind: centre.tokens[kind] for kind in ("kiosk", "display", "vote-pad")}
    tokens["integration"] = centre.add_device("integration", "Phần mềm một cửa (kiểm thử)")
    existing = _existing(api, centre, tokens)
    failures, authorised, operations = [], [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        token = _token(operation, tokens)
        statuses = _fuzz(operation, token, failures)
        known = _known(operation.path, existing)
        if known is not None:
            statuses += _fuzz(operation, token, failures, path_parameters=known)
        operations.append(f"{operation.method.upper()} {operation.path}")
        if any(status < 400 for status in statuses):
            authorised.append(operations[-1])
    assert len(operations) >= 55, "the OpenAPI document lost operations"
    assert failures == [], "\n\n".join(failures[:15])
    # Generated requests reach past the guards: most operations succeed at least once. Those
    # that need a real service code, a ticket at the counter or a visit just finished rarely
    # do; their answers are checked by the API client of the functional tests.
    # Linking a dossier (by ticket or by counter) needs a dossier's code and a ticket called at
    # the counter, a rating a visit just linked: three more of those.
    never = sorted(set(operations) - set(authorised))
    assert len(never) <= 35, never
    assert {"GET /api/v1/tickets/{public_code}", "POST /api/v1/counters/{number}/open",
            "GET /api/v1/dossiers/{code}", "PUT /api/v1/roster/week", "GET /api/v1/reports",
            "DELETE /api/v1/appointments/{code}"} <= set(authorised)

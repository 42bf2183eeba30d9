"""The fast tier exercises every route and every Socket.IO event in process.

``tests/support/exercised.py`` records what the in-process tests of this run answered and
received; this test runs after all of them and names each route (with its method) that no fast
test got a successful answer from, and each documented event no fast test sent or saw.
"""

import pytest

from server.app import create_app
from server.payloads.events import CHANNELS
from tests.support import exercised

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def every_route(tmp_path) -> set[tuple[str, str]]:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'routes.sqlite3'}",
                      "ASYNC_MODE": "threading"}, instance=tmp_path)
    return {(rule.rule, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - IGNORED_METHODS}


def every_event() -> set[tuple[str, str, str]]:
    return {(channel.namespace, event.name, event.action)
            for channel in CHANNELS for event in channel.events}


def missing_routes(routes, answered) -> list[str]:
    return sorted(f"{method} {rule}" for rule, method in routes
                  if not any(status < 400 for status in answered.get((rule, method), ())))


def test_the_check_names_what_was_not_exercised(tmp_path):
    routes = {("/api/v1/queue", "GET"), ("/healthz", "GET"), ("/login", "POST")}
    answered = {("/api/v1/queue", "GET"): {200}, ("/login", "POST"): {401, 422}}
    assert missing_routes(routes, answered) == ["GET /healthz", "POST /login"]
    assert ("/api/v1/tickets", "POST") in every_route(tmp_path)
    assert ("/display", "ticket_called", "send") in every_event()
    assert ("/print-agent", "next_job", "receive") in every_event()


@pytest.mark.after_everything
def test_every_route_and_event_is_exercised_by_the_fast_tier(tmp_path):
    if not exercised.state["whole_run"]:
        pytest.skip("checked when the whole fast tier runs (no path, no -k)")
    if exercised.state["worker"]:
        pytest.skip("checked in one process (CI runs so); a pytest-xdist worker sees a share")
    unrouted = missing_routes(every_route(tmp_path), exercised.answered)
    unseen = sorted(f"{action} {namespace} {name}"
                    for namespace, name, action in every_event() - exercised.events)
    assert not unrouted and not unseen, (
        f"{len(unrouted)} route(s) without a successful in-process answer:\n  "
        + "\n  ".join(unrouted)
        + f"\n{len(unseen)} event(s) never sent or received in process:\n  "
        + "\n  ".join(unseen))


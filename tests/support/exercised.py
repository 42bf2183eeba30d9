"""What the fast tier exercises: every route answered and every Socket.IO event seen, in process.

While a test of the fast tier runs (one marked neither ``live`` nor ``browser``), each request an
in-process app answers (``app.test_client()``) is recorded by its URL rule, method and status,
and each event a ``socketio.test_client()`` receives (read with ``get_received``) or emits is
recorded by namespace, name and direction. ``tests/test_fast_tier_coverage.py`` runs last and
compares the records with ``app.url_map`` and the AsyncAPI registry (``server/payloads/events.py``).

Under pytest-xdist (``-n 2``) each worker sees only its share: a worker hands its records to the
controller when its session ends (``config.workeroutput``), the controller merges them as each
worker goes down, and checks the union once every worker has finished (``check_on_controller``).
"""

import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from flask import request, request_finished
from flask_socketio.test_client import SocketIOTestClient

from tests.support import tiers

SLOW_TIERS = ("live", "browser")
IGNORED_METHODS = {"HEAD", "OPTIONS"}
CHECK = "tests/test_fast_tier_coverage.py::test_every_route_and_event_is_exercised_by_the_fast_tier"
WORKER_OUTPUT = "qms_exercised"  # the key of a worker's records in ``config.workeroutput``
# (rule, method) → statuses answered; (namespace, event, action) of events seen.
answered: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
events: set[tuple[str, str, str]] = set()
state = {"whole_run": False, "worker": False, "workers_down": 0, "check_selected": False}


def _fast() -> bool:
    item = tiers.current()
    return item is not None and not any(item.get_closest_marker(tier) for tier in SLOW_TIERS)


def _record_answer(sender, response, **_extra) -> None:
    if _fast() and request.url_rule is not None:
        answered[request.url_rule.rule, request.method].add(response.status_code)


_get_received = SocketIOTestClient.get_received
_emit = SocketIOTestClient.emit


def _recording_get_received(self, namespace=None):
    received = _get_received(self, namespace)
    if _fast():
        events.update((packet["namespace"], packet["name"], "send") for packet in received)
    return received


def _recording_emit(self, event, *args, **kwargs):
    if _fast():
        events.add((kwargs.get("namespace") or "/", event, "receive"))
    return _emit(self, event, *args, **kwargs)


def install(config: pytest.Config) -> None:
    """Start recording; note whether this run collects the whole suite (no path, no ``-k``)."""
    request_finished.connect(_record_answer)
    SocketIOTestClient.get_received = _recording_get_received
    SocketIOTestClient.emit = _recording_emit
    tests = config.rootpath / "tests"
    paths = {config.rootpath / arg for arg in config.args}
    state["whole_run"] = paths <= {tests, config.rootpath} and not config.option.keyword
    # Under pytest-xdist each worker runs a share of the tests and sees a share of the hits.
    state["worker"] = hasattr(config, "workerinput")


def run_last(items: list[pytest.Item]) -> None:
    """Move the coverage check after every other test."""
    last = [item for item in items if item.get_closest_marker("after_everything")]
    items[:] = [item for item in items if item not in last] + last


def hand_over(config: pytest.Config) -> None:
    """On a pytest-xdist worker, put this worker's records where the controller reads them."""
    if state["worker"]:
        config.workeroutput[WORKER_OUTPUT] = {
            "answered": [[rule, method, sorted(statuses)]
                         for (rule, method), statuses in answered.items()],
            "events": [list(event) for event in events]}


def take_over(workeroutput: dict) -> None:
    """On the controller, add the records of a worker that went down."""
    state["workers_down"] += 1
    records = workeroutput.get(WORKER_OUTPUT, {"answered": [], "events": []})
    for rule, method, statuses in records["answered"]:
        answered[rule, method].update(statuses)
    events.update(tuple(event) for event in records["events"])


def note_report(report: pytest.TestReport) -> None:
    """On the controller, note that a worker ran the check (so it was selected)."""
    if report.nodeid == CHECK:
        state["check_selected"] = True


def every_route(folder: Path) -> set[tuple[str, str]]:
    """Each (rule, method) the app answers, but HEAD and OPTIONS."""
    from server.app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'routes.sqlite3'}",
                      "ASYNC_MODE": "threading"}, instance=folder)
    return {(rule.rule, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - IGNORED_METHODS}


def every_event() -> set[tuple[str, str, str]]:
    """Each documented event as (namespace, name, action)."""
    from server.payloads.events import CHANNELS

    return {(channel.namespace, event.name, event.action)
            for channel in CHANNELS for event in channel.events}


def missing_routes(routes, answered) -> list[str]:
    return sorted(f"{method} {rule}" for rule, method in routes
                  if not any(status < 400 for status in answered.get((rule, method), ())))


def what_was_missed(folder: Path) -> str | None:
    """A message naming each route and event the records leave out, or None."""
    unrouted = missing_routes(every_route(folder), answered)
    unseen = sorted(f"{action} {namespace} {name}"
                    for namespace, name, action in every_event() - events)
    lines = []
    if unrouted:
        lines += [f"{len(unrouted)} route(s) without a successful in-process answer:",
                  *(f"  {route}" for route in unrouted)]
    if unseen:
        lines += [f"{len(unseen)} event(s) never sent or received in process:",
                  *(f"  {event}" for event in unseen)]
    return "\n".join(lines) or None


def check_on_controller(session: pytest.Session) -> None:
    """After every pytest-xdist worker finished, fail the session naming what no worker
    exercised (only when the whole fast tier ran and the check was selected)."""
    if not (state["workers_down"] and state["whole_run"] and state["check_selected"]):
        return
    with tempfile.TemporaryDirectory(prefix="qms-routes-") as folder:
        missed = what_was_missed(Path(folder))
    if missed is None:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_sep("=", "the fast tier left routes or events unexercised", red=True)
        reporter.write_line(f"{CHECK} (the records of {state['workers_down']} workers):")
        reporter.write_line(missed)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED

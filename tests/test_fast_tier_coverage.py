"""The fast tier exercises every route and every Socket.IO event in process.

``tests/support/exercised.py`` records what the in-process tests of this run answered and
received; this test runs after all of them and names each route (with its method) that no fast
test got a successful answer from, and each documented event no fast test sent or saw. Under
pytest-xdist the controller makes the same check on the union of the workers' records.
"""

from collections import defaultdict
from types import SimpleNamespace

import pytest

from tests.support import exercised
from tests.support.exercised import every_event, every_route, missing_routes


def test_the_check_names_what_was_not_exercised(tmp_path):
    routes = {("/api/v1/queue", "GET"), ("/healthz", "GET"), ("/login", "POST")}
    answered = {("/api/v1/queue", "GET"): {200}, ("/login", "POST"): {401, 422}}
    assert missing_routes(routes, answered) == ["GET /healthz", "POST /login"]
    assert ("/api/v1/tickets", "POST") in every_route(tmp_path)
    assert ("/display", "ticket_called", "send") in every_event()
    assert ("/print-agent", "next_job", "receive") in every_event()


def fake_session(lines: list[str]) -> SimpleNamespace:
    reporter = SimpleNamespace(ensure_newline=lambda: None, write_line=lines.append,
                               write_sep=lambda _sep, title, **_style: lines.append(title))
    plugins = SimpleNamespace(get_plugin=lambda name: reporter)
    return SimpleNamespace(exitstatus=pytest.ExitCode.OK,
                           config=SimpleNamespace(pluginmanager=plugins))


def test_the_xdist_controller_checks_the_union_of_the_workers_records(tmp_path, monkeypatch):
    monkeypatch.setattr(exercised, "answered", defaultdict(set))
    monkeypatch.setattr(exercised, "events", set())
    for key, value in {"whole_run": True, "worker": True, "workers_down": 0,
                       "check_selected": False}.items():
        monkeypatch.setitem(exercised.state, key, value)
    worker = SimpleNamespace(workeroutput={})
    exercised.answered["/healthz", "GET"].add(200)
    exercised.events.add(("/display", "ticket_called", "send"))
    exercised.hand_over(worker)
    exercised.answered.clear()
    exercised.events.clear()
    monkeypatch.setitem(exercised.state, "worker", False)  # now the controller
    exercised.take_over(worker.workeroutput)
    exercised.take_over({})  # a worker that ran no fast test
    session = fake_session(lines := [])
    exercised.check_on_controller(session)
    assert session.exitstatus == pytest.ExitCode.OK, "the check was not selected"

    exercised.note_report(SimpleNamespace(nodeid=exercised.CHECK))
    exercised.check_on_controller(session)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
    text = "\n".join(lines)
    assert "records of 2 workers" in text and "event(s) never sent" in text
    assert "GET /api/v1/queue" in text and "GET /healthz" not in text
    assert "receive /print-agent next_job" in text and "send /display ticket_called" not in text

    for route in every_route(tmp_path):
        exercised.answered[route].add(200)
    exercised.events.update(every_event())
    session = fake_session(lines := [])
    exercised.check_on_controller(session)
    assert session.exitstatus == pytest.ExitCode.OK and not lines


@pytest.mark.after_everything
def test_every_route_and_event_is_exercised_by_the_fast_tier(tmp_path):
    if not exercised.state["whole_run"]:
        pytest.skip("checked when the whole fast tier runs (no path, no -k)")
    if exercised.state["worker"]:
        pytest.skip("checked by the pytest-xdist controller once every worker has finished")
    missed = exercised.what_was_missed(tmp_path)
    assert missed is None, missed

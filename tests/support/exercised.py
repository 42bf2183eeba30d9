"""What the fast tier exercises: every route answered and every Socket.IO event seen, in process.

While a test of the fast tier runs (one marked neither ``live`` nor ``browser``), each request an
in-process app answers (``app.test_client()``) is recorded by its URL rule, method and status,
and each event a ``socketio.test_client()`` receives (read with ``get_received``) or emits is
recorded by namespace, name and direction. ``tests/test_fast_tier_coverage.py`` runs last and
compares the records with ``app.url_map`` and the AsyncAPI registry (``server/payloads/events.py``).
"""

from collections import defaultdict

import pytest
from flask import request, request_finished
from flask_socketio.test_client import SocketIOTestClient

from tests.support import tiers

SLOW_TIERS = ("live", "browser")
# (rule, method) → statuses answered; (namespace, event, action) of events seen.
answered: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
events: set[tuple[str, str, str]] = set()
state = {"whole_run": False}


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

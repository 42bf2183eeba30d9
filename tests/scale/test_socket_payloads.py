"""Malformed, oversized, wrong-typed and unknown Socket.IO events: a clear ``error`` event,
and the server stays up for everyone else."""

import gc

import pytest
import requests
import socketio

from tests.support.clients import Listener
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live

WRONG_TYPED = [["a", "list"], "a string", 42, 3.5, True, {"nested": {"junk": [1, {"x": None}]}},
               {"unexpected": "field"}]
OVER_LIMIT = "x" * (80 * 1024)  # over MAX_CONTENT_LENGTH (64 KiB), under the hard cap
OVER_HARD_CAP = "x" * (2 * 1024 * 1024)  # past Engine.IO's cap: the connection is dropped


@pytest.fixture(scope="module")
def sockets(live_server, centre, api):
    """A display and a staff socket on the module's live server."""
    display = Listener(live_server.url, "/display", centre.tokens["display"])
    staff = Listener(live_server.url, "/staff", api.staff_token("quay2", centre.password))
    yield {"/display": display, "/staff": staff}
    display.close()
    staff.close()


def _ack(listener: Listener, event: str, payload=None):
    """Emit ``event`` and return the server's acknowledgement."""
    return listener.client.call(event, payload, namespace=listener.namespace, timeout=5)


@pytest.mark.parametrize("namespace", ["/display", "/staff"])
@pytest.mark.parametrize("payload", WRONG_TYPED, ids=repr)
def test_wrong_typed_payload_gets_error_event(sockets, namespace, payload):
    listener = sockets[namespace]
    reply = _ack(listener, "snapshot", payload)
    assert reply["error"]["code"] == "invalid_payload"
    assert listener.wait_for("error")["error"]["code"] == "invalid_payload"


@pytest.mark.parametrize("namespace", ["/display", "/staff"])
def test_unknown_event_gets_error_event(sockets, namespace):
    listener = sockets[namespace]
    listener.client.emit("drop_table", {"x": 1}, namespace=namespace)
    error = listener.wait_for("error", predicate=lambda p: p["error"]["code"] == "unknown_event")
    assert "drop_table" in error["error"]["message_en"]


@pytest.mark.parametrize("namespace", ["/display", "/staff"])
def test_oversized_payload_gets_error_and_socket_survives(sockets, namespace):
    listener = sockets[namespace]
    reply = _ack(listener, "snapshot", {"blob": OVER_LIMIT})
    assert reply["error"]["code"] == "payload_too_large"
    assert "site" in _ack(listener, "snapshot")  # the same socket still works


# The dropped client's own socket is left for the garbage collector by websocket-client.
@pytest.mark.filterwarnings("ignore::ResourceWarning",
                            "ignore::pytest.PytestUnraisableExceptionWarning")
def test_payload_past_hard_cap_drops_only_that_client(sockets, live_server, centre):
    rogue = socketio.Client(reconnection=False)
    rogue.connect(live_server.url, namespaces=["/display"], transports=["websocket"],
                  auth={"token": centre.tokens["display"]}, wait_timeout=10)
    rogue.emit("snapshot", {"blob": OVER_HARD_CAP}, namespace="/display")
    wait_until(lambda client=rogue: not client.connected, timeout=10)
    rogue.disconnect()
    del rogue
    gc.collect()
    assert requests.get(live_server.url + "/healthz", timeout=5).ok
    assert "site" in _ack(sockets["/display"], "snapshot")


def test_many_bad_events_leave_server_up(sockets, live_server):
    display = sockets["/display"]
    for payload in WRONG_TYPED * 20:
        display.client.emit("heartbeat", payload, namespace="/display")
    assert _ack(display, "heartbeat")["ok"] is True
    assert requests.get(live_server.url + "/healthz", timeout=5).ok

"""Engine.IO connections that join no namespace cannot hold the server's slots: one address
holds a bounded number, an idle one is closed after its grace, and a screen still gets in when
anonymous connections are at their cap. Under eventlet and under threading."""

import http.client
import json
import time

import pytest
import socketio
import websocket

from tests.support.centre import provision_demo
from tests.support.server import LiveServer

pytestmark = pytest.mark.live

GRACE_S = 3
PER_ADDRESS = 4
ANONYMOUS_CAP = 5  # SOCKET_ANONYMOUS_SHARE × MAX_CONNECTIONS


@pytest.fixture(scope="module", params=["eventlet", "threading"])
def server(request, tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("idle"))
    live = LiveServer(centre.instance, async_mode=request.param, env={
        "QMS_SOCKET_JOIN_GRACE_S": str(GRACE_S), "QMS_SOCKET_MAX_PER_ADDRESS": str(PER_ADDRESS),
        "QMS_MAX_CONNECTIONS": "100", "QMS_SOCKET_ANONYMOUS_SHARE": "0.05"}).start()
    live.centre = centre
    yield live
    live.stop()


def handshake(server, address: str) -> tuple[int, dict]:
    """Open an Engine.IO polling session from ``address``; return the status and the body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10,
                                            source_address=(address, 0))
    try:
        connection.request("GET", "/socket.io/?EIO=4&transport=polling")
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    return response.status, json.loads(body.lstrip("0")) if body else {}


def session_alive(server, sid: str) -> bool:
    """Tell whether the polling session ``sid`` still exists (an unknown one is a 400)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("POST", f"/socket.io/?EIO=4&transport=polling&sid={sid}", body="3")
        response = connection.getresponse()
        response.read()
        return response.status == 200
    finally:
        connection.close()


def test_connections_beyond_the_per_address_cap_are_refused(server):
    opened = [handshake(server, "127.0.0.2") for _ in range(PER_ADDRESS)]
    assert all(status == 200 for status, _ in opened)
    status, refusal = handshake(server, "127.0.0.2")
    assert status == 401 and refusal["code"] == "too_many_connections"
    assert "Quá nhiều" in refusal["message"] and refusal["message_en"]
    assert handshake(server, "127.0.0.3")[0] == 200  # another address is not affected


def test_an_idle_socket_answering_pings_is_closed_after_the_grace(server):
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4"
                                     "&transport=websocket", timeout=GRACE_S + 10)
    assert ws.recv().startswith("0{")
    opened = time.monotonic()
    closed_after = None
    while time.monotonic() - opened < GRACE_S + 10:
        try:
            message = ws.recv()
        except (websocket.WebSocketException, ConnectionError, OSError):
            message = None
        if not message:
            closed_after = time.monotonic() - opened
            break
        if message == "2":
            ws.send("3")
    ws.shutdown()
    assert closed_after is not None and GRACE_S - 1 <= closed_after <= GRACE_S + 3
    # Its slot is free again: the address opens up to its cap once more.
    assert all(handshake(server, "127.0.0.4")[0] == 200 for _ in range(PER_ADDRESS))


def test_a_display_connects_when_anonymous_connections_are_at_their_cap(server):
    time.sleep(GRACE_S + 1.5)  # the earlier tests' anonymous connections are gone
    sids = [handshake(server, f"127.0.1.{n}")[1]["sid"] for n in range(ANONYMOUS_CAP)]
    assert all(session_alive(server, sid) for sid in sids)
    snapshots = []
    tv = socketio.Client(reconnection=False)
    tv.on("snapshot", snapshots.append, namespace="/display")
    tv.connect(server.url, namespaces=["/display"], transports=["websocket"],
               auth={"token": server.centre.tokens["display"]}, wait_timeout=10)
    try:
        deadline = time.monotonic() + 5
        while not snapshots and time.monotonic() < deadline:
            time.sleep(0.05)
        assert snapshots, "the display got no snapshot"
        assert not session_alive(server, sids[0])  # the oldest anonymous one made room
        time.sleep(GRACE_S + 1.5)
        assert tv.connected  # a display that joined is never closed as idle
    finally:
        tv.disconnect()

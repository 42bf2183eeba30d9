"""Revoking a device or a login closes the sockets it already opened, within a second; a
revoked display's heartbeat is refused and does not stamp its last-seen time."""

import subprocess
import sys

import pytest
import socketio
from sqlalchemy import select

from server.models import Device, User
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.server import ROOT, LiveServer
from tests.support.staff import StaffBrowser
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live


class Socket:
    """A Socket.IO client that does not reconnect, recording ``ticket_called``."""

    def __init__(self, url: str, namespace: str, token: str | None = None,
                 cookie: str | None = None):
        self.calls = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("ticket_called", self.calls.append, namespace=namespace)
        self.client.connect(url, namespaces=[namespace], transports=["websocket"],
                            auth={"token": token} if token else None,
                            headers={"Cookie": cookie} if cookie else None, wait_timeout=10)

    def closed_by_server(self) -> bool:
        wait_until(lambda: not self.client.connected, timeout=5)
        return True


def row_id(centre, column, value) -> int:
    """Return the id of the row whose ``column`` (e.g. ``Device.name``) holds ``value``."""
    app = centre.app()
    with unit_of_work(app) as session:
        found = session.scalar(select(column.class_.id).where(column == value))
    app.extensions["qms_engine"].dispose()
    return found


def device_id(centre, name: str) -> int:
    return row_id(centre, Device.name, name)


def user_id(centre, username: str) -> int:
    return row_id(centre, User.username, username)


@pytest.mark.slow
def test_qms_device_revoke_closes_the_displays_open_socket(live_server, centre, api,
                                                            clerk_tokens):
    token = centre.add_device("display", "TV bị thu hồi")
    tv = Socket(live_server.url, "/display", token)
    revoke = subprocess.run(
        [sys.executable, "-m", "server.cli", "device", "revoke",
         str(device_id(centre, "TV bị thu hồi"))],
        cwd=ROOT, env=live_server.environment(), capture_output=True, text=True, timeout=60)
    assert revoke.returncode == 0, revoke.stderr
    assert tv.closed_by_server()
    api.issue(centre.tokens["kiosk"], "DD")
    api.counter(clerk_tokens[1], 1, "open")
    assert api.counter(clerk_tokens[1], 1, "call-next").status_code == 200
    assert tv.calls == []


def test_admin_deactivation_closes_a_staff_token_socket(live_server, centre, api):
    token = api.staff_token("quay5", centre.password)
    console = Socket(live_server.url, "/staff", token)
    admin = StaffBrowser(live_server.url, "admin", centre.password)
    assert admin.post(f"/admin/users/{user_id(centre, 'quay5')}/deactivate",
                      {}).status_code == 302
    assert console.closed_by_server()


def test_logout_closes_the_sockets_of_that_login(live_server, centre):
    clerk = StaffBrowser(live_server.url, "quay6", centre.password)
    cookie = f"session={clerk.http.cookies.get('session')}"
    console = Socket(live_server.url, "/staff", cookie=cookie)
    tv_page = Socket(live_server.url, "/display", cookie=cookie)
    clerk.post("/logout", {})
    assert console.closed_by_server() and tv_page.closed_by_server()


def test_a_password_reset_closes_the_users_sockets(live_server, centre, api):
    console = Socket(live_server.url, "/staff", api.staff_token("quay7", centre.password))
    admin = StaffBrowser(live_server.url, "admin", centre.password)
    admin.post(f"/admin/users/{user_id(centre, 'quay7')}/password",
               {"password": "mat-khau-moi-2026"})
    assert console.closed_by_server()


def test_sockets_of_valid_logins_stay_open(live_server, centre, api):
    console = Socket(live_server.url, "/staff", api.staff_token("quay8", centre.password))
    tv = Socket(live_server.url, "/display", centre.tokens["display"])
    admin = StaffBrowser(live_server.url, "admin", centre.password)
    other = centre.add_device("display", "TV khác")
    admin.post(f"/admin/devices/{device_id(centre, 'TV khác')}/revoke", {})
    assert other  # revoking another device must not touch these two
    probe = Socket(live_server.url, "/display", centre.tokens["display"])
    assert probe.client.call("heartbeat", {}, namespace="/display", timeout=5)["ok"]
    assert console.client.connected and tv.client.connected


@pytest.fixture
def slow_checks(tmp_path):
    """A server whose revocation loop is too slow to matter, to test the heartbeat alone."""
    centre = provision_demo(tmp_path)
    server = LiveServer(centre.instance, env={"QMS_REVOCATION_CHECK_S": "3600"}).start()
    yield centre, server
    server.stop()


def test_a_revoked_displays_heartbeat_is_refused_and_not_stamped(slow_checks):
    centre, server = slow_checks
    tv = Socket(server.url, "/display", centre.tokens["display"])
    assert tv.client.call("heartbeat", {}, namespace="/display", timeout=5)["ok"]
    tv_id = device_id(centre, "Màn hình phòng chờ")
    app = centre.app()
    with unit_of_work(app) as session:
        device = session.get(Device, tv_id)
        device.revoked_at, device.last_seen_at = device.last_seen_at, None
    reply = tv.client.call("heartbeat", {}, namespace="/display", timeout=5)
    assert reply["error"]["code"] == "device_revoked"
    with unit_of_work(app) as session:
        assert session.get(Device, tv_id).last_seen_at is None
    app.extensions["qms_engine"].dispose()
    assert Api(server.url).call("GET", "/healthz").status_code == 200

"""A staff socket opened with a bearer token closes when the token expires; a device socket
closes when the device moves to another site, so it reconnects into its new site's rooms."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server import revocation
from server.extensions import socketio
from server.models import Device, Site, utcnow
from server.storage import unit_of_work
from tests.support.centre import provision_demo


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    return provision_demo(tmp_path_factory.mktemp("expiry"))


def _staff_token(app, centre) -> str:
    answer = app.test_client().post("/api/v1/auth/token",
                                    json={"username": "quay1", "password": centre.password})
    return answer.json["token"]


def _connect(app, namespace: str, auth: dict):
    """Connect a test client; return it and the one holder its connect added."""
    before = set(revocation._holders)
    client = socketio.test_client(app, namespace=namespace, auth=auth)
    assert client.is_connected(namespace)
    (key,) = set(revocation._holders) - before
    return client, key, revocation._holders[key]


def test_a_staff_socket_is_closed_when_its_token_expires(centre):
    app = centre.app(TOKEN_MAX_AGE_S=3600)
    client, key, holder = _connect(app, "/staff", {"token": _staff_token(app, centre)})
    remaining = holder.expires_at - utcnow()
    assert timedelta(minutes=59) < remaining <= timedelta(hours=1)
    with unit_of_work(app) as session:
        assert revocation.revoked(session, {key: holder}) == []
        expired = revocation.Holder(**{**holder.__dict__,
                                       "expires_at": utcnow() - timedelta(seconds=1)})
        assert revocation.revoked(session, {key: expired}) == [key]
    client.disconnect("/staff")


def test_a_display_moved_to_another_site_is_disconnected(centre):
    app = centre.app()
    client, key, holder = _connect(app, "/display", {"token": centre.tokens["display"]})
    with unit_of_work(app) as session:
        assert revocation.revoked(session, {key: holder}) == []
        device = session.get(Device, holder.device_id)
        other = session.scalars(select(Site).where(Site.id != device.site_id)).first()
        device.site_id = other.id
    assert revocation.disconnect_revoked(app) >= 1
    assert key not in revocation._holders
    assert not client.is_connected("/display")

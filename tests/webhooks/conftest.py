"""Fixtures of the webhook suites: the engine's site, an endpoint, an app for the sender."""

from types import SimpleNamespace

import pytest

from server.config import DEFAULTS
from server.db import make_session_factory
from server.engine.webhook_events import EVENT_KINDS
from server.models import WebhookEndpoint
from tests.support.engine import session, site  # noqa: F401  (fixtures)


@pytest.fixture
def endpoint(session, site):  # noqa: F811
    """An active endpoint of the site that wants every kind of event."""
    row = WebhookEndpoint(site_id=site.id, name="Một cửa tỉnh", url="http://127.0.0.1:9/hook",
                          secret="s3cret", kinds=list(EVENT_KINDS), include_personal=[])
    session.add(row)
    session.commit()
    return row


@pytest.fixture
def sender_app(session):  # noqa: F811
    """What the sender needs of an app: its configuration and its sessions."""
    config = dict(DEFAULTS) | {"WEBHOOK_TIMEOUT_S": 1.0}
    return SimpleNamespace(config=config, extensions={
        "qms_sessions": make_session_factory(session.get_bind())})

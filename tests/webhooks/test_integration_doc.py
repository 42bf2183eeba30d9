"""docs/integration.md's webhook example: the delivery shown is genuine, and the receiver's
Python check, copied from the page, accepts it and real deliveries, refuses a forgery and
recognises a repeat."""

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from server import webhooks
from server.engine import issue_ticket
from server.models import WebhookDelivery

pytestmark = []  # the fast tier: in process, SQLite
DOC = Path(__file__).resolve().parents[2] / "docs" / "integration.md"


def webhook_blocks() -> dict:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## 4. Events"):text.index("## OpenAPI")]
    return {kind: body for kind, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S)
            if kind in ("http", "python")}


@pytest.fixture(scope="module")
def verify():
    scope: dict = {}
    exec(compile(webhook_blocks()["python"], str(DOC), "exec"), scope)  # as copied
    return scope["verify"]


def shown_delivery() -> tuple[dict, bytes]:
    head, _, body = webhook_blocks()["http"].partition("\n\n")
    headers = dict(line.split(": ", 1) for line in head.splitlines()[1:])
    return headers, body.strip("\n").encode()


def test_the_delivery_shown_is_genuine_and_passes_the_check(verify):
    headers, body = shown_delivery()
    seen: set = set()
    event = verify("example-secret", body, headers["X-QMS-Signature"], seen)
    assert list(event) == ["id", "event", "occurred_at", "site", "data"]
    assert event["id"] == headers["Idempotency-Key"] == headers["X-QMS-Event-Id"]
    assert event["event"] == headers["X-QMS-Event"] == "dossier.linked"
    # The sender makes the very same bytes and signature from that event.
    request = webhooks.request_for("https://x/", "example-secret", event, 0)
    assert request.data == body
    assert dict(request.header_items())["X-qms-signature"] == headers["X-QMS-Signature"]
    assert verify("example-secret", body, headers["X-QMS-Signature"], seen) is None  # repeat


def test_the_check_refuses_a_forgery_or_another_secret(verify):
    headers, body = shown_delivery()
    with pytest.raises(ValueError):
        verify("example-secret", body.replace(b"3007", b"3008"), headers["X-QMS-Signature"],
               set())
    with pytest.raises(ValueError):
        verify("another-secret", body, headers["X-QMS-Signature"], set())


def test_the_check_accepts_what_the_sender_really_posts(verify, session, site, endpoint):
    ticket = issue_ticket(session, site, "DD").ticket
    session.commit()
    delivery = session.scalar(select(WebhookDelivery))
    request = webhooks.request_for(endpoint.url, endpoint.secret, delivery.payload, 1)
    event = verify("s3cret", request.data, dict(request.header_items())["X-qms-signature"],
                   set())
    assert (event["event"], event["data"]["ticket_id"]) == ("ticket.issued", ticket.id)
    assert json.loads(request.data) == delivery.payload

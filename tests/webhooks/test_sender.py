"""The sender: signed posts, order per key when the first attempt fails, each event once."""

import hashlib
import hmac
import json
from datetime import timedelta

from sqlalchemy import select

from server import engine, webhooks
from server.engine import Actor, issue_ticket
from server.models import WebhookDelivery, utcnow
from server.models.webhook import DELIVERED
from tests.support.engine import counter

CLERK = Actor(user_id=1)


def test_the_body_is_the_envelope_exactly_and_the_signature_covers_it():
    envelope = {"id": "e1", "event": "ticket.issued", "occurred_at": "2026-12-07T01:00:00+00:00",
                "site": "S1", "data": {"number": "1001"}}
    request = webhooks.request_for("http://127.0.0.1/hook", "s3cret", envelope, 1_765_000_000)
    headers = {name.lower(): value for name, value in request.header_items()}
    expected = hmac.new(b"s3cret", request.data, hashlib.sha256).hexdigest()
    assert headers["x-qms-signature"] == f"sha256={expected}"
    assert headers["x-qms-event-id"] == headers["idempotency-key"] == "e1"
    assert int(headers["x-qms-timestamp"]) == 1_765_000_000
    assert list(json.loads(request.data)) == ["id", "event", "occurred_at", "site", "data"]
    assert json.loads(request.data) == envelope
    # Every attempt sends the same bytes: one signature per event, whenever it goes.
    later = webhooks.request_for("http://127.0.0.1/hook", "s3cret", envelope, 1_765_000_900)
    assert later.data == request.data
    tampered = request.data.replace(b"1001", b"1002")
    assert hmac.new(b"s3cret", tampered, hashlib.sha256).hexdigest() != expected


def test_events_of_a_ticket_arrive_in_order_after_a_failed_first_attempt(
        session, site, endpoint, sender_app, monkeypatch):
    ticket = issue_ticket(session, site, "DD").ticket
    desk = counter(session, site, 1)
    engine.call_next(session, desk, CLERK)
    engine.finish(session, desk, CLERK)
    session.commit()
    received, attempts = [], []

    def fake_post(request, timeout_s):
        body = json.loads(request.data)
        attempts.append(body["event"])
        if len(attempts) == 1:
            return "HTTP 503"
        received.append((body["data"]["ticket_id"], body["event"], body["id"]))
        return None

    monkeypatch.setattr(webhooks, "post", fake_post)
    assert webhooks.deliver_due(sender_app) == 0  # the endpoint failed: nothing else tried
    assert attempts == ["ticket.issued"]
    assert webhooks.deliver_due(sender_app, now=utcnow() + timedelta(minutes=5)) == 3
    assert [event for _, event, _ in received] == ["ticket.issued", "ticket.called",
                                                   "ticket.served"]
    assert {ticket_id for ticket_id, _, _ in received} == {ticket.id}
    assert len({event_id for _, _, event_id in received}) == 3
    session.expire_all()
    rows = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    assert [(row.status, row.attempts) for row in rows] == [
        (DELIVERED, 2), (DELIVERED, 1), (DELIVERED, 1)]
    session.rollback()  # hand SQLite's one connection back to the sender
    assert webhooks.deliver_due(sender_app, now=utcnow() + timedelta(hours=1)) == 0

"""The webhook outbox: events recorded with the change that caused them, claimed for sending
in order per key, retried with a doubling pause, given up after some days, replayed on demand.

``record_event`` only inserts rows in the caller's transaction: a rollback takes the event
with it, and no request ever waits on an endpoint. The sender is ``server/webhooks.py``.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from ..models import Site, WebhookDelivery, WebhookEndpoint, utcnow
from ..models.webhook import DEAD, DELIVERED, PENDING


def record_event(session: Session, site_id: int, kind: str, key: str, payload: dict,
                 personal: dict | None = None, now: datetime | None = None) -> int:
    """Queue ``kind`` for every active endpoint of the site that wants it; return how many.

    ``personal`` holds the fields that name a person; each goes only to an endpoint whose
    ``include_personal`` lists it.
    """
    endpoints = [endpoint for endpoint in session.scalars(select(WebhookEndpoint).where(
        WebhookEndpoint.active.is_(True),
        or_(WebhookEndpoint.site_id == site_id, WebhookEndpoint.site_id.is_(None))))
        if kind in (endpoint.kinds or [])]
    if not endpoints:
        return 0
    queued = utcnow()  # ``now`` may be a past time the one-stop software reports
    now = now or queued
    event_id = str(uuid.uuid4())
    site_code = session.get(Site, site_id).code
    for endpoint in endpoints:
        allowed = set(endpoint.include_personal or [])
        data = payload | {name: value for name, value in (personal or {}).items()
                          if name in allowed}
        session.add(WebhookDelivery(
            endpoint_id=endpoint.id, event_id=event_id, site_id=site_id, kind=kind, key=key,
            payload={"id": event_id, "event": kind, "occurred_at": now.isoformat(),
                     "site": site_code, "data": data},
            occurred_at=now, queued_at=queued, status=PENDING, attempts=0,
            next_attempt_at=queued, last_error=""))
    return len(endpoints)


def claim_due(session: Session, now: datetime, lease_s: float,
              limit: int = 50) -> list[WebhookDelivery]:
    """Take the deliveries due now whose key has no earlier undelivered event; each is
    leased for ``lease_s`` (no other process takes it) and counted as one more attempt."""
    earlier = aliased(WebhookDelivery)
    waits_for_earlier = select(earlier.id).where(
        earlier.endpoint_id == WebhookDelivery.endpoint_id, earlier.key == WebhookDelivery.key,
        earlier.id < WebhookDelivery.id, earlier.status == PENDING).exists()
    due = session.scalars(
        select(WebhookDelivery).join(WebhookEndpoint)
        .where(WebhookEndpoint.active.is_(True), WebhookDelivery.status == PENDING,
               WebhookDelivery.next_attempt_at <= now, ~waits_for_earlier)
        .order_by(WebhookDelivery.id).limit(limit)
        .with_for_update(skip_locked=True, of=WebhookDelivery)).all()
    for delivery in due:
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + timedelta(seconds=lease_s)
    return list(due)


@dataclass(frozen=True)
class RetryPolicy:
    """The first pause before a retry, doubling each attempt up to ``cap_s``; given up
    ``give_up_days`` after the event was queued."""

    first_s: float = 30.0
    cap_s: float = 3600.0
    give_up_days: float = 3.0

    def pause(self, attempts: int) -> timedelta:
        """Return the pause after the ``attempts``-th failed attempt."""
        return timedelta(seconds=min(self.cap_s, self.first_s * 2 ** max(attempts - 1, 0)))


def record_outcome(delivery: WebhookDelivery, error: str | None, now: datetime,
                   policy: RetryPolicy) -> None:
    """Mark a delivery done, or schedule its retry, or give it up when it is too old."""
    if error is None:
        delivery.status, delivery.delivered_at, delivery.last_error = DELIVERED, now, ""
        return
    delivery.last_error = error[:500]
    if now - delivery.queued_at >= timedelta(days=policy.give_up_days):
        delivery.status = DEAD
    else:
        delivery.next_attempt_at = now + policy.pause(delivery.attempts)


def put_back(delivery: WebhookDelivery, until: datetime) -> None:
    """Return an unsent claimed delivery (its endpoint just failed): no attempt counted."""
    delivery.attempts -= 1
    delivery.next_attempt_at = until


def replay(session: Session, endpoint: WebhookEndpoint, since: datetime,
           now: datetime | None = None) -> int:
    """Queue again, to be sent now, the endpoint's given-up and failing events since
    ``since``; return how many."""
    now = now or utcnow()
    failing = or_(WebhookDelivery.status == DEAD,
                  (WebhookDelivery.status == PENDING) & (WebhookDelivery.last_error != ""))
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id,
               WebhookDelivery.occurred_at >= since, failing)
        .values(status=PENDING, attempts=0, next_attempt_at=now, queued_at=now)
        .execution_options(synchronize_session="fetch"))
    return result.rowcount


def forget_sent(session: Session, before: datetime) -> int:
    """Delete the delivered and given-up events that occurred before ``before`` (with any
    personal field an endpoint was allowed); return how many."""
    return session.execute(
        delete(WebhookDelivery).where(WebhookDelivery.status.in_((DELIVERED, DEAD)),
                                      WebhookDelivery.occurred_at < before)
        .execution_options(synchronize_session=False)).rowcount


@dataclass(frozen=True)
class Backlog:
    """What an endpoint still owes and how it last failed."""

    pending: int = 0
    oldest: datetime | None = None
    dead: int = 0
    delivered: int = 0
    last_error: str = ""
    last_error_at: datetime | None = None
    last_error_attempts: int = 0


def backlogs(session: Session, endpoint_ids: list[int]) -> dict[int, Backlog]:
    """Return each endpoint's backlog: pending count and oldest, dead, delivered, last error."""
    counts: dict[int, dict] = {endpoint_id: {} for endpoint_id in endpoint_ids}
    rows = session.execute(
        select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count(),
               func.min(WebhookDelivery.occurred_at))
        .where(WebhookDelivery.endpoint_id.in_(endpoint_ids))
        .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.status))
    for endpoint_id, status, count, oldest in rows:
        counts[endpoint_id][status] = count
        if status == PENDING:
            counts[endpoint_id]["oldest"] = oldest
    result = {}
    for endpoint_id, found in counts.items():
        failed = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id,
                                          WebhookDelivery.last_error != "")
            .order_by(WebhookDelivery.last_attempt_at.desc()).limit(1)).first()
        result[endpoint_id] = Backlog(
            pending=found.get(PENDING, 0), oldest=found.get("oldest"),
            dead=found.get(DEAD, 0), delivered=found.get(DELIVERED, 0),
            last_error=failed.last_error if failed else "",
            last_error_at=failed.last_attempt_at if failed else None,
            last_error_attempts=failed.attempts if failed else 0)
    return result

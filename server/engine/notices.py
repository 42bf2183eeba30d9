"""Messages to citizens' phones: which tickets are due a "your turn is near", and its text.

A message is recorded once per ticket and event (a unique pair in the database) before
anything is sent, so retries and several processes never send it twice.
"""

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import Notification, Site, Ticket, utcnow
from ..models.ticket import WAITING
from .days import service_day
from .forecast import waiting_positions

TURN_NEAR = "turn_near"
DEFAULT_TEMPLATE = ("{site}: so {number} ({service}) sap den luot, con {ahead} nguoi "
                    "truoc quy khach. Vui long co mat tai khu vuc cho.")
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def plain(text: str) -> str:
    """Drop Vietnamese diacritics for a plain SMS: "Đất đai" → "Dat dai"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def turn_near_text(ticket: Ticket, ahead: int, template: str | None, plain_sms: bool) -> str:
    """Write the "your turn is near" message for ``ticket`` with ``ahead`` people before it."""
    fields = {"site": ticket.site.name, "number": ticket.number,
              "service": ticket.service.name, "ahead": ahead}
    try:
        text = (template or DEFAULT_TEMPLATE).format(**fields)
    except (KeyError, IndexError, ValueError):  # a centre's template with a wrong placeholder
        text = DEFAULT_TEMPLATE.format(**fields)
    return (plain(text) if plain_sms else text)[:500]


def queue_turn_near(session: Session, site: Site, ahead_limit: int, *, template: str | None,
                    plain_sms: bool, now: datetime | None = None) -> int:
    """Record a message for each waiting ticket with a phone and at most ``ahead_limit``
    people ahead; return how many were new."""
    now = now or utcnow()
    day = service_day(now, site.rollover_at)
    already = select(Notification.ticket_id).where(Notification.event == TURN_NEAR)
    tickets = session.scalars(select(Ticket).where(
        Ticket.site_id == site.id, Ticket.service_day == day,
        Ticket.status == WAITING, Ticket.phone.is_not(None), Ticket.id.not_in(already)))
    added = 0
    dialect = session.get_bind().dialect.name
    due = tickets.all()
    positions = waiting_positions(session, site, day, now) if due else {}
    for ticket in due:
        ahead = positions.get(ticket.id, 0)
        if ahead > ahead_limit:
            continue
        statement = _INSERT[dialect](Notification).values(
            ticket_id=ticket.id, event=TURN_NEAR, phone=ticket.phone,
            text=turn_near_text(ticket, ahead, template, plain_sms), status="pending",
            attempts=0, next_attempt_at=now, last_error="", created_at=now,
        ).on_conflict_do_nothing()
        added += session.execute(statement).rowcount
    return added


def claim_due(session: Session, now: datetime, lease_s: float) -> list[Notification]:
    """Take the messages due for sending; each is leased for ``lease_s`` so no other
    process sends it meanwhile, and counted as one more attempt."""
    due = session.scalars(select(Notification).where(
        Notification.status == "pending", Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at).limit(50)
        .with_for_update(skip_locked=True)).all()
    for notification in due:
        notification.attempts += 1
        notification.next_attempt_at = now + timedelta(seconds=lease_s)
    return list(due)


def record_outcome(notification: Notification, error: str | None, now: datetime, *,
                   max_attempts: int, retry_base_s: float) -> None:
    """Mark a message sent, or schedule its retry with a doubling pause, or give it up."""
    if error is None:
        notification.status, notification.sent_at, notification.last_error = "sent", now, ""
        return
    notification.last_error = error[:300]
    if notification.attempts >= max_attempts:
        notification.status = "failed"
        return
    pause = min(retry_base_s * 2 ** (notification.attempts - 1), 600)
    notification.next_attempt_at = now + timedelta(seconds=pause)

"""Closing a service day: tickets still waiting from an earlier day expire, history stays."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Counter, Site, Ticket, utcnow
from ..models.ticket import ACTIVE_AT_COUNTER, EXPIRED, WAITING
from .days import VIETNAM, service_day
from .log import SYSTEM, log_event
from .rollups import record_closed


def rollover(session: Session, site: Site, now: datetime | None = None, tz=VIETNAM) -> int:
    """Expire the site's unfinished tickets from earlier service days; return how many."""
    now = now or utcnow()
    today = service_day(now, site.rollover_at, tz)
    stale = session.scalars(
        select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day < today,
                             Ticket.status.in_((WAITING, *ACTIVE_AT_COUNTER)))
    ).all()
    for ticket in stale:
        ticket.status = EXPIRED
        ticket.finished_at = ticket.finished_at or now
        log_event(session, ticket, "expired", SYSTEM, now, service_day=today.isoformat())
    record_closed(session, stale, now)
    stale_ids = {ticket.id for ticket in stale}
    for counter in session.scalars(select(Counter).where(Counter.site_id == site.id)):
        if counter.current_ticket_id in stale_ids:
            counter.current_ticket_id = None
            counter.current_ticket = None
    return len(stale)

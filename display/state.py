"""The full state a display takes on every (re)connect: the site snapshot plus what a TV needs."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.days import service_day
from server.models import Device, Site, Ticket, utcnow
from server.payloads import DisplaySnapshot, RecentCall

from .settings import display_settings

RECENT_CALLS = 10


def display_state(session: Session, site: Site, device: Device | None) -> dict:
    """Return the site snapshot with the recent calls, this display's settings and the time."""
    return DisplaySnapshot.of(session, site, recent_calls=recent_calls(session, site),
                              display=display_settings(device), server_time=utcnow()).dump()


def recent_calls(session: Session, site: Site, limit: int = RECENT_CALLS) -> list[RecentCall]:
    """Return the day's latest calls, newest first, shaped like ``ticket_called`` payloads."""
    day = service_day(utcnow(), site.rollover_at)
    tickets = session.scalars(
        select(Ticket)
        .where(Ticket.site_id == site.id, Ticket.service_day == day,
               Ticket.called_at.is_not(None), Ticket.counter_id.is_not(None))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    return [RecentCall.of(ticket) for ticket in tickets]


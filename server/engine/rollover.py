"""Closing a service day: tickets still waiting from an earlier day expire, history stays."""

from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..models import Appointment, Counter, Site, Ticket, utcnow
from ..models.appointment import BOOKED_CONDITION
from ..models.ticket import ACTIVE_AT_COUNTER, EXPIRED, OPEN_CONDITION, WAITING
from .citizens import purge_citizens
from .days import VIETNAM, service_day
from .log import SYSTEM, log_event
from .rollups import record_closed


def sites_due(session: Session, now: datetime | None = None, tz=VIETNAM) -> list[int]:
    """Return the ids of sites with tickets open from an earlier day or bookings past
    their check-in window: the only sites a rollover check has anything to do at."""
    now = now or utcnow()
    sites = session.execute(select(Site.id, Site.rollover_at, Site.appointment_late_min)).all()
    if not sites:
        return []
    today = {site.id: service_day(now, site.rollover_at, tz) for site in sites}
    oldest_open = {}
    # Not grouped in SQL: SQLite would then scan every ticket of every day through the
    # queue index rather than the few open ones of earlier days through the partial index.
    for site_id, day in session.execute(
            select(Ticket.site_id, Ticket.service_day)
            .where(text(OPEN_CONDITION), Ticket.service_day < max(today.values()))):
        oldest_open[site_id] = min(day, oldest_open.get(site_id, day))
    shortest_wait = timedelta(minutes=min(site.appointment_late_min for site in sites))
    earliest_booked = dict(session.execute(
        select(Appointment.site_id, func.min(Appointment.start))
        .where(text(BOOKED_CONDITION), Appointment.start < now - shortest_wait)
        .group_by(Appointment.site_id)).all())
    return [site.id for site in sites
            if oldest_open.get(site.id, today[site.id]) < today[site.id]
            or earliest_booked.get(site.id, now)
            < now - timedelta(minutes=site.appointment_late_min)]


def rollover(session: Session, site: Site, now: datetime | None = None, tz=VIETNAM) -> int:
    """Expire the site's unfinished tickets from earlier service days; return how many.

    Two processes may check the same site at once: the site's row is locked first, so the
    second one waits for the first to commit and then finds nothing left to expire.
    """
    now = now or utcnow()
    # NO KEY UPDATE on PostgreSQL: tickets being issued meanwhile (their foreign key takes a
    # KEY SHARE lock on the site) are not held up. SQLite's BEGIN IMMEDIATE already serialises.
    session.execute(select(Site.id).where(Site.id == site.id).with_for_update(key_share=True))
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
    purge_citizens(session, now)  # what a card said is kept until the rollover at most
    stale_ids = {ticket.id for ticket in stale}
    for counter in session.scalars(select(Counter).where(Counter.site_id == site.id)):
        if counter.current_ticket_id in stale_ids:
            counter.current_ticket_id = None
            counter.current_ticket = None
    return len(stale)

"""The site as a whole: its services, waiting counts, counters and notice."""

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..engine.calendar import calendar_for
from ..engine.days import VIETNAM, is_open, next_opening, service_day
from ..engine.snapshot import waiting_counts
from ..models import Service, Site, Ticket, utcnow
from ..models.ticket import WAITING
from .tickets import counter_view


def queue_counts(session: Session, site: Site, day: date | None = None) -> dict:
    """Build the ``queue_changed`` payload: every service of the site and how many wait."""
    day = day or service_day(utcnow(), site.rollover_at)
    waiting = (Ticket.service_id == Service.id) & (Ticket.service_day == day) & (
        Ticket.status == WAITING)
    rows = session.execute(
        select(Service.code, func.count(Ticket.id))
        .select_from(Service).outerjoin(Ticket, waiting)
        .where(Service.site_id == site.id)
        .group_by(Service.id, Service.code).order_by(Service.sort_order, Service.id)
    )
    return {"site": site.code, "services": dict(rows.all())}


def site_snapshot(session: Session, site: Site, now: datetime | None = None,
                  tz=VIETNAM) -> dict:
    """Describe the site right now: services with waiting counts, counters and whom they serve.

    This is the full state a screen takes on every (re)connect.
    """
    day = service_day(now or utcnow(), site.rollover_at, tz)
    counts = waiting_counts(session, site, day)
    services = [
        {"code": s.code, "name": s.name, "name_en": s.name_en, "waiting": counts.get(s.id, 0),
         "active": s.active}
        for s in site.services
    ]
    counters = [counter_view(c) for c in site.counters]
    return {"site": {"code": site.code, "name": site.name, "notice": site.notice,
                     "citizen": site.citizen_words,
                     "booking_qr": f"/booking/qr.svg?site={site.code}"
                     if site.takes_bookings else None},
            "service_day": day.isoformat(), "services": services, "counters": counters}


def services_listing(session: Session, site: Site) -> dict:
    """List the site's active services with live waiting counts and opening state."""
    now = utcnow()
    counts = waiting_counts(session, site, service_day(now, site.rollover_at))
    calendar = calendar_for(session, site)
    # A service with opening hours keeps them on working days only; one without is always open.
    closure = calendar.closure(now.astimezone(VIETNAM).date())
    services = []
    for service in site.services:
        if not service.active:
            continue
        opens = next_opening(service.opening_hours, now, working_day=calendar.is_working_day)
        hours = service.opening_hours
        services.append({
            "code": service.code,
            "name": service.name,
            "name_en": service.name_en,
            "waiting": counts.get(service.id, 0),
            "priority_allowed": service.priority_allowed,
            "open": is_open(hours, now) and not (closure and hours),
            "opens_at": opens.astimezone(VIETNAM).isoformat() if opens else None,
            "opening_hours": service.opening_hours,
            "bookable": service.slot_minutes > 0,
        })
    return {"site": {"code": site.code, "name": site.name}, "services": services,
            "day_off": {"reason": closure.reason, "reason_en": closure.reason_en}
            if closure else None}


def notice_payload(site: Site) -> dict:
    """Build the ``notice_changed`` payload: the site's notice for its TVs."""
    return {"site": site.code, "notice": site.notice}

"""A past day of a site, read (never written) as the simulator's arrivals and counters."""

from datetime import date, time
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Counter, Service, Site, Ticket
from ..models.ticket import NO_SHOW
from .days import VIETNAM, working_periods
from .simulate import Arrival, Desk, Field


def history_day(session: Session, site: Site, day: date,
                tz=VIETNAM) -> tuple[list[Arrival], list[Desk], list[Field], list[Ticket]]:
    """Return the arrivals, counters and fields of ``site`` on ``day`` and its real tickets.

    A ticket's service time is what it really took at the counter; one never served takes
    the median of its field that day. The counters are those that called that day, serving
    what they serve now, open in the office hours (07:30–11:30, 13:30–17:00; a Saturday the
    site works keeps the same hours).
    """
    tickets = list(session.scalars(
        select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day == day)
        .order_by(Ticket.issued_at, Ticket.id)))
    services = {service.id: service for service in session.scalars(
        select(Service).where(Service.site_id == site.id))}
    taken = {ticket.id: _service_s(ticket) for ticket in tickets}
    typical = _typical_by_field(tickets, taken, services)
    arrivals = [Arrival(
        arrived_at=ticket.issued_at.astimezone(tz).time().replace(microsecond=0),
        service=services[ticket.original_service_id].code, priority=ticket.priority,
        appointment_at=(ticket.appointment_at.astimezone(tz).time()
                        if ticket.appointment_at else None),
        service_s=taken[ticket.id] or typical[services[ticket.original_service_id].code],
        no_show=ticket.status == NO_SHOW) for ticket in tickets]
    desks = office_desks(session, site, day, {t.counter_id for t in tickets if t.counter_id})
    fields = [Field(s.code, s.name, s.prefix, s.number_start, s.number_width,
                    s.default_service_s) for s in services.values()]
    return arrivals, desks, fields, tickets


def office_desks(session: Session, site: Site, day: date,
                 counter_ids: set[int] | None = None) -> list[Desk]:
    """Return the site's counters (or those of ``counter_ids``) open in the office hours."""
    periods = tuple((time(start // 60, start % 60), time(end // 60, end % 60))
                    for start, end in working_periods({}, day, make_up=True))
    counters = session.scalars(select(Counter).where(Counter.site_id == site.id)
                               .order_by(Counter.number))
    return [Desk(counter.number, tuple(s.code for s in counter.services), periods)
            for counter in counters
            if counter.services and (not counter_ids or counter.id in counter_ids)]


def _service_s(ticket: Ticket) -> int | None:
    begun = ticket.started_at or ticket.called_at
    if ticket.finished_at is None or begun is None or ticket.status == NO_SHOW:
        return None
    return max(1, int((ticket.finished_at - begun).total_seconds()))


def _typical_by_field(tickets, taken, services) -> dict[str, int]:
    seconds: dict[str, list[int]] = {}
    for ticket in tickets:
        if taken[ticket.id]:
            seconds.setdefault(services[ticket.original_service_id].code, []).append(
                taken[ticket.id])
    return {service.code: int(median(seconds[service.code])) if service.code in seconds
            else service.default_service_s for service in services.values()}

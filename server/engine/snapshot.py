"""Read-only views of the queue: waiting counts, position, wait estimates."""

import math
import time
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Counter, Service, Site, Ticket, counter_services, utcnow
from ..models.site import COUNTER_OPEN
from ..models.ticket import DONE, WAITING
from .calendar import calendar_for
from .days import service_day
from .estimate import Estimate, Pace, estimate_new, estimate_ticket
from .estimate_inputs import PaceCache, day_desks, field_closes_at, site_pace
from .forecast import Waiting, ahead_counts, callers_for, waiting_positions, waiting_tickets


def waiting_counts(session: Session, site: Site, day: date) -> dict[int, int]:
    """Return ``{service_id: waiting tickets}`` for the site's service day."""
    rows = session.execute(
        select(Ticket.service_id, func.count())
        .where(Ticket.site_id == site.id, Ticket.service_day == day, Ticket.status == WAITING)
        .group_by(Ticket.service_id)
    )
    return dict(rows.all())


def waiting_ahead(session: Session, ticket: Ticket, now: datetime | None = None) -> int:
    """Count the waiting tickets that will be called before ``ticket``, by replaying the call
    policy at the counters that may call it (see forecast)."""
    if ticket.status != WAITING:
        return 0
    positions = waiting_positions(session, ticket.site, ticket.service_day, now or utcnow(),
                                  until=ticket.id)
    return positions.get(ticket.id, 0)


def average_service_s(session: Session, service: Service, window: int = 20) -> float:
    """Average service time of the last ``window`` finished tickets, or the default."""
    started = func.coalesce(Ticket.started_at, Ticket.called_at)
    recent = (
        select(Ticket.finished_at, started.label("started"))
        .where(Ticket.service_id == service.id, Ticket.status == DONE,
               Ticket.finished_at.is_not(None))
        .order_by(Ticket.finished_at.desc())
        .limit(window)
    )
    durations = [
        (finished - begun).total_seconds()
        for finished, begun in session.execute(recent).all()
        if finished and begun
    ]
    if not durations:
        return float(service.default_service_s)
    return sum(durations) / len(durations)


def open_counters_for(session: Session, service: Service) -> int:
    """Count open counters that serve ``service``."""
    return session.scalar(
        select(func.count())
        .select_from(Counter)
        .join(counter_services, counter_services.c.counter_id == Counter.id)
        .where(counter_services.c.service_id == service.id, Counter.status == COUNTER_OPEN)
    ) or 0


class ServicePace:
    """Each service's open counters and average service time, re-read at most every ``ttl_s``.

    Estimates are made at every issue, while both figures move over minutes: a short-lived
    copy is accurate enough and saves two queries per ticket.
    """

    def __init__(self, ttl_s: float = 15.0, window: int = 20):
        self.ttl_s, self.window = ttl_s, window
        self._entries: dict[int, tuple[float, int, float]] = {}
        self._sites = PaceCache()

    def pace_of(self, session: Session, site: Site, now: datetime) -> Pace:
        """Return the site's pace per field and hour (see estimate_inputs.PaceCache)."""
        return self._sites.of(session, site, now)

    def of(self, session: Session, service: Service) -> tuple[int, float]:
        """Return (open counters, average service seconds) for ``service``."""
        now = time.monotonic()
        entry = self._entries.get(service.id)
        if entry is None or entry[0] < now:
            entry = (now + self.ttl_s, open_counters_for(session, service),
                     average_service_s(session, service, self.window))
            self._entries[service.id] = entry
        return entry[1], entry[2]


def estimate_wait_s(session: Session, service: Service, ahead: int, window: int = 20,
                    pace: ServicePace | None = None) -> int:
    """Estimate seconds until a ticket with ``ahead`` tickets before it is called."""
    if ahead == 0:
        return 0
    if pace is not None:
        counters, average = pace.of(session, service)
    else:
        counters = open_counters_for(session, service)
        average = average_service_s(session, service, window)
    return int(math.ceil(ahead / max(counters, 1)) * average)


class Position(tuple):
    """(waiting ahead, estimated seconds) as before, carrying the estimate's range and
    whether the ticket is likely called today; unpacks to its two first figures."""

    def __new__(cls, ahead: int, estimate: Estimate):
        position = super().__new__(cls, (ahead, estimate.wait_s))
        position.range_s = (estimate.low_s, estimate.high_s)
        position.served_today = estimate.served_today
        return position


NOT_WAITING = Estimate(0, 0, 0, True)


def queue_position(session: Session, ticket: Ticket, window: int = 20,
                   pace: ServicePace | None = None, now: datetime | None = None) -> Position:
    """Return how many are ahead of ``ticket`` and the estimated seconds until its call
    (see estimate: the roster, breaks, the call policy and each field's pace of the hour)."""
    if ticket.status != WAITING:
        return Position(0, NOT_WAITING)
    now = now or utcnow()
    site = ticket.site
    tickets = waiting_tickets(session, site.id, ticket.service_day)
    target = next((row for row in tickets if row.id == ticket.id), None)
    if target is None:  # not flushed yet, or taken meanwhile
        return Position(0, NOT_WAITING)
    callers = callers_for(session, site, ticket.service_day, tickets)
    learned = pace.pace_of(session, site, now) if pace else site_pace(session, site, now)
    # Desks copy the callers first: the replay that counts who is ahead moves their counts.
    desks = day_desks(session, site, ticket.service_day, now, callers, learned)
    ahead = ahead_counts(tickets, callers, site, now, until=ticket.id).get(ticket.id, 0)
    return Position(ahead, estimate_ticket(tickets, desks, site, now, learned, target))


def new_ticket_estimates(session: Session, site: Site, services: list[Service],
                         now: datetime | None = None,
                         pace: ServicePace | None = None) -> dict[int, Estimate]:
    """Estimate, for each of ``services``, the wait of a walk-in ticket issued ``now``, and
    whether it is likely called before the field closes today."""
    now = now or utcnow()
    day = service_day(now, site.rollover_at)
    tickets = waiting_tickets(session, site.id, day)
    newcomers = [Waiting(-1 - index, service.id, None, False, None, now, ("service", service.id))
                 for index, service in enumerate(services)]
    callers = callers_for(session, site, day, tickets + newcomers)
    learned = pace.pace_of(session, site, now) if pace else site_pace(session, site, now)
    desks = day_desks(session, site, day, now, callers, learned)
    make_up = calendar_for(session, site).is_make_up_day(day)
    estimates = {}
    for service in services:
        estimate = estimate_new(tickets, desks, site, now, learned, service.id, ranged=False)
        closes = field_closes_at(service, day, make_up)
        if closes is not None and now + timedelta(seconds=estimate.wait_s) >= closes:
            estimate = replace(estimate, served_today=False)
        estimates[service.id] = estimate
    return estimates

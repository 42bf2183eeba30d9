"""What the wait estimator needs from the database: the site's pace and its counters' day."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Counter, RosterEntry, Site, Ticket
from ..models.site import COUNTER_CLOSED
from ..models.ticket import ACTIVE_AT_COUNTER, DONE
from .calendar import calendar_for
from .call_policy import aware, normal_calls_today
from .days import VIETNAM, day_hours, working_periods
from .estimate import Desk, Pace, learn_pace, remaining_s
from .forecast import Caller

HISTORY_WEEKS = 4  # the site's own services of the last weeks teach the pace of each hour

Span = tuple[datetime, datetime]


def history_samples(session: Session, site: Site, now: datetime,
                    weeks: int = HISTORY_WEEKS) -> list[tuple[int, datetime, float]]:
    """Return ``(service_id, started_at, seconds)`` of the site's services of the last weeks."""
    started = func.coalesce(Ticket.started_at, Ticket.called_at)
    rows = session.connection().execute(
        select(Ticket.service_id, started, Ticket.finished_at)
        .where(Ticket.site_id == site.id, Ticket.status == DONE,
               Ticket.finished_at >= now - timedelta(weeks=weeks)))
    return [(service_id, aware(begun), (aware(finished) - aware(begun)).total_seconds())
            for service_id, begun, finished in rows if begun and finished]


class PaceCache:
    """Each site's Pace, re-learned at most every ``ttl_s``: it moves over days, not calls.

    The time to live runs on the estimate's own clock (``now``), not the machine's: a day
    replayed by the simulator in seconds re-learns every five minutes of its day, as the
    centre does, and never keeps the morning's pace all afternoon.
    """

    def __init__(self, ttl_s: float = 300.0, weeks: int = HISTORY_WEEKS):
        self.ttl = timedelta(seconds=ttl_s)
        self.weeks = weeks
        self._entries: dict[int, tuple[datetime, datetime, Pace]] = {}

    def of(self, session: Session, site: Site, now: datetime) -> Pace:
        """Return the site's Pace, learned from its history or taken from the cache."""
        entry = self._entries.get(site.id)
        if entry is None or not entry[0] <= now < entry[1]:
            entry = (now, now + self.ttl, site_pace(session, site, now, self.weeks))
            self._entries[site.id] = entry
        return entry[2]


def site_pace(session: Session, site: Site, now: datetime, weeks: int = HISTORY_WEEKS) -> Pace:
    """Learn the site's pace per field and hour; a new site gets its fields' defaults."""
    defaults = {service.id: float(service.default_service_s) for service in site.services}
    return learn_pace(defaults, history_samples(session, site, now, weeks))


def day_desks(session: Session, site: Site, day: date, now: datetime, callers: list[Caller],
              pace: Pace) -> list[Desk]:
    """Return the counters that will call today, with their working spans and busy time.

    ``callers`` are forecast's (open and paused counters, or stand-ins); closed counters
    rostered later today join them from their shift's start.
    """
    counters = {counter.id: counter for counter in site.counters}
    roster = _roster_spans(session, site, day)
    make_up = calendar_for(session, site).is_make_up_day(day)
    desks = []
    standing_in: set[int] = set()
    for caller in callers:
        counter = counters.get(caller.id)
        # Closed or not, a counter rostered for later today works its own fields from its
        # shift's start (before opening time every counter is closed), as below.
        later = caller.id in roster and roster[caller.id][-1][1] > now
        if not later and (counter is None or counter.status == COUNTER_CLOSED):
            # A field no open counter serves is counted as one counter at work (as the
            # old estimate did), not as every closed counter that could serve it.
            fresh = caller.services - standing_in
            if not fresh:
                continue
            standing_in |= fresh
            caller = Caller(caller.id, frozenset(fresh), caller.normal_calls)
        services = counter.services if counter else [s for s in site.services
                                                     if s.id in caller.services]
        periods = roster.get(caller.id) or _hours_spans(services, day, make_up)
        desks.append(Desk(Caller(caller.id, caller.services, caller.normal_calls), periods,
                          _busy_until(counter, now, pace)))
    chosen = {caller.id for caller in callers}
    for counter_id, spans in roster.items():
        counter = counters.get(counter_id)
        if counter_id in chosen or counter is None or counter.status != COUNTER_CLOSED:
            continue
        if spans[-1][1] > now:
            caller = Caller(counter.id, frozenset(s.id for s in counter.services),
                            normal_calls_today(counter, day))
            desks.append(Desk(caller, spans, now))
    return desks


def _busy_until(counter: Counter | None, now: datetime, pace: Pace) -> datetime:
    current = counter.current_ticket if counter is not None else None
    if current is None or current.status not in ACTIVE_AT_COUNTER:
        return now
    begun = aware(current.started_at or current.called_at or now)
    expected = pace.seconds(current.service_id, begun)
    return now + timedelta(seconds=remaining_s(expected, (now - begun).total_seconds()))


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(0), VIETNAM) + timedelta(minutes=minutes)


def _roster_spans(session: Session, site: Site, day: date) -> dict[int, list[Span]]:
    """Return each rostered counter's working spans of ``day``, lunch break left out."""
    office = working_periods({}, day - timedelta(days=day.weekday()))  # a weekday's hours
    breaks = [(left[1], right[0]) for left, right in zip(office, office[1:], strict=False)]
    spans: dict[int, list[Span]] = {}
    for entry in session.scalars(select(RosterEntry).where(
            RosterEntry.site_id == site.id, RosterEntry.day == day)):
        pieces = [(entry.starts.hour * 60 + entry.starts.minute,
                   entry.ends.hour * 60 + entry.ends.minute)]
        for rest_from, rest_to in breaks:
            pieces = [part for start, end in pieces
                      for part in ((start, min(end, rest_from)), (max(start, rest_to), end))
                      if part[0] < part[1]]
        spans.setdefault(entry.counter_id, []).extend(
            (_at(day, start), _at(day, end)) for start, end in pieces)
    return {counter_id: sorted(found) for counter_id, found in spans.items()}


def _hours_spans(services, day: date, make_up: bool) -> list[Span] | None:
    """Return the union of the services' opening spans of ``day``; None: one is always open."""
    if not services or any(not service.opening_hours for service in services):
        return None
    minutes = sorted((int(start[:2]) * 60 + int(start[3:]), int(end[:2]) * 60 + int(end[3:]))
                     for service in services
                     for start, end in day_hours(service.opening_hours, day, make_up))
    merged: list[list[int]] = []
    for start, end in minutes:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(_at(day, start), _at(day, end)) for start, end in merged]


def field_closes_at(service, day: date, make_up: bool = False) -> datetime | None:
    """Return when ``service`` stops serving on ``day``, its last opening period's end;
    None: it has no hours (always open) or none that day."""
    spans = _hours_spans([service], day, make_up) if service.opening_hours else None
    return spans[-1][1] if spans else None

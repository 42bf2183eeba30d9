"""Wait estimates that know the day: the call policy played forward on a clock.

forecast.replay says in which order the counters will call; this module says *when*. Each
counter ("desk") is free from the moment its current citizen is likely done (their expected
service time less what has already elapsed), works only inside its periods of the day (its
roster, less the lunch break the office hours leave out, or its fields' opening hours), and
takes the head of its lines like its own "call next" would. Each call holds the desk for the
field's service time at that hour of the day, learned from the site's history (see
``Pace``); a counter serving several fields therefore splits its time as the queue makes it.

A ticket still waiting when every desk's last period has ended is called in "overtime" (the
desks carry on past closing) so it still gets a figure, and is flagged as not served today.
The range plays the day twice more with service times shortened and lengthened by the
field's spread, which narrows as more citizens stand ahead (their times average out).

Pure: no database and no clock of its own; ``now`` and everything else come in.
"""

import heapq
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import fmean, pstdev

from .call_policy import call_rank, prefers_priority
from .days import VIETNAM
from .forecast import Caller, Waiting, _Line

# Below this many samples an hour of a field borrows from the field's whole-day mean.
SHRINK_SAMPLES = 5
DEFAULT_SPREAD = 0.5  # coefficient of variation of one service when the site has no history
# Fewer seconds than this left for the citizen at the counter is not believed: they overrun.
MIN_REMAINING_S = 30.0


@dataclass(frozen=True)
class Pace:
    """Expected seconds of one service per field and local hour, learned or defaulted."""

    defaults: dict[int, float]
    by_hour: dict[tuple[int, int], float] = field(default_factory=dict)
    spread: dict[int, float] = field(default_factory=dict)

    def seconds(self, service_id: int, at: datetime) -> float:
        """Return the expected service seconds of ``service_id`` starting at ``at``."""
        hour = at.astimezone(VIETNAM).hour
        found = self.by_hour.get((service_id, hour))
        return found if found is not None else self.defaults.get(service_id, 300.0)

    def spread_of(self, service_id: int) -> float:
        """Return the coefficient of variation of one service of ``service_id``."""
        return self.spread.get(service_id, DEFAULT_SPREAD)


def learn_pace(defaults: dict[int, float],
               samples: list[tuple[int, datetime, float]]) -> Pace:
    """Build a Pace from finished services ``(service_id, started_at, seconds)``.

    A field's mean of the hour is pulled toward its whole-day mean when the hour has few
    samples; a field with no history keeps its default (the service's default_service_s).
    """
    per_field: dict[int, list[float]] = {}
    per_hour: dict[tuple[int, int], list[float]] = {}
    for service_id, started, seconds in samples:
        if seconds <= 0:
            continue
        per_field.setdefault(service_id, []).append(seconds)
        per_hour.setdefault((service_id, started.astimezone(VIETNAM).hour), []).append(seconds)
    overall = dict(defaults)
    spread = {}
    for service_id, values in per_field.items():
        borrowed = max(0, SHRINK_SAMPLES - len(values))
        base = defaults.get(service_id, fmean(values))
        overall[service_id] = (sum(values) + base * borrowed) / (len(values) + borrowed)
        if len(values) >= SHRINK_SAMPLES:
            spread[service_id] = min(1.0, max(0.2, pstdev(values) / fmean(values)))
    by_hour = {}
    for (service_id, hour), values in per_hour.items():
        by_hour[service_id, hour] = ((sum(values) + overall[service_id] * SHRINK_SAMPLES)
                                     / (len(values) + SHRINK_SAMPLES))
    return Pace(overall, by_hour, spread)


@dataclass
class Desk:
    """A counter on the estimator's clock: whom it calls, when it works, when it is free.

    ``periods`` are the (start, end) spans it works today, sorted; None: no hours (it works
    whenever it is open). ``busy_until``: when its current citizen is likely done.
    """

    caller: Caller
    periods: list[tuple[datetime, datetime]] | None
    busy_until: datetime

    def next_free(self, at: datetime, closing: datetime | None = None) -> tuple[datetime, bool]:
        """Return when, from ``at``, this desk can call, and whether that is still today.

        Past its last period it works only in overtime, from ``closing`` (when the last desk
        of the day stops): a clerk who leaves at 11:30 does not serve through the lunch.
        """
        if self.periods is None:
            return at, True
        for start, end in self.periods:
            if at < end:
                return max(at, start), True
        ends = self.periods[-1][1] if self.periods else at
        return max(at, ends, closing or ends), False


@dataclass(frozen=True)
class Estimate:
    """Seconds until a ticket is called: the likely figure, a range, and whether today."""

    wait_s: int
    low_s: int
    high_s: int
    served_today: bool


def remaining_s(expected_s: float, elapsed_s: float) -> float:
    """Return how long a citizen already ``elapsed_s`` into a service is likely to stay."""
    return max(expected_s - elapsed_s, min(MIN_REMAINING_S, expected_s))


def play(tickets: list[Waiting], desks: list[Desk], site, now: datetime, pace: Pace,
         target: int, factor: float = 1.0) -> tuple[datetime, bool, int]:
    """Play the calls forward until ``target`` is called; return (when, today, calls before).

    Desks call in the order they are free (ties: their order in ``desks``, the order
    forecast's callers take turns); ``factor`` scales every service time. A booked ticket
    whose slot is still ahead waits in its own line and passes ahead once its slot comes,
    as call next would take it then.
    """
    queue = _Queue(tickets, now)
    taken: set[int] = set()
    normal_calls = [desk.caller.normal_calls for desk in desks]
    clock: list[tuple[datetime, int, bool]] = []
    closing = max((desk.periods[-1][1] for desk in desks if desk.periods), default=None)
    for index, desk in enumerate(desks):
        if desk.caller.lines & queue.names:
            free, today = desk.next_free(max(now, desk.busy_until), closing)
            heapq.heappush(clock, (free, index, today))
    calls = 0
    while clock:
        at, index, today = heapq.heappop(clock)
        desk = desks[index]
        ticket = queue.take(desk.caller.lines, prefers_priority(site, normal_calls[index]),
                            taken, at)
        if ticket is None:
            slot = queue.next_slot(desk.caller.lines, taken)
            if slot is not None:  # idle until the next booked citizen is due
                free, still_today = desk.next_free(slot, closing)
                heapq.heappush(clock, (free, index, today and still_today))
            continue
        if ticket.id == target:
            return at, today, calls
        taken.add(ticket.id)
        calls += 1
        normal_calls[index] = 0 if ticket.priority else normal_calls[index] + 1
        done = at + timedelta(seconds=pace.seconds(ticket.service_id, at) * factor)
        free, still_today = desk.next_free(done, closing)
        heapq.heappush(clock, (free, index, today and still_today))
    return now, False, calls  # nobody can call it: no desk serves its line


class _Queue:
    """The waiting lines of a play: each sorted once per preference, booked slots apart."""

    def __init__(self, tickets: list[Waiting], now: datetime):
        grouped: dict[tuple, list[Waiting]] = {}
        booked: dict[tuple, list[Waiting]] = {}
        for ticket in tickets:
            later = ticket.appointment_at is not None and ticket.appointment_at > now
            (booked if later else grouped).setdefault(ticket.line, []).append(ticket)
        self.lines = {(line, prefer): _Line([(call_rank(t, t.target_counter_id is not None,
                                                        now, prefer), t) for t in members])
                      for line, members in grouped.items() for prefer in (True, False)}
        self.booked = {line: _Line([((t.appointment_at, t.id), t) for t in members])
                       for line, members in booked.items()}
        self.names = grouped.keys() | booked.keys()

    def take(self, lines: frozenset, prefer: bool, taken: set[int],
             at: datetime) -> Waiting | None:
        """Return the ticket a counter of ``lines`` calls at ``at``, or None."""
        heads = [head for line in lines if (found := self.lines.get((line, prefer)))
                 and (head := found.first(taken)) is not None]
        for line in lines & self.booked.keys():
            head = self.booked[line].first(taken)
            if head is not None and head[1].appointment_at <= at:
                ticket = head[1]
                heads.append((call_rank(ticket, ticket.target_counter_id is not None, at,
                                        prefer), ticket))
        return min(heads, key=lambda head: head[0])[1] if heads else None

    def next_slot(self, lines: frozenset, taken: set[int]) -> datetime | None:
        """Return the earliest slot of a booked ticket still to come in ``lines``."""
        slots = [head[1].appointment_at for line in lines & self.booked.keys()
                 if (head := self.booked[line].first(taken)) is not None]
        return min(slots, default=None)


def estimate_ticket(tickets: list[Waiting], desks: list[Desk], site, now: datetime,
                    pace: Pace, target: Waiting, ranged: bool = True) -> Estimate:
    """Estimate the wait of ``target`` (one of ``tickets``): likely, low, high, today;
    ``ranged`` False skips the two plays of the range (low = high = likely)."""
    called, today, ahead = play(tickets, desks, site, now, pace, target.id)
    wait = max(0.0, (called - now).total_seconds())
    if wait == 0 or not ranged:
        return Estimate(round(wait), round(wait), round(wait), today)
    relative = _relative_spread(pace.spread_of(target.service_id), ahead, len(desks))
    low_at, _, _ = play(tickets, desks, site, now, pace, target.id, 1 - relative)
    # Lopsided: what the play cannot see (a priority or booked citizen yet to come, a clerk
    # who overruns into a break) only ever makes the wait longer.
    high_at, _, _ = play(tickets, desks, site, now, pace, target.id, 1 + 1.5 * relative)
    # Whatever the queue, the first free desk is uncertain by about one service (the
    # citizen in hand may overrun, one more priority citizen may come): a floor on the width.
    margin = pace.seconds(target.service_id, now) * pace.spread_of(target.service_id)
    low = max(0.0, min((low_at - now).total_seconds(), wait - margin))
    high = max(wait + margin, (high_at - now).total_seconds())
    return Estimate(round(wait), round(low), round(high), today)


def estimate_new(tickets: list[Waiting], desks: list[Desk], site, now: datetime, pace: Pace,
                 service_id: int, priority: bool = False, ranged: bool = True) -> Estimate:
    """Estimate the wait of a ticket of ``service_id`` that would be issued ``now``."""
    newcomer = Waiting(-1, service_id, None, priority, None, now, ("service", service_id))
    return estimate_ticket([*tickets, newcomer], desks, site, now, pace, newcomer, ranged)


def _relative_spread(spread: float, ahead: int, desks: int) -> float:
    # The wait sums about ahead/desks services per desk: their spread averages out.
    per_desk = max(1.0, ahead / max(desks, 1))
    return min(0.5, max(0.25, spread / math.sqrt(per_desk)))


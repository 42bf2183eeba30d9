"""Replay a day through the real queue engine on a virtual clock, to measure waits and estimates.

The day runs on its own SQLite database in memory, built from the models: the centre's own
database is never opened for writing. Citizens arrive and take a number with ``issue_ticket``;
the estimate the kiosk would show is asked at that moment; clerks call with ``call_next`` as
soon as they are free and their counter is open, pause for the breaks of their roster, and
finish the citizen in hand before leaving. A no-show is called, waited for, then marked; a
transfer goes back to the line of its new field with its original place in time.

Every engine function is given the virtual ``now``, and ``utcnow()`` answers it too while the
replay runs (models.base.VIRTUAL_NOW), so what reads the clock itself follows the replay.
"""

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from ..models import Base, Counter, RosterEntry, Service, Site, Ticket, User
from ..models.base import VIRTUAL_NOW
from ..models.site import COUNTER_OPEN
from .counters import (
    call_next,
    close_counter,
    finish,
    no_show,
    open_counter,
    pause_counter,
    resume_counter,
    transfer,
)
from .days import VIETNAM
from .errors import QueueError
from .issue import issue_ticket
from .log import Actor
from .snapshot import queue_position

# How long a clerk waits for a called citizen before marking the no-show.
NO_SHOW_WAIT_S = 120
# The order of events at the same instant: a clerk finishes, then counters close and
# open, then citizens arrive; free clerks call after all of them.
_FINISH, _CLOSE, _OPEN, _ARRIVE = range(4)


@dataclass(frozen=True)
class Arrival:
    """A citizen: when they take a number, for which field, and how long they will need."""

    arrived_at: time
    service: str
    priority: bool = False
    appointment_at: time | None = None
    service_s: int = 300
    no_show: bool = False
    transfer_to: str | None = None
    transfer_s: int = 0


@dataclass(frozen=True)
class Desk:
    """A counter of the roster: its number, the fields it serves and its open intervals."""

    counter: int
    services: tuple[str, ...]
    open: tuple[tuple[time, time], ...]


@dataclass(frozen=True)
class Field:
    """A field of the simulated site, as the site defines it (numbering, default pace)."""

    code: str
    name: str = ""
    prefix: str = ""
    number_start: int = 1
    number_width: int = 0
    default_service_s: int = 300


@dataclass
class Outcome:
    """What happened to one ticket, and the estimate it was given at issue."""

    number: str
    service: str
    arrived_at: datetime
    estimate_s: int
    estimate_low_s: int
    estimate_high_s: int
    warned_closing: bool
    called_at: datetime | None = None
    counter: int | None = None
    served_s: int = 0
    no_show: bool = False

    @property
    def wait_s(self) -> int | None:
        """Seconds from taking the number to the first call; None if never called."""
        if self.called_at is None:
            return None
        return int((self.called_at - self.arrived_at).total_seconds())


@dataclass
class _Clerk:
    desk: Desk
    counter: Counter
    actor: Actor
    busy: Ticket | None = None
    leaving: bool = False
    started: bool = False
    idle_since: datetime = field(default_factory=lambda: datetime.min.replace(tzinfo=UTC))
    # The line's version when this clerk last found nothing to call: until a ticket joins
    # the line again, asking the database once more would find nothing again.
    found_empty_at: int | None = None


# (session, ticket) -> (waiting ahead, estimated seconds): what the kiosk asks at issue.
Estimator = Callable[[Session, Ticket], tuple[int, int]]


def default_estimate(session: Session, ticket: Ticket) -> tuple[int, int]:
    """Estimate as the kiosk does without an app: the snapshot's queue position."""
    return queue_position(session, ticket)


def simulate_day(arrivals: list[Arrival], desks: list[Desk], *, day: date,
                 policy: str = "strict", ratio: int = 3, fields: list[Field] | None = None,
                 estimate: Estimator = default_estimate, tz=VIETNAM) -> list[Outcome]:
    """Replay ``arrivals`` at ``desks`` on ``day``; return one outcome per ticket, in issue
    order. ``fields`` names the site's fields (defaults for the codes used otherwise)."""
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            replay = _Replay(session, arrivals, desks, day, policy, ratio, fields or [],
                             estimate, tz)
            return replay.run()
    finally:
        engine.dispose()


class _Replay:
    def __init__(self, session, arrivals, desks, day, policy, ratio, fields, estimate, tz):
        self.session, self.day, self.tz, self.estimate = session, day, tz, estimate
        self.site = Site(code="SIM", name="Mô phỏng", priority_policy=policy,
                         priority_ratio=ratio)
        session.add(self.site)
        session.flush()
        self.services = self._services(arrivals, desks, fields)
        self.clerks = [self._clerk(desk) for desk in sorted(desks, key=lambda d: d.counter)]
        self.closing = self._closing_times()
        self.outcomes: dict[int, Outcome] = {}
        self.plans: dict[int, Arrival] = {}
        self.events: list = []
        self.pushed = 0  # the last tie-break: the order events were planned in
        # Counts the moments a ticket joined the waiting line (an arrival, a transfer, a
        # missed call put back): who may be called changes only then, not with the clock.
        self.line_version = 0
        for order, arrival in enumerate(sorted(arrivals, key=lambda a: a.arrived_at)):
            self._push(self._at(arrival.arrived_at), _ARRIVE, order, arrival)
        for clerk in self.clerks:
            for opens, closes in clerk.desk.open:
                self._push(self._at(opens), _OPEN, clerk.desk.counter, clerk)
                self._push(self._at(closes), _CLOSE, clerk.desk.counter, clerk)

    def _services(self, arrivals, desks, fields) -> dict[str, Service]:
        known = {spec.code: spec for spec in fields}
        codes = ({a.service for a in arrivals} | {a.transfer_to for a in arrivals if a.transfer_to}
                 | {code for desk in desks for code in desk.services})
        services = {}
        for order, code in enumerate(sorted(codes)):
            spec = known.get(code, Field(code, prefix=code[:4]))
            services[code] = Service(
                site_id=self.site.id, code=code, name=spec.name or code, prefix=spec.prefix,
                number_start=spec.number_start, number_end=spec.number_start + 9998,
                number_width=spec.number_width, default_service_s=spec.default_service_s,
                sort_order=order)
        self.session.add_all(services.values())
        self.session.flush()
        return services

    def _clerk(self, desk: Desk) -> _Clerk:
        counter = Counter(site_id=self.site.id, number=desk.counter, name=f"Quầy {desk.counter}",
                          services=[self.services[code] for code in desk.services])
        user = User(username=f"sim{desk.counter}", password_hash="-", role="clerk",
                    site_id=self.site.id)
        self.session.add_all([counter, user])
        self.session.flush()
        # The open intervals are the site's roster of the day, as a manager enters it on
        # /roster: the estimator reads the day's hours and breaks from there, as in the centre.
        self.session.add_all(RosterEntry(site_id=self.site.id, day=self.day,
                                         counter_id=counter.id, user_id=user.id,
                                         starts=opens, ends=closes)
                             for opens, closes in desk.open)
        self.session.flush()
        return _Clerk(desk, counter, Actor(user_id=user.id))

    def _closing_times(self) -> dict[str, datetime]:
        closing: dict[str, datetime] = {}
        for clerk in self.clerks:
            last = max((self._at(closes) for _opens, closes in clerk.desk.open), default=None)
            for code in clerk.desk.services:
                if last is not None and (code not in closing or closing[code] < last):
                    closing[code] = last
        return closing

    def _at(self, moment: time) -> datetime:
        return datetime.combine(self.day, moment, self.tz).astimezone(UTC)

    def _push(self, at: datetime, kind: int, order: int, payload) -> None:
        self.pushed += 1
        heapq.heappush(self.events, (at, kind, order, self.pushed, payload))

    def run(self) -> list[Outcome]:
        first = None  # resetting to the first token restores the clock as it was
        try:
            while self.events:
                now = self.events[0][0]
                token = VIRTUAL_NOW.set(now)
                first = first or token
                while self.events and self.events[0][0] == now:
                    _at, kind, _order, _key, payload = heapq.heappop(self.events)
                    self._handle(kind, payload, now)
                self._dispatch(now)
        finally:
            if first is not None:
                VIRTUAL_NOW.reset(first)
        return list(self.outcomes.values())

    def _handle(self, kind: int, payload, now: datetime) -> None:
        if kind == _ARRIVE:
            self._arrive(payload, now)
        elif kind == _FINISH:
            self._finish(payload, now)
        elif kind == _OPEN:
            self._open(payload, now)
        else:
            self._close(payload, now)

    def _arrive(self, arrival: Arrival, now: datetime) -> None:
        slot = self._at(arrival.appointment_at) if arrival.appointment_at else None
        ticket = issue_ticket(self.session, self.site, arrival.service,
                              priority=arrival.priority, now=now, appointment_at=slot).ticket
        self.line_version += 1
        position = self.estimate(self.session, ticket)
        estimate = int(position[1] or 0)
        # The kiosk's estimate carries its range and whether it is likely served today; a
        # bare (ahead, seconds) estimator gives one figure, judged against the last counter.
        low, high = getattr(position, "range_s", (estimate, estimate))
        closes = self.closing.get(arrival.service)
        late = closes is not None and now + timedelta(seconds=estimate) >= closes
        self.outcomes[ticket.id] = Outcome(
            ticket.number, arrival.service, now, estimate, int(low), int(high),
            warned_closing=late or not getattr(position, "served_today", True))
        self.plans[ticket.id] = arrival

    def _open(self, clerk: _Clerk, now: datetime) -> None:
        clerk.leaving, clerk.found_empty_at = False, None
        if not clerk.started:
            clerk.started = True
            clerk.counter = open_counter(self.session, clerk.counter, clerk.actor)
        elif clerk.busy is None:
            clerk.counter = resume_counter(self.session, clerk.counter, clerk.actor)
        clerk.idle_since = now

    def _close(self, clerk: _Clerk, now: datetime) -> None:
        if clerk.busy is not None:
            clerk.leaving = True  # finishes the citizen in hand first
        else:
            self._leave(clerk)

    def _leave(self, clerk: _Clerk) -> None:
        clerk.leaving = False
        if self._last_interval_over(clerk):
            clerk.counter = close_counter(self.session, clerk.counter, clerk.actor)
        else:
            clerk.counter = pause_counter(self.session, clerk.counter, clerk.actor)

    def _last_interval_over(self, clerk: _Clerk) -> bool:
        return not any(kind == _OPEN and payload is clerk
                       for _at, kind, _order, _key, payload in self.events)

    def _finish(self, clerk: _Clerk, now: datetime) -> None:
        ticket, plan = clerk.busy, self.plans[clerk.busy.id]
        outcome = self.outcomes[ticket.id]
        clerk.busy, clerk.idle_since = None, now
        if outcome.no_show:
            no_show(self.session, clerk.counter, clerk.actor, now=now)
            self.line_version += 1  # a missed call may be put back in line
        elif plan.transfer_to and ticket.transfer_count == 0:
            transfer(self.session, clerk.counter, clerk.actor,
                     service=self.services[plan.transfer_to], now=now)
            self.line_version += 1
        else:
            finish(self.session, clerk.counter, clerk.actor, now=now)
        if clerk.leaving:
            self._leave(clerk)

    def _dispatch(self, now: datetime) -> None:
        free = [clerk for clerk in self.clerks if clerk.busy is None and clerk.started
                and not clerk.leaving and clerk.counter.status == COUNTER_OPEN
                and clerk.found_empty_at != self.line_version]
        for clerk in sorted(free, key=lambda c: (c.idle_since, c.desk.counter)):
            try:
                ticket = call_next(self.session, clerk.counter, clerk.actor, now=now).ticket
            except QueueError as error:
                if error.code != "queue_empty":
                    raise
                clerk.found_empty_at = self.line_version
                continue
            self._called(clerk, ticket, now)

    def _called(self, clerk: _Clerk, ticket: Ticket, now: datetime) -> None:
        plan, outcome = self.plans[ticket.id], self.outcomes[ticket.id]
        second_leg = ticket.transfer_count > 0
        if outcome.called_at is None:
            outcome.called_at, outcome.counter = now, clerk.desk.counter
        if plan.no_show and not second_leg:
            outcome.no_show, seconds = True, NO_SHOW_WAIT_S
        else:
            seconds = plan.transfer_s if second_leg else plan.service_s
            outcome.served_s += seconds
        clerk.busy = ticket
        self._push(now + timedelta(seconds=seconds), _FINISH, clerk.desk.counter, clerk)

"""How many are ahead of each waiting citizen: the call policy replayed, counter by counter.

The counters that will call take turns, the one that called longest ago first, and each
takes what its own "call next" would take (call_policy's rules, with its own 1-per-N count).
A citizen's "ahead" is the number of calls made before theirs by the counters that may call
them; calls of other fields at other counters only thin the line. The replay starts from the
open and paused counters; a field none of them serves is taken by its closed counters, and a
field with no counter by a stand-in that follows the site's policy from a fresh count.

Each line (a field, or a counter's sent tickets) is sorted once for each preference; a call
compares the heads of the counter's few lines, so a replay costs a sort, not a sort per call.
"""

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Counter, Site, Ticket, counter_services
from ..models.site import COUNTER_CLOSED
from ..models.ticket import WAITING
from .call_policy import aware, call_rank, normal_calls_today, prefers_priority


class Waiting(NamedTuple):
    """The columns of a waiting ticket that decide its turn, and the line it stands in: the
    counter it was sent to, else its field."""

    id: int
    service_id: int
    target_counter_id: int | None
    priority: bool
    appointment_at: datetime | None
    queued_at: datetime
    line: tuple


@dataclass
class Caller:
    """A counter as the replay sees it: what it serves and its 1-per-N count."""

    id: int | None
    services: frozenset[int]
    normal_calls: int
    lines: frozenset = field(init=False)

    def __post_init__(self):
        self.lines = frozenset({("counter", self.id)} | {("service", s) for s in self.services})


class _Line:
    """The tickets of one line sorted for one preference, read from the first not yet taken."""

    def __init__(self, ranked: list[tuple[tuple, Waiting]]):
        self.ranked, self.at = sorted(ranked, key=lambda pair: pair[0]), 0

    def first(self, taken: set[int]) -> tuple[tuple, Waiting] | None:
        while self.at < len(self.ranked):
            if self.ranked[self.at][1].id not in taken:
                return self.ranked[self.at]
            self.at += 1
        return None


def replay(tickets: list[Waiting], callers: list[Caller], site: Site,
           now: datetime) -> Iterator[tuple[Waiting, Caller]]:
    """Yield (ticket, caller) in the order the callers, taking turns, would call them."""
    grouped = defaultdict(list)
    for ticket in tickets:
        grouped[ticket.line].append(ticket)
    lines = {(line, prefer): _Line([(call_rank(t, t.target_counter_id is not None, now, prefer),
                                      t) for t in members])
             for line, members in grouped.items() for prefer in (True, False)}
    taken: set[int] = set()
    active = [caller for caller in callers if caller.lines & grouped.keys()]
    while active:
        for caller in list(active):
            prefer = prefers_priority(site, caller.normal_calls)
            heads = [head for line in caller.lines & grouped.keys()
                     if (head := lines[line, prefer].first(taken)) is not None]
            if not heads:
                active.remove(caller)
                continue
            ticket = min(heads, key=lambda head: head[0])[1]
            taken.add(ticket.id)
            caller.normal_calls = 0 if ticket.priority else caller.normal_calls + 1
            yield ticket, caller


def ahead_counts(tickets: list[Waiting], callers: list[Caller], site: Site, now: datetime,
                 until: int | None = None) -> dict[int, int]:
    """Return ``{ticket id: calls before it by counters that may call it}``; stop at ``until``."""
    made = Tally()
    ahead = {}
    for ticket, caller in replay(tickets, callers, site, now):
        ahead[ticket.id] = made[ticket.line]
        made.update(caller.lines)
        if ticket.id == until:
            break
    return ahead


def waiting_tickets(session: Session, site_id: int, day: date) -> list[Waiting]:
    """Read the columns of the site's waiting tickets of ``day`` that decide their turns."""
    # Through the connection: plain rows, without the ORM's per-row bookkeeping.
    rows = session.connection().execute(select(
        Ticket.id, Ticket.service_id, Ticket.target_counter_id, Ticket.priority,
        Ticket.appointment_at, Ticket.queued_at,
    ).where(Ticket.site_id == site_id, Ticket.service_day == day, Ticket.status == WAITING))
    return [Waiting(ticket_id, service_id, target, bool(priority),
                    booked and aware(booked), aware(queued),
                    ("service", service_id) if target is None else ("counter", target))
            for ticket_id, service_id, target, priority, booked, queued in rows]


def callers_for(session: Session, site: Site, day: date, tickets: list[Waiting]) -> list[Caller]:
    """Return the counters that will call ``tickets``, in the order they take their turns."""
    served = defaultdict(set)
    for counter_id, service_id in session.execute(
            select(counter_services.c.counter_id, counter_services.c.service_id)
            .join(Counter, Counter.id == counter_services.c.counter_id)
            .where(Counter.site_id == site.id)):
        served[counter_id].add(service_id)
    counters = sorted(session.scalars(select(Counter).where(Counter.site_id == site.id)),
                      key=lambda c: (c.last_called_at is not None,
                                     c.last_called_at and aware(c.last_called_at), c.id))
    everyone = [Caller(c.id, frozenset(served[c.id]), normal_calls_today(c, day))
                for c in counters]
    status = {c.id: c.status for c in counters}
    chosen = [caller for caller in everyone if status[caller.id] != COUNTER_CLOSED]
    covered = set().union(*(caller.lines for caller in chosen))
    # Sorted: the order decides which closed counter stands in, the same in every process.
    for line in sorted({ticket.line for ticket in tickets} - covered):
        for caller in everyone:
            if line in caller.lines and caller not in chosen:
                chosen.append(caller)
        if line[0] == "service" and not any(line in caller.lines for caller in chosen):
            chosen.append(Caller(None, frozenset({line[1]}), site.priority_ratio))
    return chosen


def waiting_positions(session: Session, site: Site, day: date, now: datetime,
                      until: int | None = None) -> dict[int, int]:
    """Return ``{ticket id: how many are ahead}`` for the site's waiting tickets of ``day``."""
    tickets = waiting_tickets(session, site.id, day)
    return ahead_counts(tickets, callers_for(session, site, day, tickets), site, now, until)


def calls_ahead(session: Session, counter: Counter, day: date, now: datetime,
                limit: int = 500) -> list[Ticket]:
    """List the counter's waiting tickets in the order successive "call next" presses take
    them, the first ``limit``."""
    served = {service.id for service in counter.services}
    caller = Caller(counter.id, frozenset(served), normal_calls_today(counter, day))
    tickets = [t for t in waiting_tickets(session, counter.site_id, day)
               if t.line in caller.lines]
    order = [ticket.id for ticket, _ in replay(tickets, [caller], counter.site, now)][:limit]
    loaded = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(order)))}
    return [loaded[ticket_id] for ticket_id in order]

"""Who a counter calls next: the order of the waiting line.

1. tickets sent to this very counter (transfers);
2. booked citizens whose slot has begun, earliest slot first: at its slot time a checked-in
   appointment is next for its field, ahead of walk-ins who came earlier;
3. the site's priority policy: "strict" calls priority tickets first, "ratio" lets
   ``priority_ratio`` normal tickets through between priority ones when both wait. The count
   is of today's calls: a counter that has not called yet today owes a priority ticket its
   turn, so a priority citizen never waits behind N walk-ins at the start of the day;
4. then first come, first served.

``forecast`` replays these rules for every counter to tell each citizen how many are ahead.
"""

from datetime import UTC, date, datetime

from sqlalchemy import and_, case, or_, select

from ..models import Counter, Site, Ticket
from ..models.ticket import WAITING
from .days import VIETNAM, service_day


def waiting_for(counter: Counter, day):
    """Select today's waiting tickets this counter may call: its services' and those sent to it."""
    service_ids = [service.id for service in counter.services]
    eligible = or_(
        Ticket.target_counter_id == counter.id,
        and_(Ticket.target_counter_id.is_(None), Ticket.service_id.in_(service_ids)),
    )
    return select(Ticket).where(Ticket.site_id == counter.site_id, Ticket.service_day == day,
                                Ticket.status == WAITING, eligible)


def call_order(counter: Counter, now: datetime, day: date) -> list:
    """Return the ORDER BY clauses that put the ticket ``counter`` calls next first."""
    slot_begun = Ticket.appointment_at <= now
    prefer = prefers_priority(counter.site, normal_calls_today(counter, day))
    return [
        (Ticket.target_counter_id == counter.id).desc(),
        case((slot_begun, 0), else_=1),
        # Only tickets whose slot has begun get a value; the rest tie on NULL, so the
        # databases' different NULL ordering never matters.
        case((slot_begun, Ticket.appointment_at)),
        Ticket.priority.desc() if prefer else Ticket.priority.asc(),
        Ticket.queued_at,
        Ticket.id,
    ]


def normal_calls_today(counter: Counter, day: date, tz=VIETNAM) -> int:
    """Return how many normal tickets ``counter`` called since its last priority one, today.

    A counter that has not called on ``day`` counts as having let a full ratio through.
    """
    called = counter.last_called_at
    if called is None or service_day(aware(called), counter.site.rollover_at, tz) != day:
        return counter.site.priority_ratio
    return counter.normal_since_priority


def prefers_priority(site: Site, normal_calls: int) -> bool:
    """Tell whether a counter that called ``normal_calls`` normal tickets since its last
    priority one now takes a waiting priority ticket first."""
    return not (site.priority_policy == "ratio" and normal_calls < site.priority_ratio)


def count_priority_turn(counter: Counter, ticket: Ticket, day: date) -> None:
    """Record the call of ``ticket`` in the counter's priority count (before its call time)."""
    counter.normal_since_priority = (
        0 if ticket.priority else normal_calls_today(counter, day) + 1)


def call_rank(ticket, sent_here: bool, now: datetime, prefer_priority: bool) -> tuple:
    """Sort key of ``ticket`` at a counter (``sent_here``: sent to that very counter): the same
    rules as ``call_order``, in Python. ``ticket`` has the Ticket's columns, datetimes aware."""
    begun = ticket.appointment_at is not None and ticket.appointment_at <= now
    return (not sent_here, not begun, ticket.appointment_at if begun else now,
            ticket.priority != prefer_priority, ticket.queued_at, ticket.id)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; compare everything as aware UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

"""Who a counter calls next: the order of the waiting line.

1. tickets sent to this very counter (transfers);
2. booked citizens whose slot has begun, earliest slot first: at its slot time a checked-in
   appointment is next for its field, ahead of walk-ins who came earlier;
3. the site's priority policy: "strict" calls priority tickets first, "ratio" lets
   ``priority_ratio`` normal tickets through between priority ones when both wait;
4. then first come, first served.
"""

from datetime import UTC, datetime

from sqlalchemy import and_, case, or_, select

from ..models import Counter, Ticket
from ..models.ticket import WAITING


def waiting_for(counter: Counter, day):
    """Select today's waiting tickets this counter may call: its services' and those sent to it."""
    service_ids = [service.id for service in counter.services]
    eligible = or_(
        Ticket.target_counter_id == counter.id,
        and_(Ticket.target_counter_id.is_(None), Ticket.service_id.in_(service_ids)),
    )
    return select(Ticket).where(Ticket.site_id == counter.site_id, Ticket.service_day == day,
                                Ticket.status == WAITING, eligible)


def call_order(counter: Counter, now: datetime) -> list:
    """Return the ORDER BY clauses that put the ticket ``counter`` calls next first."""
    slot_begun = Ticket.appointment_at <= now
    return [
        (Ticket.target_counter_id == counter.id).desc(),
        case((slot_begun, 0), else_=1),
        # Only tickets whose slot has begun get a value; the rest tie on NULL, so the
        # databases' different NULL ordering never matters.
        case((slot_begun, Ticket.appointment_at)),
        priority_order(counter),
        Ticket.queued_at,
        Ticket.id,
    ]


def priority_order(counter: Counter):
    """Order priority tickets before, or (when the ratio says so) after normal ones."""
    return Ticket.priority.desc() if priority_goes_first(counter) else Ticket.priority.asc()


def priority_goes_first(counter: Counter, normal_since_priority: int | None = None) -> bool:
    """Tell whether the counter's next call prefers a priority ticket, given how many normal
    tickets it called since the last priority one (by default, its recorded count)."""
    site = counter.site
    since = counter.normal_since_priority if normal_since_priority is None else \
        normal_since_priority
    return not (site.priority_policy == "ratio" and since < site.priority_ratio)


def calls_ahead(session, counter: Counter, day, now: datetime, limit: int = 500) -> list[Ticket]:
    """List the counter's waiting tickets in the order successive "call next" presses take them.

    The same rules as ``call_order``, replayed in Python: only the priority rule changes from
    one call to the next (the ratio's count), so each step re-picks among what is left.
    """
    waiting = list(session.scalars(waiting_for(counter, day).order_by(Ticket.queued_at, Ticket.id)
                                   .limit(limit)))
    since, order = counter.normal_since_priority, []
    while waiting:
        prefer_priority = priority_goes_first(counter, since)
        ticket = min(waiting, key=lambda t: _call_rank(t, counter, now, prefer_priority))
        waiting.remove(ticket)
        since = 0 if ticket.priority else since + 1
        order.append(ticket)
    return order


def _call_rank(ticket: Ticket, counter: Counter, now: datetime, prefer_priority: bool) -> tuple:
    slot_begun = ticket.appointment_at is not None and _aware(ticket.appointment_at) <= now
    return (ticket.target_counter_id != counter.id, not slot_begun,
            _aware(ticket.appointment_at) if slot_begun else now,
            ticket.priority != prefer_priority, _aware(ticket.queued_at), ticket.id)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; compare everything as aware UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

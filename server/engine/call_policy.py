"""Who a counter calls next: the order of the waiting line.

1. tickets sent to this very counter (transfers);
2. booked citizens whose slot has begun, earliest slot first: at its slot time a checked-in
   appointment is next for its field, ahead of walk-ins who came earlier;
3. the site's priority policy: "strict" calls priority tickets first, "ratio" lets
   ``priority_ratio`` normal tickets through between priority ones when both wait;
4. then first come, first served.
"""

from datetime import datetime

from sqlalchemy import case

from ..models import Counter, Ticket


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
    site = counter.site
    if site.priority_policy == "ratio" and counter.normal_since_priority < site.priority_ratio:
        return Ticket.priority.asc()
    return Ticket.priority.desc()

"""Who a counter's "call next" calls, and in which order it will call everyone waiting."""

from collections import deque

from sqlalchemy import and_, or_, select

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


def priority_goes_first(counter: Counter, normal_since_priority: int | None = None) -> bool:
    """Tell whether the counter's next call prefers a priority ticket.

    Under the site's 1-per-N rule, N ordinary citizens are called between two priority ones.
    """
    site = counter.site
    since = counter.normal_since_priority if normal_since_priority is None else \
        normal_since_priority
    return not (site.priority_policy == "ratio" and since < site.priority_ratio)


def call_order(session, counter: Counter, day) -> list[Ticket]:
    """List the counter's waiting tickets in the order successive "call next" presses call them."""
    tickets = session.scalars(waiting_for(counter, day).order_by(Ticket.queued_at, Ticket.id))
    pools = {True: (deque(), deque()), False: (deque(), deque())}  # targeted → (priority, normal)
    for ticket in tickets:
        priority, normal = pools[ticket.target_counter_id == counter.id]
        (priority if ticket.priority else normal).append(ticket)
    since = counter.normal_since_priority
    order = []
    for priority, normal in (pools[True], pools[False]):
        while priority or normal:
            first, second = (priority, normal) if priority_goes_first(counter, since) else \
                (normal, priority)
            ticket = (first or second).popleft()
            since = 0 if ticket.priority else since + 1
            order.append(ticket)
    return order

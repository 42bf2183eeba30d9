"""Satisfaction votes: which finished ticket a counter's vote pad may rate, and recording it."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Counter, Ticket, Vote, utcnow
from ..models.ticket import DONE
from .errors import QueueError, forbidden
from .rollups import count_vote
from .webhook_events import rating_recorded


def _already_voted(ticket: Ticket) -> QueueError:
    return QueueError("already_voted", f"Số {ticket.number} đã được đánh giá rồi.",
                      f"Ticket {ticket.number} has already been rated.")


def _nothing_to_rate(counter: Counter) -> QueueError:
    return QueueError("nothing_to_rate", f"Quầy {counter.number} chưa có lượt phục vụ nào để "
                      "đánh giá.", f"Counter {counter.number} has no finished visit to rate.")


def has_vote(session: Session, ticket: Ticket) -> bool:
    """Tell whether ``ticket`` has been rated."""
    return session.scalar(select(Vote.id).where(Vote.ticket_id == ticket.id)) is not None


def pending_ticket(session: Session, counter: Counter, window_s: float,
                   now: datetime | None = None) -> Ticket | None:
    """Return the counter's last finished ticket if it finished recently and has no vote."""
    ticket = counter.last_finished_ticket
    now = now or utcnow()
    if (ticket is None or ticket.status != DONE or ticket.finished_at is None
            or now - ticket.finished_at > timedelta(seconds=window_s)):
        return None
    return None if has_vote(session, ticket) else ticket


def record_vote(session: Session, counter: Counter, rating: int, *, reason: str = "",
                ticket_id: int | None = None, device_id: int | None = None,
                window_s: float = 600, now: datetime | None = None) -> Vote:
    """Store a vote for the ticket last finished at ``counter``; one vote per ticket.

    ``ticket_id``, when given, must name that ticket: a pad cannot rate another counter's
    visit (403) nor an earlier one of its own (409).
    """
    now = now or utcnow()
    ticket = counter.last_finished_ticket
    if ticket_id is not None and (ticket is None or ticket.id != ticket_id):
        _check_named_ticket(session, counter, ticket_id)
    if ticket is not None and ticket.status == DONE and has_vote(session, ticket):
        raise _already_voted(ticket)
    ticket = pending_ticket(session, counter, window_s, now)
    if ticket is None:
        raise _nothing_to_rate(counter)
    vote = Vote(ticket_id=ticket.id, site_id=counter.site_id, counter_id=counter.id,
                clerk_id=ticket.clerk_id, service_id=ticket.service_id, device_id=device_id,
                rating=rating, reason=reason, at=now)
    try:
        # A savepoint, so a concurrent second vote fails alone on the unique ticket_id.
        with session.begin_nested():
            session.add(vote)
    except IntegrityError as error:
        raise _already_voted(ticket) from error
    count_vote(session, vote, ticket)
    rating_recorded(session, vote, ticket, now)
    return vote


def _check_named_ticket(session: Session, counter: Counter, ticket_id: int) -> None:
    named = session.get(Ticket, ticket_id)
    if named is None or named.counter_id != counter.id:
        raise forbidden("ticket_other_counter", "Máy đánh giá chỉ được đánh giá quầy của mình.",
                        "A vote pad may only rate visits at its own counter.")
    raise QueueError("not_last_finished", f"Số {named.number} không phải lượt vừa phục vụ xong.",
                     f"Ticket {named.number} is not the visit just finished here.")

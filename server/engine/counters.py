"""What a clerk does at a counter: call, recall, no-show, transfer, finish, pause."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Counter, Service, Ticket, utcnow
from ..models.site import COUNTER_CLOSED, COUNTER_OPEN, COUNTER_PAUSED
from ..models.ticket import ACTIVE_AT_COUNTER, CALLED, DONE, NO_SHOW, SERVING, WAITING
from .call_policy import call_order, count_priority_turn, waiting_for
from .days import VIETNAM, service_day
from .errors import QueueError, forbidden, not_found
from .log import Actor, log_event
from .rollups import record_closed, record_transfer
from .roster import begin_session, end_session
from .webhook_events import TICKET_CALLED, TICKET_NO_SHOW, TICKET_SERVED, ticket_event


@dataclass(frozen=True)
class CallResult:
    """The ticket now at the counter, the one finished on the way, and whether it repeated."""

    ticket: Ticket
    finished: Ticket | None = None
    repeated: bool = False


def lock_counter(session: Session, counter: Counter) -> Counter:
    """Re-read ``counter`` under a row lock so two clerks' presses serialise on it."""
    return session.scalars(
        select(Counter).where(Counter.id == counter.id).with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def open_counter(session: Session, counter: Counter, actor: Actor) -> Counter:
    """Sign ``actor`` in at the counter and open it for calls."""
    counter = lock_counter(session, counter)
    _sign_in(counter, actor)
    begin_session(session, counter, actor.user_id, utcnow())
    return counter


def _sign_in(counter: Counter, actor: Actor) -> None:
    if counter.clerk_id not in (None, actor.user_id):
        raise forbidden("counter_taken", f"Quầy {counter.number} đang có cán bộ khác làm việc.",
                        f"Counter {counter.number} is staffed by another clerk.")
    counter.clerk_id = actor.user_id
    if counter.status == COUNTER_CLOSED:
        counter.status = COUNTER_OPEN


def close_counter(session: Session, counter: Counter, actor: Actor) -> Counter:
    """Sign the clerk out and close the counter; its current ticket must be finished first."""
    counter = _staffed(session, counter, actor)
    _require_idle(counter)
    counter.clerk_id = None
    counter.status = COUNTER_CLOSED
    end_session(session, counter, utcnow())
    return counter


def pause_counter(session: Session, counter: Counter, actor: Actor) -> Counter:
    """Pause the counter: it takes no calls until resumed."""
    counter = _staffed(session, counter, actor)
    _require_idle(counter)
    counter.status = COUNTER_PAUSED
    return counter


def resume_counter(session: Session, counter: Counter, actor: Actor) -> Counter:
    """Reopen a paused counter."""
    counter = _staffed(session, counter, actor)
    counter.status = COUNTER_OPEN
    return counter


def call_next(session: Session, counter: Counter, actor: Actor, *, now: datetime | None = None,
              debounce_s: float = 0.0, tz=VIETNAM) -> CallResult:
    """Finish the current ticket and call the next one this counter serves.

    A second press within ``debounce_s`` of a call returns the same ticket instead of
    skipping it, so a double click never loses a citizen.
    """
    now = now or utcnow()
    counter = _ready_for_call(session, counter, actor)
    current = counter.current_ticket
    if (current is not None and current.status == CALLED and counter.last_called_at
            and now - counter.last_called_at < timedelta(seconds=debounce_s)):
        return CallResult(current, repeated=True)
    day = service_day(now, counter.site.rollover_at, tz)
    ticket = _next_waiting(session, counter, day, now)
    if ticket is None:
        raise QueueError("queue_empty", "Không còn công dân nào đang chờ tại quầy này.",
                         "No one is waiting for this counter.")
    finished = _finish_current(session, counter, actor, now)
    count_priority_turn(counter, ticket, day)
    _call(session, counter, ticket, actor, now, "called")
    return CallResult(ticket, finished=finished)


def call_ticket(session: Session, counter: Counter, number: str, actor: Actor, *,
                now: datetime | None = None, tz=VIETNAM) -> CallResult:
    """Call a specific waiting number at this counter, out of turn."""
    now = now or utcnow()
    counter = _ready_for_call(session, counter, actor)
    day = service_day(now, counter.site.rollover_at, tz)
    ticket = session.scalars(
        select(Ticket).where(Ticket.site_id == counter.site_id, Ticket.service_day == day,
                             Ticket.number == number).with_for_update()
    ).first()
    if ticket is None:
        raise not_found("ticket_not_found", f"Không tìm thấy số {number} trong ngày.",
                        f"No ticket {number} today.")
    if ticket.status != WAITING:
        raise QueueError("ticket_not_waiting", f"Số {number} không còn trong hàng chờ.",
                         f"Ticket {number} is not waiting.")
    if not _serves(counter, ticket):
        raise forbidden("ticket_not_for_counter",
                        f"Quầy {counter.number} không phục vụ lĩnh vực của số {number}.",
                        f"Counter {counter.number} does not serve ticket {number}'s service.")
    finished = _finish_current(session, counter, actor, now)
    _call(session, counter, ticket, actor, now, "called_out_of_turn")
    return CallResult(ticket, finished=finished)


def recall(session: Session, counter: Counter, actor: Actor, *,
           now: datetime | None = None) -> Ticket:
    """Announce the counter's current ticket again."""
    now = now or utcnow()
    counter = _staffed(session, counter, actor)
    ticket = _current(counter, (CALLED, SERVING))
    ticket.recall_count += 1
    counter.last_called_at = now
    log_event(session, ticket, "recalled", actor, now, counter_id=counter.id,
              recall_count=ticket.recall_count)
    return ticket


def start_service(session: Session, counter: Counter, actor: Actor, *,
                  now: datetime | None = None) -> Ticket:
    """Mark that the citizen has arrived at the counter and service has begun."""
    now = now or utcnow()
    counter = _staffed(session, counter, actor)
    ticket = _current(counter, (CALLED,))
    ticket.status = SERVING
    ticket.started_at = now
    log_event(session, ticket, "started", actor, now, counter_id=counter.id)
    return ticket


def finish(session: Session, counter: Counter, actor: Actor, *,
           now: datetime | None = None) -> Ticket:
    """Finish the counter's current ticket; it becomes the one the vote pad rates."""
    now = now or utcnow()
    counter = _staffed(session, counter, actor)
    _current(counter, ACTIVE_AT_COUNTER)
    return _finish_current(session, counter, actor, now)


def no_show(session: Session, counter: Counter, actor: Actor, *, requeue: bool = False,
            now: datetime | None = None) -> Ticket:
    """Record that the called citizen did not come; optionally put them back in the queue."""
    now = now or utcnow()
    counter = _staffed(session, counter, actor)
    ticket = _current(counter, (CALLED,))
    ticket.no_show_count += 1
    counter.current_ticket_id = None
    counter.current_ticket = None
    if requeue:
        ticket.status = WAITING
        ticket.queued_at = now
        ticket.counter_id = None
    else:
        ticket.status = NO_SHOW
        ticket.finished_at = now
    log_event(session, ticket, "no_show", actor, now, counter_id=counter.id, requeued=requeue)
    ticket_event(session, ticket, TICKET_NO_SHOW, now)
    if not requeue:
        record_closed(session, [ticket], now)
    return ticket


def transfer(session: Session, counter: Counter, actor: Actor, *,
             service: Service | None = None, to_counter: Counter | None = None,
             now: datetime | None = None) -> Ticket:
    """Send the current ticket to another service and/or counter, keeping its number.

    The ticket keeps its original place in time, so it is not sent to the back of the line.
    """
    now = now or utcnow()
    if service is None and to_counter is None:
        raise QueueError("transfer_target_missing", "Cần chọn lĩnh vực hoặc quầy để chuyển.",
                         "Name a service or a counter to transfer to.", status=422)
    counter = _staffed(session, counter, actor)
    ticket = _current(counter, ACTIVE_AT_COUNTER)
    for target in (service, to_counter):
        if target is not None and target.site_id != counter.site_id:
            raise not_found("transfer_target_not_found", "Không tìm thấy nơi chuyển đến.",
                            "The transfer target is not at this site.")
    previous_service = ticket.service.code
    record_transfer(session, ticket, counter.id, actor.user_id)
    if service is not None:
        ticket.service_id = service.id
        ticket.service = service
    ticket.target_counter_id = to_counter.id if to_counter else None
    ticket.status = WAITING
    ticket.counter_id = None
    ticket.queued_at = ticket.issued_at
    ticket.transfer_count += 1
    counter.current_ticket_id = None
    counter.current_ticket = None
    log_event(session, ticket, "transferred", actor, now, counter_id=counter.id,
              from_service=previous_service, to_service=ticket.service.code,
              to_counter=to_counter.number if to_counter else None)
    return ticket


def _staffed(session: Session, counter: Counter, actor: Actor) -> Counter:
    counter = lock_counter(session, counter)
    _require_signed_in(counter, actor)
    return counter


def _require_signed_in(counter: Counter, actor: Actor) -> None:
    if actor.user_id is not None and counter.clerk_id != actor.user_id:
        raise forbidden("not_signed_in",
                        f"Tài khoản này chưa đăng nhập làm việc tại quầy {counter.number}.",
                        f"You are not signed in at counter {counter.number}.")


def _ready_for_call(session: Session, counter: Counter, actor: Actor) -> Counter:
    counter = lock_counter(session, counter)  # once: every check below reads this row
    if counter.clerk_id is None and actor.user_id is not None:
        _sign_in(counter, actor)
        begin_session(session, counter, actor.user_id, utcnow())
    _require_signed_in(counter, actor)
    if counter.status != COUNTER_OPEN:
        raise QueueError("counter_paused", f"Quầy {counter.number} đang tạm dừng.",
                         f"Counter {counter.number} is paused.")
    return counter


def _require_idle(counter: Counter) -> None:
    current = counter.current_ticket
    if current is not None and current.status in ACTIVE_AT_COUNTER:
        raise QueueError("ticket_in_progress",
                         f"Hãy kết thúc số {current.number} trước.",
                         f"Finish ticket {current.number} first.")


def _current(counter: Counter, statuses: tuple[str, ...]) -> Ticket:
    ticket = counter.current_ticket
    if ticket is None or ticket.status not in statuses:
        raise QueueError("no_current_ticket", "Quầy chưa gọi số nào.",
                         "The counter has no ticket in hand.")
    return ticket


def _finish_current(session: Session, counter: Counter, actor: Actor,
                    now: datetime) -> Ticket | None:
    ticket = counter.current_ticket
    if ticket is None or ticket.status not in ACTIVE_AT_COUNTER:
        return None
    ticket.status = DONE
    ticket.finished_at = now
    counter.current_ticket_id = None
    counter.current_ticket = None
    counter.last_finished_ticket_id = ticket.id
    counter.last_finished_ticket = ticket
    log_event(session, ticket, "finished", actor, now, counter_id=counter.id)
    ticket_event(session, ticket, TICKET_SERVED, now)
    record_closed(session, [ticket], now)
    return ticket


def _serves(counter: Counter, ticket: Ticket) -> bool:
    """Tell whether ``counter`` may call ``ticket``: the same rule as call-next's queue."""
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    return ticket.service_id in {service.id for service in counter.services}


def _next_waiting(session: Session, counter: Counter, day, now: datetime) -> Ticket | None:
    return session.scalars(
        waiting_for(counter, day).order_by(*call_order(counter, now, day)).limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _call(session: Session, counter: Counter, ticket: Ticket, actor: Actor, now: datetime,
          kind: str) -> None:
    ticket.status = CALLED
    ticket.counter_id = counter.id
    ticket.counter = counter
    ticket.clerk_id = counter.clerk_id
    ticket.target_counter_id = None
    if ticket.called_at is None:
        ticket.called_at = now
    counter.current_ticket_id = ticket.id
    counter.current_ticket = ticket
    counter.last_called_at = now
    log_event(session, ticket, kind, actor, now, counter_id=counter.id, number=ticket.number)
    ticket_event(session, ticket, TICKET_CALLED, now)

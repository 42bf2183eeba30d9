"""Issuing tickets: gap-free daily numbering, idempotent by request id."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import Citizen, Procedure, Service, Site, Ticket, TicketSequence, utcnow
from ..models.ticket import KIOSK_CHANNEL
from .calendar import calendar_for
from .citizens import link_ticket, waiting_ticket_for
from .days import VIETNAM, is_open, service_day
from .errors import QueueError
from .log import SYSTEM, Actor, log_event
from .lookups import active_service
from .webhook_events import TICKET_ISSUED, ticket_event

_UPSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class IssueResult:
    """A ticket and whether it was already issued for the same request id, or is the one
    the same person already waits with (one waiting ticket per person and field)."""

    ticket: Ticket
    replayed: bool
    existing: bool = False


def issue_ticket(session: Session, site: Site, service_code: str, *, priority: bool = False,
                 request_id: str | None = None, actor: Actor = SYSTEM,
                 now: datetime | None = None, tz=VIETNAM,
                 procedure: Procedure | None = None, channel: str = KIOSK_CHANNEL,
                 phone: str | None = None,
                 appointment_at: datetime | None = None,
                 citizen: Citizen | None = None) -> IssueResult:
    """Issue the next number of ``service_code`` at ``site`` for today's service day.

    ``procedure`` records what the citizen came for, so the counter knows before calling.
    ``appointment_at`` marks a booked citizen's ticket: from that time on it is called
    ahead of walk-ins (see call_policy); ``phone`` is where "your turn is near" goes.
    ``citizen`` ties the ticket to the person who scanned their ID card; where the site
    allows one waiting ticket per person and field, their waiting one is given back.
    """
    now = now or utcnow()
    if request_id:
        existing = session.scalar(
            select(Ticket).where(Ticket.site_id == site.id, Ticket.request_id == request_id)
        )
        if existing is not None:
            return IssueResult(existing, replayed=True)
    service = _issuable_service(session, site, service_code, priority, now, tz)
    day = service_day(now, site.rollover_at, tz)
    if citizen is not None and site.one_ticket_per_person:
        held = waiting_ticket_for(session, citizen, site, service.id, day)
        if held is not None:
            return IssueResult(held, replayed=False, existing=True)
    if appointment_at is None:  # a booked citizen keeps the place the booking promised
        _refuse_past_last_ticket(service, now, tz)
    sequence = next_sequence(session, site.id, service.id, day)
    limit = service.daily_ticket_limit
    if appointment_at is None and limit and sequence > limit:
        raise _field_full(service)
    if sequence > service.capacity:
        raise QueueError(
            "number_block_exhausted",
            f"Đã hết số trong ngày cho lĩnh vực {service.name}.",
            f"No numbers left today for {service.code}.",
        )
    ticket = Ticket(
        site=site, service=service, original_service_id=service.id,
        service_day=day, sequence=sequence, number=service.shown_number(sequence),
        public_code=secrets.token_urlsafe(9), priority=priority, request_id=request_id,
        device_id=actor.device_id, issued_at=now, queued_at=now, procedure=procedure,
        channel=channel, phone=phone, appointment_at=appointment_at,
    )
    session.add(ticket)
    session.flush()
    if citizen is not None:
        link_ticket(session, ticket, citizen)
    log_event(session, ticket, "issued", actor, now, number=ticket.number, priority=priority,
              **({"procedure": procedure.code} if procedure else {}))
    ticket_event(session, ticket, TICKET_ISSUED, now)
    return IssueResult(ticket, replayed=False)


def next_sequence(session: Session, site_id: int, service_id: int, day) -> int:
    """Take the next daily sequence in one atomic upsert; it rolls back with the ticket."""
    dialect = session.get_bind().dialect.name
    insert = _UPSERT[dialect](TicketSequence).values(
        site_id=site_id, service_id=service_id, service_day=day, last_value=1
    )
    statement = insert.on_conflict_do_update(
        index_elements=["site_id", "service_id", "service_day"],
        set_={"last_value": TicketSequence.last_value + 1},
    ).returning(TicketSequence.last_value)
    return session.execute(statement).scalar_one()


def _issuable_service(session: Session, site: Site, code: str, priority: bool,
                      now: datetime, tz) -> Service:
    service = active_service(session, site.id, code)
    if priority and not service.priority_allowed:
        raise QueueError("priority_not_allowed",
                         f"Lĩnh vực {service.name} không cấp số ưu tiên.",
                         f"Service {code} takes no priority tickets.", status=422)
    if not service.opening_hours:  # always open, days off included
        return service
    calendar, today = calendar_for(session, site), now.astimezone(tz).date()
    if not is_open(service.opening_hours, now, tz, calendar.is_make_up_day(today)):
        raise QueueError("service_closed",
                         f"Lĩnh vực {service.name} hiện ngoài giờ tiếp nhận.",
                         f"Service {code} is outside its opening hours.")
    closure = calendar.closure(today)
    if closure is not None:
        raise QueueError("site_closed_today",
                         f"Hôm nay nghỉ ({closure.reason}), không tiếp nhận.",
                         f"Closed today ({closure.reason_en}).")
    return service


def _field_full(service: Service) -> QueueError:
    return QueueError("field_full_today",
                      f"Lĩnh vực {service.name} đã đủ số hôm nay, mời quý khách quay lại vào "
                      "ngày làm việc tiếp theo hoặc đặt lịch hẹn.",
                      f"Service {service.code} has given all its numbers for today; please "
                      "come back on the next working day or book an appointment.")


def _refuse_past_last_ticket(service: Service, now: datetime, tz) -> None:
    """Refuse a walk-in number once the field's last ticket time of the day has passed."""
    if service.last_ticket_at is not None and now.astimezone(tz).time() >= service.last_ticket_at:
        raise _field_full(service)

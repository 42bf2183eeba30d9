"""Issuing tickets (kiosks) and looking them up (citizens, staff)."""

from flask import current_app, g
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth.guard import require_device, require_staff
from ..device_kinds import KIOSK
from ..engine import Actor, issue_ticket, service_day
from ..engine.forecast import calls_ahead
from ..engine.lookups import ticket_by_public_code
from ..engine.procedures import find_offer
from ..errors import ApiError
from ..limits import kiosk_limit
from ..models import PrintJob, Ticket, utcnow
from ..payloads.printers import PrintSummary
from ..payloads.tickets import (
    IssuedTicket,
    QueuedTicket,
    TicketStatusView,
    WaitingList,
    position_of,
)
from ..printing.jobs import enqueue_print
from ..screens_notify import Outbox, commit_and_send
from ..storage import db
from .blueprint import api
from .citizens import identify
from .context import require_active, resolve_counter, resolve_site
from .contract import documented
from .schemas import QueueQuery, TicketRequest


def _issue(session, device, body: TicketRequest):
    require_active(device.site)
    service, procedure = body.service, None
    if body.procedure:
        offer = find_offer(session, device.site, body.procedure)
        if service not in (None, offer.service.code):
            raise ApiError(422, "service_mismatch",
                           f"Thủ tục “{offer.procedure.name}” thuộc lĩnh vực {offer.service.name}.",
                           f"Procedure {body.procedure} belongs to service {offer.service.code}.")
        service, procedure = offer.service.code, offer.procedure
    citizen = None
    if body.citizen is not None:
        citizen = identify(device.site, body.citizen, utcnow())
    return issue_ticket(session, device.site, service, priority=body.priority,
                        request_id=body.request_id, actor=Actor(device_id=device.id),
                        procedure=procedure, citizen=citizen)


@api.post("/v1/tickets")
@require_device(KIOSK)
@kiosk_limit
@documented("Issue a ticket for a service or a procedure (kiosk)",
            {201: IssuedTicket, 200: IssuedTicket}, errors=(404, 409, 429), body=TicketRequest)
def create_ticket(body: TicketRequest):
    """Issue a ticket from a kiosk; the same ``request_id`` always returns the same ticket."""
    device = g.device
    session = db()
    try:
        result = _issue(session, device, body)
    except IntegrityError:
        # A retry with the same request_id committed first (PostgreSQL runs them side by
        # side): start over, and the engine answers with that ticket.
        session.rollback()
        result = _issue(session, device, body)
    ticket = result.ticket
    if result.replayed:
        return IssuedTicket.of(ticket, replayed=True).dump(), 200
    if result.existing:  # the person already waits in this field: the same number again
        answer = IssuedTicket.of(ticket, replayed=False, existing=True,
                                 print=_reprint_for_holder(session, ticket, device)).dump()
        session.commit()
        return answer, 200
    response, outbox = issued_response(session, ticket, device)
    commit_and_send(session, outbox)
    return response, 201


def _reprint_for_holder(session, ticket: Ticket, device) -> PrintSummary:
    """Print the slip of the ticket a person already holds again, on this kiosk.

    Their card proves whose it is, so any kiosk of the site may; the kiosk's reprint
    allowance still counts, so a card cannot feed the printer a roll of copies.
    """
    job = None
    reprints = session.scalar(select(func.count()).where(
        PrintJob.ticket_id == ticket.id, PrintJob.reason == "reprint")) or 0
    if device.printer_uri and reprints < current_app.config["KIOSK_REPRINT_MAX"]:
        job = enqueue_print(session, ticket, device, reason="reprint")
    return PrintSummary.of(session, job, device)


def issued_response(session, ticket: Ticket, device, answer: type[IssuedTicket] = IssuedTicket,
                    **extra) -> tuple[dict, Outbox]:
    """Build the answer to a kiosk's new ticket, queue its slip and the screens' news.

    Everything the answer and the screens need is read in the issuing transaction, so
    one commit (one fsync on SQLite) makes the ticket, its slip and the news durable.
    """
    position = position_of(ticket)
    job = None
    if device.printer_uri:
        job = enqueue_print(session, ticket, device, position=position)
    response = answer.of(ticket, position, replayed=False,
                         print=PrintSummary.of(session, job, device), **extra).dump()
    outbox = Outbox()
    # A priority or booked ticket moves others back; a walk-in joins at the end.
    moves_others = ticket.priority or ticket.appointment_at is not None
    outbox.site(session, ticket.site, followers=moves_others)
    return response, outbox


@api.get("/v1/tickets/<public_code>")
@documented("A ticket's live status, to whoever holds its code", {200: TicketStatusView},
            errors=(404,), path={"public_code": {"maxLength": 32}})
def ticket_public_status(public_code: str):
    """Show one ticket's live status to whoever holds its code (the QR on the slip)."""
    ticket = ticket_by_public_code(db(), public_code)
    if ticket is None:
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    return TicketStatusView.of(ticket).dump()


@api.get("/v1/queue")
@require_staff("clerk", "manager", "admin")
@documented("Waiting tickets: the site's, or one counter's in its call order",
            {200: WaitingList}, errors=(400, 404), query=QueueQuery)
def waiting_list(query: QueueQuery):
    """List today's waiting tickets of the site (priority first), or with ``?counter=N`` those
    of one counter in the exact order its "call next" will call them."""
    site = resolve_site(g.user)
    now = utcnow()
    day = service_day(now, site.rollover_at)
    if query.counter is not None:
        counter = resolve_counter(site, query.counter)
        tickets = calls_ahead(db(), counter, day, now)
    else:
        tickets = db().scalars(
            select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day == day,
                                 Ticket.status == "waiting")
            .order_by(Ticket.priority.desc(), Ticket.queued_at, Ticket.id).limit(500)
        ).all()
    return WaitingList(site=site.code, service_day=day,
                       tickets=[QueuedTicket.of(ticket) for ticket in tickets]).dump()


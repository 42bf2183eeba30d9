"""Issuing tickets (kiosks) and looking them up (citizens, staff)."""

from flask import current_app, g
from sqlalchemy import select

from ..auth.guard import require_device, require_staff
from ..engine import Actor, estimate_wait_s, issue_ticket, service_day, waiting_ahead
from ..engine.snapshot import ticket_view
from ..errors import ApiError
from ..models import Ticket, utcnow
from ..notify import publish_site
from ..ratelimit import RateLimiter
from ..signals import ticket_issued
from ..storage import db
from . import api
from .context import resolve_site
from .schemas import TicketRequest, parse_body


def _limiter() -> RateLimiter:
    extensions = current_app.extensions
    if "qms_kiosk_limiter" not in extensions:
        extensions["qms_kiosk_limiter"] = RateLimiter.parse(current_app.config["KIOSK_RATE_LIMIT"])
    return extensions["qms_kiosk_limiter"]


def ticket_status(ticket: Ticket) -> dict:
    """Describe a ticket with its live place in the queue and estimated wait."""
    session = db()
    ahead = waiting_ahead(session, ticket)
    window = current_app.config["ESTIMATE_WINDOW"]
    body = ticket_view(ticket)
    body.update(waiting_ahead=ahead,
                estimated_wait_s=estimate_wait_s(session, ticket.service, ahead, window)
                if ticket.status == "waiting" else 0,
                site=ticket.site.code, status_url=f"/t/{ticket.public_code}")
    return body


@api.post("/v1/tickets")
@require_device("kiosk")
def create_ticket():
    """Issue a ticket from a kiosk; the same ``request_id`` always returns the same ticket."""
    body = parse_body(TicketRequest)
    device = g.device
    if not _limiter().allow(device.id):
        raise ApiError(429, "rate_limited", "Máy lấy số thao tác quá nhanh, vui lòng đợi giây lát.",
                       "This kiosk is issuing too fast; wait a moment.")
    session = db()
    result = issue_ticket(session, device.site, body.service, priority=body.priority,
                          request_id=body.request_id, actor=Actor(device_id=device.id))
    session.commit()
    ticket = result.ticket
    response = ticket_status(ticket)
    response["replayed"] = result.replayed
    if not result.replayed:
        publish_site(session, device.site)
        # Receivers may add to the answer, e.g. the print spooler's {"print": {...}}.
        for _receiver, extra in ticket_issued.send(current_app._get_current_object(),
                                                   ticket=ticket, device=device):
            if isinstance(extra, dict):
                response.update(extra)
    return response, 200 if result.replayed else 201


@api.get("/v1/tickets/<public_code>")
def ticket_public_status(public_code: str):
    """Show one ticket's live status to whoever holds its code (the QR on the slip)."""
    ticket = db().scalar(select(Ticket).where(Ticket.public_code == public_code[:32]))
    if ticket is None:
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    return ticket_status(ticket)


@api.get("/v1/queue")
@require_staff("clerk", "manager", "admin")
def waiting_list():
    """List today's waiting tickets of the site in call order (priority first)."""
    site = resolve_site(g.user)
    day = service_day(utcnow(), site.rollover_at)
    tickets = db().scalars(
        select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day == day,
                             Ticket.status == "waiting")
        .order_by(Ticket.priority.desc(), Ticket.queued_at, Ticket.id).limit(500)
    ).all()
    return {"site": site.code, "service_day": day.isoformat(),
            "tickets": [ticket_view(ticket) | {"target_counter": ticket.target_counter_id}
                        for ticket in tickets]}

"""Printing: reprints by staff and by the issuing kiosk, and printer health for admins."""

from datetime import timedelta

from flask import current_app, g
from sqlalchemy import func, select

from ..auth.guard import require_device, require_staff
from ..device_kinds import KIOSK
from ..engine.lookups import ticket_by_public_code
from ..errors import ApiError
from ..models import Device, PrintJob, Ticket, utcnow
from ..payloads.printers import PrinterList, Reprint, site_printers
from ..printing.jobs import enqueue_print
from ..storage import db
from .blueprint import api
from .context import resolve_site
from .contract import documented
from .schemas import EmptyRequest, KioskReprintRequest, SiteQuery


def _printing_device(ticket: Ticket) -> Device:
    device = db().get(Device, ticket.device_id) if ticket.device_id else None
    if device is None or not device.printer_uri or device.revoked_at is not None:
        raise ApiError(409, "no_printer", "Phiếu này không được cấp từ máy lấy số có máy in.",
                       "This ticket was not issued by a kiosk with a printer.")
    return device


def _reprint(session, ticket: Ticket, reason: str, allowed: int):
    """Queue the slip again on the kiosk that issued it and answer 202 with the job.

    Kiosk and staff reprints are counted apart (``reason``), each against its own allowance:
    a clerk's reprint does not use up the citizen's tries at the kiosk.
    """
    device = _printing_device(ticket)
    done = session.scalar(select(func.count()).where(
        PrintJob.ticket_id == ticket.id, PrintJob.reason == reason)) or 0
    if done >= allowed:
        raise ApiError(429, "reprint_limit", "Phiếu này đã được in lại đủ số lần cho phép.",
                       "This ticket has been reprinted as often as allowed.")
    job = enqueue_print(session, ticket, device, reason=reason)
    body = Reprint.of(session, ticket, job, device).dump()
    session.commit()
    return body, 202


@api.post("/v1/tickets/<int:ticket_id>/reprint")
@require_staff("clerk", "manager", "admin")
@documented("Print a ticket's slip again on the kiosk that issued it", {202: Reprint},
            errors=(404, 409, 429), body=EmptyRequest,
            path={"ticket_id": {"minimum": 1, "maximum": 2**31 - 1}})
def staff_reprint(ticket_id: int, body: EmptyRequest):
    """Print a ticket's slip again on the kiosk that issued it."""
    session = db()
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or g.user.site_id not in (None, ticket.site_id):
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    return _reprint(session, ticket, "staff_reprint", current_app.config["STAFF_REPRINT_MAX"])


@api.post("/v1/tickets/reprint")
@require_device(KIOSK)
@documented("Reprint, on the issuing kiosk, a slip it issued moments ago", {202: Reprint},
            errors=(404, 409, 429), body=KioskReprintRequest)
def kiosk_reprint(body: KioskReprintRequest):
    """Print again, on this kiosk, a slip it issued moments ago (the citizen is still there)."""
    session = db()
    ticket = ticket_by_public_code(session, body.public_code)
    if ticket is None or ticket.device_id != g.device.id:
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu do máy này cấp.",
                       "No such ticket issued by this kiosk.")
    config = current_app.config
    window = config["KIOSK_REPRINT_WINDOW_S"]
    if utcnow() - ticket.issued_at > timedelta(seconds=window):
        raise ApiError(403, "reprint_window_passed",
                       "Đã quá thời gian in lại tại máy; vui lòng nhờ cán bộ in lại.",
                       "Too late to reprint at the kiosk; ask a member of staff.")
    return _reprint(session, ticket, "reprint", config["KIOSK_REPRINT_MAX"])


@api.get("/v1/printers")
@require_staff("manager", "admin")
@documented("Kiosk printers of the site: last state, queued and failed slips",
            {200: PrinterList}, errors=(404,), query=SiteQuery)
def list_printers(query: SiteQuery):
    """List the site's kiosk printers with their last state and their pending jobs."""
    site = resolve_site(g.user)
    return PrinterList(site=site.code, printers=site_printers(db(), site.id)).dump()

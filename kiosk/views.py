"""HTTP side of the kiosk: the touch page, its start-up data, and the public ticket page."""

from flask import Blueprint, g, render_template
from sqlalchemy import select

from server.auth.guard import require_device
from server.device_kinds import KIOSK
from server.engine.lookups import ticket_by_public_code
from server.errors import ApiError
from server.models import PrintJob, Procedure, Ticket
from server.payloads import KioskPrintStatus, ServiceList, TicketStatusView, form_url
from server.printing.jobs import public_ticket_url
from server.qr import svg_response
from server.storage import db

from .setup import kiosk_setup

blueprint = Blueprint("kiosk", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/kiosk/static")


@blueprint.get("/kiosk/")
def kiosk_page():
    """Serve the touch page; it reads its device token from ``?token=`` once, then storage."""
    return render_template("kiosk/kiosk.html")


@blueprint.get("/kiosk/setup")
@require_device(KIOSK)
def setup():
    """Give the kiosk its site, services with waiting counts and opening state, categories."""
    listing = ServiceList.of(db(), g.device.site).dump()
    return kiosk_setup(g.device, listing["services"], listing["day_off"])


@blueprint.get("/kiosk/print-jobs/<int:job_id>")
@require_device(KIOSK)
def print_job_state(job_id: int):
    """Tell the kiosk whether a slip it asked for has printed, so it can warn the citizen."""
    job = db().get(PrintJob, job_id)
    if job is None or job.device_id != g.device.id:
        raise ApiError(404, "print_job_not_found", "Không tìm thấy lệnh in.", "No such print job.")
    return KioskPrintStatus.of(db(), job, g.device, attempts=job.attempts).dump()


def _ticket_or_404(public_code: str) -> Ticket:
    ticket = ticket_by_public_code(db(), public_code)
    if ticket is None:
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    return ticket


@blueprint.get("/t/<public_code>")
def ticket_page(public_code: str):
    """Show a citizen where their ticket stands, live (the page the slip's QR code opens)."""
    ticket = ticket_by_public_code(db(), public_code)
    if ticket is None:
        return render_template("kiosk/ticket_missing.html"), 404
    return render_template("kiosk/ticket.html", ticket=ticket,
                           status=TicketStatusView.of(ticket).dump())


@blueprint.get("/t/<public_code>/qr.svg")
def ticket_qr(public_code: str):
    """Draw the QR code of the ticket's public page, for the kiosk screen."""
    ticket = _ticket_or_404(public_code)
    return svg_response(public_ticket_url(ticket.public_code))


@blueprint.get("/kiosk/procedures/<code>/qr/<target>.svg")
def procedure_qr(code: str, target: str):
    """Draw a QR code of a procedure's online service ("online") or of one of its forms (id)."""
    procedure = db().scalar(select(Procedure).where(Procedure.code == code[:32]))
    if procedure is not None and target == "online" and procedure.online_url:
        return svg_response(procedure.online_url)
    form = next((form for form in procedure.forms if str(form.id) == target), None) \
        if procedure is not None else None
    if form is None:
        raise ApiError(404, "unknown_form", "Không tìm thấy biểu mẫu.", "No such form.")
    return svg_response(form_url(form))

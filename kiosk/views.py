"""HTTP side of the kiosk: the touch page, its start-up data, and the public ticket page."""

from flask import Blueprint, g, render_template
from sqlalchemy import select

from server.api.services import list_services
from server.api.tickets import ticket_status
from server.auth.guard import require_device
from server.errors import ApiError
from server.models import PrintJob, Ticket
from server.print_jobs import print_summary, public_ticket_url
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
@require_device("kiosk")
def setup():
    """Give the kiosk its site, services with waiting counts and opening state, categories."""
    listing = list_services()
    return kiosk_setup(g.device, listing["services"], listing["day_off"])


@blueprint.get("/kiosk/print-jobs/<int:job_id>")
@require_device("kiosk")
def print_job_state(job_id: int):
    """Tell the kiosk whether a slip it asked for has printed, so it can warn the citizen."""
    job = db().get(PrintJob, job_id)
    if job is None or job.device_id != g.device.id:
        raise ApiError(404, "print_job_not_found", "Không tìm thấy lệnh in.", "No such print job.")
    return print_summary(db(), job, g.device) | {"attempts": job.attempts}


def _ticket_or_404(public_code: str) -> Ticket:
    ticket = db().scalar(select(Ticket).where(Ticket.public_code == public_code[:32]))
    if ticket is None:
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    return ticket


@blueprint.get("/t/<public_code>")
def ticket_page(public_code: str):
    """Show a citizen where their ticket stands, live (the page the slip's QR code opens)."""
    ticket = db().scalar(select(Ticket).where(Ticket.public_code == public_code[:32]))
    if ticket is None:
        return render_template("kiosk/ticket_missing.html"), 404
    return render_template("kiosk/ticket.html", ticket=ticket, status=ticket_status(ticket))


@blueprint.get("/t/<public_code>/qr.svg")
def ticket_qr(public_code: str):
    """Draw the QR code of the ticket's public page, for the kiosk screen."""
    ticket = _ticket_or_404(public_code)
    return svg_response(public_ticket_url(ticket.public_code))

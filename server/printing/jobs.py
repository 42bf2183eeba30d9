"""Print jobs in the database: made after a ticket is issued or reprinted, read by the worker.

A job is committed with its ticket, so issuing never waits on a printer and a ticket that
was answered always has its slip queued: the spooler retries it until it prints.
"""

import logging
from urllib.parse import quote

from flask import current_app, has_request_context, request
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from printers import TicketPrint

from ..engine.snapshot import queue_position
from ..models import Device, PrinterHealth, PrintJob, Ticket, utcnow
from ..models.printing import JOB_PRINTING, JOB_QUEUED
from ..models.ticket import WAITING
from ..screens_notify import Outbox

log = logging.getLogger(__name__)


def public_url(path: str) -> str:
    """Return the full address of a public ``path``: PUBLIC_URL, else this request's host."""
    base = current_app.config["PUBLIC_URL"] or ""
    if not base and has_request_context():
        base = request.host_url
    return f"{base.rstrip('/')}{path}" if base else path


def public_ticket_url(public_code: str) -> str:
    """Return the address the slip's QR code opens."""
    return public_url(f"/t/{public_code}")


def enqueue_print(session: Session, ticket: Ticket, device: Device, reason: str = "issue",
                  position: tuple[int, int] | None = None) -> PrintJob:
    """Add a job that prints ``ticket`` on ``device``'s printer, frozen as it is now.

    The caller commits it with the ticket or reprint it belongs to, so a ticket that was
    answered always has its slip queued. ``position`` is (waiting ahead, estimated wait).
    """
    position = position or queue_position(session, ticket,
                                          current_app.config["ESTIMATE_WINDOW"])
    ahead, estimate = position
    waiting = ticket.status == WAITING
    low, high = getattr(position, "range_s", (None, None)) if waiting else (None, None)
    return queue_job(session, PrintJob(
        ticket_id=ticket.id, device_id=device.id, reason=reason, waiting_ahead=ahead,
        estimated_wait_s=estimate if waiting else None, estimated_low_s=low,
        estimated_high_s=high, qr_url=public_ticket_url(ticket.public_code)))


def queue_job(session: Session, job: PrintJob) -> PrintJob:
    """Add ``job`` to the spool, due now; the caller commits it with what it prints."""
    job.next_attempt_at = utcnow()
    session.add(job)
    session.flush()
    return job


def ticket_print(job: PrintJob) -> TicketPrint:
    """Build the slip's content from a job, its ticket and the site."""
    ticket = job.ticket
    site = ticket.site
    centre_name, site_name = site.heading_lines(current_app.config["CENTRE_NAME"])
    return TicketPrint(
        centre_name=centre_name, site_name=site_name,
        service_name=ticket.service.name, number=ticket.number, issued_at=ticket.issued_at,
        waiting_ahead=job.waiting_ahead, estimated_wait_s=job.estimated_wait_s,
        estimated_range_s=(job.estimated_low_s, job.estimated_high_s)
        if job.estimated_low_s is not None and job.estimated_high_s is not None else None,
        priority=ticket.priority, appointment=ticket.appointment_at is not None,
        qr_url=job.qr_url or None, booking_url=slip_booking_url(job),
        footer=site.ticket_footer, citizen=site.citizen_words["inside"],
        procedure=ticket.procedure.name if ticket.procedure else "",
    )


def slip_booking_url(job: PrintJob) -> str | None:
    """Return the site's booking page for the slip's second QR code, where the site books.

    It shares the address the ticket's own QR code was made with when the job was queued:
    the worker that prints has no request to take a host from.
    """
    site = job.ticket.site
    marker = "/t/"
    if not site.takes_bookings or not job.qr_url or marker not in job.qr_url:
        return None
    base = job.qr_url.rsplit(marker, 1)[0]
    return f"{base}/booking/?site={quote(site.code)}"


def paper_width(device: Device) -> int:
    """Return the print head width in dots: the kiosk's setting, config, else 80 mm."""
    width = device.settings.get("paper_width_px") if device.settings else None
    return int(width or current_app.config["PRINTER_WIDTH_PX"])


def record_health(session: Session, outbox: Outbox, device: Device, state: str,
                  message: str) -> None:
    """Store what a printer reported; when its state changes, tell staff screens through
    ``outbox``, which the caller sends after its commit."""
    health = session.get(PrinterHealth, device.id)
    changed = health is None or health.state != state
    if health is None:
        health = PrinterHealth(device_id=device.id)
        session.add(health)
    health.state, health.message, health.checked_at = state, message[:500], utcnow()
    if changed:
        log.info("printer of %s %s (%s) is now %s: %s", device.kind, device.id, device.name, state,
                 message)
        session.flush()
        outbox.printer(session, device)


def claim_oldest_due(session: Session, *where) -> PrintJob | None:
    """Mark the oldest due queued job matching ``where`` as printing and return it; None when
    there is none or another process took it first (the mark is the claim)."""
    job = session.scalars(
        select(PrintJob).where(*where, PrintJob.status == JOB_QUEUED,
                               PrintJob.next_attempt_at <= utcnow())
        .order_by(PrintJob.id).limit(1)).first()
    if job is None:
        return None
    taken = session.execute(
        update(PrintJob).where(PrintJob.id == job.id, PrintJob.status == JOB_QUEUED)
        .values(status=JOB_PRINTING, attempts=PrintJob.attempts + 1, updated_at=utcnow()))
    return job if taken.rowcount == 1 else None

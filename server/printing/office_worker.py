"""The spooler's side of a counter's office printer: which counters have forms due, and
taking the next one. The printing itself is the print worker's (``worker.py``), with the
office transports of ``printers/office.py``."""

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from printers.office import office_agent_name

from ..models import PrintJob, utcnow
from ..models.printing import JOB_QUEUED
from ..storage import unit_of_work
from .jobs import claim_oldest_due

NOT_ON_SLIP_PRINTER = "an official form is never printed on a kiosk's slip printer"
NO_OFFICE_PRINTER = "the counter no longer has an office printer the server sends to"


def due_offices(session: Session) -> set[int]:
    """Return the counters with forms due that the spooler sends itself (no agent)."""
    return set(session.scalars(select(PrintJob.counter_id).where(
        PrintJob.device_id.is_(None), PrintJob.counter_id.is_not(None),
        PrintJob.status == JOB_QUEUED, PrintJob.next_attempt_at <= utcnow()).distinct()))


def claim_office(app: Flask, counter_id: int) -> tuple[int, str, bytes | None, str] | None:
    """Take the counter's oldest due form: (job id, printer URI, PDF, refusal) or None.

    The URI is the counter's as it is now, so a printer the admin corrected takes the
    retries; a counter whose printer was removed or moved to an agent fails the job.
    """
    with unit_of_work(app) as session:
        job = claim_oldest_due(session, PrintJob.counter_id == counter_id,
                               PrintJob.device_id.is_(None))
        if job is None:
            return None
        uri = (job.counter.office_printer_uri or "").strip()
        refusal = NO_OFFICE_PRINTER if not uri or office_agent_name(uri) is not None else ""
        return job.id, uri, job.document, refusal

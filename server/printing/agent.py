"""Slips printed by a kiosk's own print agent (printer URI ``agent://``).

The jobs are the spooler's: made with the ticket, rendered here when the agent asks, in
order, one at a time. A job handed out is marked ``printing`` until the agent acknowledges
it; if the agent vanishes, it is handed out again when the agent comes back, and the
agent's journal keeps the second copy off the paper.
"""

import logging

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from printers import PrinterState

from ..models import Device, PrintJob, utcnow
from ..models.printing import DOCUMENT, JOB_DONE, JOB_FAILED, JOB_PRINTING, JOB_QUEUED
from ..payloads import AGENT_OFFLINE
from ..screens_notify import Outbox
from .jobs import record_health
from .worker import EARLIER_DAY, job_slip, offload_cpu, slip_commands

log = logging.getLogger(__name__)
OUTCOMES = {  # what the agent says → (job status, note kept on the job)
    "printed": (JOB_DONE, ""),
    "already_printed": (JOB_DONE, "printed before; acknowledgement repeated"),
    "uncertain": (JOB_DONE, "agent stopped while sending; not printed again"),
    "failed": (JOB_FAILED, ""),
}


def next_agent_job(session: Session, device: Device) -> dict | None:
    """Hand out the kiosk's oldest unacknowledged slip, rendered; None when all are done."""
    while True:
        job = session.scalars(
            select(PrintJob).where(PrintJob.device_id == device.id,
                                   PrintJob.status.in_((JOB_QUEUED, JOB_PRINTING)))
            .order_by(PrintJob.id).limit(1)).first()
        if job is None:
            session.commit()
            return None
        job.updated_at = utcnow()
        if job.reason == DOCUMENT:  # a form: the PDF as rendered, for the agent's office printer
            job.status, job.attempts = JOB_PRINTING, job.attempts + 1
            offer = {"id": job.id, "number": job.dossier.code if job.dossier else "form",
                     "reason": job.reason, "data": job.document or b""}
            session.commit()
            return offer
        slip = job_slip(job)
        if slip is None:
            job.status, job.last_error = JOB_FAILED, EARLIER_DAY
            session.commit()
            continue
        job.status, job.attempts = JOB_PRINTING, job.attempts + 1
        number = job.ticket.number if job.ticket else job.dossier.code
        offer = {"id": job.id, "number": number, "reason": job.reason}
        session.commit()
        # Rendered after the commit and off the hub, as the spooler does.
        return offer | {"data": offload_cpu(current_app, slip_commands, *slip)}


def finish_agent_job(session: Session, device: Device, job_id: int, outcome: str,
                     message: str) -> bool:
    """Store what the agent did with a slip; False when the job is not this kiosk's."""
    job = session.get(PrintJob, job_id)
    if job is None or job.device_id != device.id:
        return False
    if job.status in (JOB_QUEUED, JOB_PRINTING):
        job.status, note = OUTCOMES[outcome]
        job.document = None  # a form's PDF (names, addresses) is not kept once it is done
        job.last_error = (message or note)[:500]
        job.updated_at = utcnow()
        if outcome != "printed":
            log.warning("print job %s of %s %s: %s", job.id, device.kind, device.id,
                        job.last_error)
    session.commit()
    return True


def report_printer(session: Session, device: Device, state: str, message: str) -> None:
    """Store what the agent's printer reports; staff screens hear of a change."""
    outbox = Outbox()
    record_health(session, outbox, device, state, message)
    session.commit()
    outbox.send()


def agent_gone(session: Session, device: Device) -> None:
    """Show the printer offline while no agent is connected for the kiosk."""
    report_printer(session, device, PrinterState.OFFLINE.value, AGENT_OFFLINE)

"""Printers: what a kiosk may promise about its slip, and a printer's state for admins."""

from typing import Self

from pydantic import Field
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from printers.transports import AGENT_SCHEME

from ..device_kinds import KIOSK, PRINT_AGENT, prints_through_agent
from ..models import Device, PrinterHealth, PrintJob, Ticket
from ..models.printing import JOB_FAILED, JOB_PRINTING, JOB_QUEUED
from .common import Moment, Payload

AGENT_OFFLINE = "print agent not connected"


class PrintSummary(Payload):
    """Whether the citizen may expect a slip: the job and the printer's last state."""

    job: int | None
    state: str = Field(description="the job's status (queued, printing, done, failed) or none")
    printer: str = Field(description="ok, offline, paper_out, unknown … or none")
    printer_message: str

    @classmethod
    def of(cls, session: Session, job: PrintJob | None, device: Device, **extra) -> Self:
        """Describe a job and its printer for the kiosk: may the citizen expect a slip?"""
        if not device.printer_uri:
            return cls(job=None, state="none", printer="none", printer_message="", **extra)
        state, message = printer_state(session.get(PrinterHealth, device.id), device)
        return cls(
            job=job.id if job else None,
            state=job.status if job else "none",
            printer=state,
            printer_message=message,
            **extra,
        )


class KioskPrintStatus(PrintSummary):
    """A kiosk's own slip: the summary and how often the spooler has tried it."""

    attempts: int


class Reprint(Payload):
    ticket: int
    number: str
    print: PrintSummary

    @classmethod
    def of(cls, session: Session, ticket: Ticket, job: PrintJob, device: Device) -> Self:
        """Answer a reprint: the ticket and the new slip's job."""
        return cls(
            ticket=ticket.id, number=ticket.number, print=PrintSummary.of(session, job, device)
        )


def printer_state(health: PrinterHealth | None, device: Device) -> tuple[str, str]:
    """Return a printer's last state and detail; a print agent never seen is offline."""
    if health is not None:
        return health.state, health.message
    if prints_through_agent(device.kind, device.printer_uri):
        return "offline", AGENT_OFFLINE
    return "unknown", ""


class PrinterView(Payload):
    """A kiosk's printer for admins: state, when checked, jobs waiting or failed
    (``printer_status``)."""

    device_id: int
    device: str
    printer_uri: str
    state: str
    message: str
    checked_at: Moment | None
    queued: int
    failed: int

    @classmethod
    def of(cls, session: Session, device: Device) -> Self:
        """Describe a kiosk's printer for admins."""
        health = session.get(PrinterHealth, device.id)
        state, message = printer_state(health, device)
        counts = dict(
            session.execute(
                select(PrintJob.status, func.count())
                .where(PrintJob.device_id == device.id)
                .where(PrintJob.status.in_((JOB_QUEUED, JOB_PRINTING, JOB_FAILED)))
                .group_by(PrintJob.status)
            ).all()
        )
        return cls(
            device_id=device.id,
            device=device.name,
            printer_uri=device.printer_uri or f"{AGENT_SCHEME}://",
            state=state,
            message=message,
            checked_at=health.checked_at if health else None,
            queued=counts.get(JOB_QUEUED, 0) + counts.get(JOB_PRINTING, 0),
            failed=counts.get(JOB_FAILED, 0),
        )


class PrinterList(Payload):
    site: str
    printers: list[PrinterView]


def site_printers(session: Session, site_id: int) -> list[PrinterView]:
    """Describe every printer of a site in use, the kiosks' and the counter print agents'
    (for admins and the staff screens)."""
    devices = session.scalars(select(Device).where(
        Device.site_id == site_id, Device.revoked_at.is_(None),
        or_(and_(Device.kind == KIOSK, Device.printer_uri.is_not(None)),
            Device.kind == PRINT_AGENT)).order_by(Device.id)).all()
    return [PrinterView.of(session, device) for device in devices]


class OfficePrint(Payload):
    """An official form queued for the counter's office printer (202)."""

    job: int = Field(description="the print job; the spooler retries it while the printer "
                                 "is off")
    counter: int = Field(description="the counter whose office printer prints it")
    printer: str = Field(description="how it is sent: tcp, cups, win32raw or agent")
    state: str = Field(description="the job's status: queued, printing, done or failed")
    attempts: int = Field(description="how often the spooler (or the agent) has tried it")
    error: str = Field(description="why the last try failed (the printer's own words), or ''")

    @classmethod
    def of(cls, job: PrintJob) -> Self:
        """Describe a form's print job to the clerk who sent it."""
        scheme = (job.counter.office_printer_uri or "").split(":", 1)[0].lower()
        return cls(job=job.id, counter=job.counter.number, printer=scheme, state=job.status,
                   attempts=job.attempts or 0, error=job.last_error or "")

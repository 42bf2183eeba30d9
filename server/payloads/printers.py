"""Printers: what a kiosk may promise about its slip, a printer's state for admins, and a
form's print job for the clerk who sent it."""

from typing import Self

from pydantic import Field
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from printers.transports import AGENT_SCHEME

from ..device_kinds import KIOSK, PRINT_AGENT, prints_through_agent
from ..models import Device, PrinterHealth, PrintJob, Ticket
from ..models.printing import JOB_DONE, JOB_FAILED, JOB_PRINTING, JOB_QUEUED
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


# Why a print failed: code → (Vietnamese, English, what the stored detail says when it is
# that), first match wins. The detail is what the transport, the spooler or the print agent
# wrote on the job (English, with the printer's address); it is read rather than a stored
# code, so the jobs that failed before the code existed are explained too. Under eventlet a
# socket error names its errno ("[Errno 111] ECONNREFUSED") instead of the system's text.
FAILURES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "paper_out": ("Máy in hết giấy", "printer out of paper",
                  ("paper out", "out of paper", "no paper")),
    "refused": ("Máy in từ chối kết nối", "printer refused the connection",
                ("connection refused", "actively refused", "econnrefused", "connection reset",
                 "econnreset")),
    "not_answering": ("Máy in không phản hồi", "printer not answering",
                      ("timed out", "etimedout", "did not answer", "did not properly respond",
                       "no route to host", "host is unreachable", "ehostunreach",
                       "network is unreachable", "enetunreach")),
    "address_unknown": ("Không tìm thấy địa chỉ máy in", "printer address not found",
                        ("name or service not known", "nodename nor servname",
                         "getaddrinfo failed", "name resolution")),
    "misconfigured": ("Máy in cài đặt sai, xin báo quản trị viên",
                      "printer set up wrongly; please tell the administrator",
                      ("printer uri:", "configuration error", "unknown office printer uri",
                       "lp (cups) is not installed")),
    "no_office_printer": ("Quầy chưa có máy in văn phòng", "the counter has no office printer",
                          ("no longer has an office printer", "has no office printer")),
    "wrong_printer": ("Biểu mẫu không in trên máy in phiếu",
                      "a form is never printed on a slip printer", ("kiosk's slip printer",)),
    "unavailable": ("Không kết nối được máy in", "printer cannot be reached",
                    ("printer ", "offline")),
    "printer_error": ("Máy in báo lỗi", "printer error", ()),
}


def failure_reason(error: str) -> str:
    """Return the reason code of a stored print failure; '' when there is none."""
    if not error:
        return ""
    said = error.lower()
    return next((code for code, (_, _, signs) in FAILURES.items()
                 if any(sign in said for sign in signs)), "printer_error")


class OfficePrint(Payload):
    """An official form queued for the counter's office printer (202)."""

    job: int = Field(description="the print job; the spooler retries it while the printer "
                                 "is off")
    counter: int = Field(description="the counter whose office printer prints it")
    printer: str = Field(description="how it is sent: tcp, cups, win32raw or agent")
    state: str = Field(description="the job's status: queued, printing, done or failed")
    attempts: int = Field(description="how often the spooler (or the agent) has tried it")
    error: str = Field(description="why the last try failed (the printer's own words), or ''")
    reason: str = Field(description="why the last try failed, as a stable code ("
                                    + ", ".join(FAILURES) + "), or '' when nothing failed")
    message: str = Field(description="that reason in words for the clerk, in Vietnamese, "
                                     "or ''")
    message_en: str = Field(description="the same in English, or ''")

    @classmethod
    def of(cls, job: PrintJob) -> Self:
        """Describe a form's print job to the clerk who sent it."""
        scheme = (job.counter.office_printer_uri or "").split(":", 1)[0].lower()
        error = job.last_error or ""
        # A done job may keep the agent's note ("printed before…"): nothing failed.
        reason = "" if job.status == JOB_DONE else failure_reason(error)
        message, message_en = FAILURES[reason][:2] if reason else ("", "")
        return cls(job=job.id, counter=job.counter.number, printer=scheme, state=job.status,
                   attempts=job.attempts or 0, error=error, reason=reason, message=message,
                   message_en=message_en)

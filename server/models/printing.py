"""Print jobs waiting for a kiosk's printer, and what each printer last reported."""

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault

JOB_QUEUED = "queued"
JOB_PRINTING = "printing"
JOB_DONE = "done"
JOB_FAILED = "failed"
DOCUMENT = "document"  # the reason of a job that prints an official form on an office printer


class PrintJob(Base):
    """One slip to print on one kiosk's printer, kept until it has printed.

    A ticket's slip, or (``dossier_id``) a dossier's receipt; or (reason ``document``) an
    official form for a counter's office printer (``counter_id``): its PDF bytes kept in
    ``document`` and sent unchanged, through the agent named ``device_id`` or by the
    spooler itself (no device) — never on a kiosk's slip printer.
    """

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True,
                                                  nullable=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True,
                                                   index=True)
    document: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # issue | reprint (the kiosk's) | staff_reprint | receipt | document
    reason: Mapped[str] = mapped_column(String(16), default="issue")
    status: Mapped[str] = mapped_column(String(16), default=JOB_QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # What the slip says, frozen when the job is made so a retry prints the same slip.
    waiting_ahead: Mapped[int] = mapped_column(Integer, default=0)
    estimated_wait_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The estimate's range; the slip prints it when it is wide (empty on older jobs).
    estimated_low_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    estimated_high_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    qr_url: Mapped[str] = mapped_column(String(500), default="")
    next_attempt_at: Mapped[NowByDefault]
    created_at: Mapped[NowByDefault]
    updated_at: Mapped[NowByDefault]

    ticket = relationship("Ticket")
    dossier = relationship("Dossier")
    device = relationship("Device")
    counter = relationship("Counter")

    __table_args__ = (Index("ix_print_jobs_pending", "status", "next_attempt_at"),)


class PrinterHealth(Base):
    """The last state a kiosk's printer reported: online, paper near end or out, offline."""

    __tablename__ = "printer_health"

    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="unknown")
    message: Mapped[str] = mapped_column(String(500), default="")
    checked_at: Mapped[NowByDefault]

    device = relationship("Device")

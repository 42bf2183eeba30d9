"""Tickets, their daily numbering and the append-only log of every change."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault

WAITING = "waiting"
CALLED = "called"
SERVING = "serving"
DONE = "done"
NO_SHOW = "no_show"
EXPIRED = "expired"
TICKET_STATUSES = (WAITING, CALLED, SERVING, DONE, NO_SHOW, EXPIRED)
ACTIVE_AT_COUNTER = (CALLED, SERVING)
KIOSK_CHANNEL = "kiosk"
APPOINTMENT_CHANNEL = "appointment"
# Tickets not closed yet, as SQL: queries repeat it literally so the partial index below is
# used (SQLite cannot match a bound parameter against an index's condition).
OPEN_CONDITION = "status IN ('waiting', 'called', 'serving')"
REMOTE_CHANNEL = "remote"
TICKET_CHANNELS = (KIOSK_CHANNEL, APPOINTMENT_CHANNEL, REMOTE_CHANNEL)


class TicketSequence(Base):
    """The last sequence handed out per site, service and service day."""

    __tablename__ = "ticket_sequences"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    """One citizen's place in a queue, from issue to the end of service."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    original_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    service_day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(16))
    public_code: Mapped[str] = mapped_column(String(32), unique=True)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=WAITING)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    target_counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id"), nullable=True
    )
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    issued_at: Mapped[NowByDefault]
    queued_at: Mapped[NowByDefault]
    called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    no_show_count: Mapped[int] = mapped_column(Integer, default=0)
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    # The procedure the citizen chose at the kiosk's look-up, if any.
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"), nullable=True)
    # Where the ticket came from: the kiosk, a booked appointment's check-in, or a phone.
    channel: Mapped[str] = mapped_column(String(16), default=KIOSK_CHANNEL)
    # The booked slot's start: from then on the ticket is called ahead of walk-ins.
    appointment_at: Mapped[datetime | None]
    phone: Mapped[str | None] = mapped_column(String(16), nullable=True)

    service = relationship("Service", foreign_keys=[service_id])
    counter = relationship("Counter", foreign_keys=[counter_id])
    site = relationship("Site")
    procedure = relationship("Procedure")

    __table_args__ = (
        UniqueConstraint("site_id", "original_service_id", "service_day", "sequence",
                         name="uq_tickets_daily_sequence"),
        UniqueConstraint("site_id", "request_id", name="uq_tickets_request_id"),
        Index("ix_tickets_queue", "site_id", "service_day", "status", "service_id", "queued_at"),
        # Recent service times for wait estimates, read at every issue.
        Index("ix_tickets_finished", "service_id", "status", "finished_at"),
        # A report over closed days reads rollups, plus the few tickets of those days that
        # never closed (the server was off at rollover): this finds them without a scan.
        Index("ix_tickets_open_by_day", "service_day", postgresql_where=text(OPEN_CONDITION),
              sqlite_where=text(OPEN_CONDITION)),
    )


class TicketEvent(Base):
    """An append-only record of one change to a ticket: who, what, when, where."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[NowByDefault] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(32))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)

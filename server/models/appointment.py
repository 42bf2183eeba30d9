"""Appointments booked ahead, the places taken in each slot, and messages sent to phones."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault

HELD = "held"  # a public booking awaiting the code sent to its phone: holds its place
LAPSED = "lapsed"  # a hold whose code never came back: its place is given back
BOOKED = "booked"
CHECKED_IN = "checked_in"
CANCELLED = "cancelled"
NO_SHOW = "no_show"
APPOINTMENT_STATUSES = (HELD, BOOKED, CHECKED_IN, CANCELLED, NO_SHOW, LAPSED)
# Bookings still awaiting their citizen, as SQL: written literally so the partial index below
# is used (SQLite cannot match a bound parameter against an index's condition).
BOOKED_CONDITION = "status = 'booked'"


class SlotLoad(Base):
    """How many places of one service's slot are taken; updated atomically on every booking."""

    __tablename__ = "appointment_slots"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    start: Mapped[datetime] = mapped_column(primary_key=True)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class Appointment(Base):
    """A citizen's booked time for a field of work, from booking to check-in or no-show."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    start: Mapped[datetime]
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(16), index=True)
    # The ID number, when given, as its keyed hash and last four digits only.
    id_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    id_last4: Mapped[str] = mapped_column(String(4), default="")
    status: Mapped[str] = mapped_column(String(16), default=BOOKED)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    created_at: Mapped[NowByDefault]
    checked_in_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    service = relationship("Service")
    site = relationship("Site")
    ticket = relationship("Ticket")

    __table_args__ = (
        Index("ix_appointments_site_start", "site_id", "start"),
        # The minute's rollover check looks for bookings past their window among the few
        # still booked, not through every past appointment.
        Index("ix_appointments_booked", "site_id", "start",
              postgresql_where=text(BOOKED_CONDITION), sqlite_where=text(BOOKED_CONDITION)),
    )


class PhoneHold(Base):
    """A public booking or remote ticket waiting for the one-time code sent to its phone.

    Only a hash of the code is kept. A booking's place is taken while it waits (its
    appointment is ``held``); a remote ticket is issued only once the code comes back.
    """

    __tablename__ = "phone_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    kind: Mapped[str] = mapped_column(String(16))  # booking, remote
    phone: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # confirmed, lapsed
    created_at: Mapped[NowByDefault]
    expires_at: Mapped[datetime]
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"),
                                                       nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)

    appointment = relationship("Appointment")
    service = relationship("Service")
    ticket = relationship("Ticket")

    __table_args__ = (
        Index("ix_phone_holds_site_created", "site_id", "created_at"),
        Index("ix_phone_holds_state_expires", "state", "expires_at"),
    )


class Notification(Base):
    """One message to a citizen's phone about one ticket event, and how sending it went.

    The unique (ticket, event) pair is what makes "never more than one message per ticket
    per event" hold across retries and processes.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    event: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[NowByDefault]
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[NowByDefault]
    sent_at: Mapped[datetime | None]

    ticket = relationship("Ticket")

    __table_args__ = (
        UniqueConstraint("ticket_id", "event", name="uq_notifications_ticket_event"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )

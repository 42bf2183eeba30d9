"""Citizens who identified with their ID card: a keyed hash of the number, never the number."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault


class Citizen(Base):
    """One person, known by the HMAC of their ID number and its last four digits.

    The name, birth date and address read from the card are kept only until
    ``details_until`` (the day's rollover plus the site's retention), then erased; the
    row itself goes when nothing refers to it any more.
    """

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_last4: Mapped[str] = mapped_column(String(4))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(3), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    details_until: Mapped[datetime] = mapped_column(index=True)
    first_seen_at: Mapped[NowByDefault]
    last_seen_at: Mapped[NowByDefault]


class TicketCitizen(Base):
    """The person a ticket was taken for, when they scanned their card."""

    __tablename__ = "ticket_citizens"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)

    citizen = relationship("Citizen")
    ticket = relationship("Ticket")

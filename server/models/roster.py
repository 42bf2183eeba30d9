"""The duty roster (lịch trực) and the record of when each counter was actually open."""

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class RosterEntry(Base):
    """One clerk rostered at one counter on one day, for a span of working hours."""

    __tablename__ = "roster_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    day: Mapped[date] = mapped_column(Date)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts: Mapped[time] = mapped_column(Time, default=time(7, 30))
    ends: Mapped[time] = mapped_column(Time, default=time(17, 0))

    counter = relationship("Counter")
    user = relationship("User")

    __table_args__ = (
        UniqueConstraint("counter_id", "day", "starts", name="uq_roster_entries_slot"),
        Index("ix_roster_entries_site_day", "site_id", "day"),
    )


class CounterSession(Base):
    """A span during which a clerk had a counter open (signed in until signed out)."""

    __tablename__ = "counter_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_counter_sessions_user_opened", "user_id", "opened_at"),
                      Index("ix_counter_sessions_counter_open", "counter_id", "closed_at"))

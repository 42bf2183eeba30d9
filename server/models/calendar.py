"""The working calendar the admin maintains: announced days off and make-up working days."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

DAY_OFF = "off"
WORKING_DAY = "working"
CALENDAR_KINDS = (DAY_OFF, WORKING_DAY)


class CalendarDay(Base):
    """A day the government (or a site) declares off, or a Saturday/Sunday worked to make up.

    ``site_id`` empty: the whole province; otherwise it applies to that site only and wins
    over a province-wide entry for the same day.
    """

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"),
                                                nullable=True)
    kind: Mapped[str] = mapped_column(String(16), default=DAY_OFF)
    name: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")

    site = relationship("Site")

    __table_args__ = (UniqueConstraint("day", "site_id"),)

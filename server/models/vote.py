"""Citizens' satisfaction votes, one per ticket."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, NowByDefault

RATINGS = {
    4: "Rất hài lòng",
    3: "Hài lòng",
    2: "Bình thường",
    1: "Không hài lòng",
}


class Vote(Base):
    """A satisfaction rating (1..4, 4 best) for one finished ticket at one counter."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), index=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    rating: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[NowByDefault] = mapped_column(index=True)

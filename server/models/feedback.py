"""Feedback and complaints (góp ý, phản ánh, kiến nghị) from citizens, and the replies."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault

FEEDBACK_CATEGORIES = ("suggestion", "attitude", "dossier", "waiting", "proposal", "other")
FEEDBACK_STATUSES = ("new", "assigned", "answered", "closed")


class Feedback(Base):
    """One citizen's message, followed by its tracking code until the centre answers."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    category: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    source: Mapped[str] = mapped_column(String(16), default="phone")  # phone, kiosk, vote-pad
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[NowByDefault]
    replied_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    site = relationship("Site")
    assignee = relationship("User", foreign_keys=[assignee_id])
    ticket = relationship("Ticket")
    dossier = relationship("Dossier")

    __table_args__ = (Index("ix_feedback_site_status", "site_id", "status"),)

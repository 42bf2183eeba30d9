"""Which visits (tickets) brought or collected which dossiers, and the ratings per dossier."""

from sqlalchemy import JSON, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault

# The visit's part in the dossier's life: it was handed in, or its result was taken away.
LINK_RECEIVED = "received"
LINK_RETURNED = "returned"
LINK_KINDS = (LINK_RECEIVED, LINK_RETURNED)


class TicketDossier(Base):
    """One dossier handed in or collected during one visit; a visit may bring several."""

    __tablename__ = "ticket_dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=LINK_RECEIVED)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="counter")  # or "integration"
    at: Mapped[NowByDefault]

    ticket = relationship("Ticket")
    dossier = relationship("Dossier")

    __table_args__ = (UniqueConstraint("ticket_id", "dossier_id", "kind",
                                       name="uq_ticket_dossiers_visit"),)


class DossierRating(Base):
    """A citizen's rating of one dossier at one stage (received or returned), per criterion."""

    __tablename__ = "dossier_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    kind: Mapped[str] = mapped_column(String(16))  # the visit rated: received or returned
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))  # "pad" or "phone"
    scores: Mapped[dict] = mapped_column(JSON)  # criterion key → 1..4
    average: Mapped[float] = mapped_column(Float)
    at: Mapped[NowByDefault]

    __table_args__ = (UniqueConstraint("dossier_id", "kind", name="uq_dossier_ratings_visit"),
                      Index("ix_dossier_ratings_site_at", "site_id", "at"))

"""Staff users and the devices (kiosks, displays, vote pads) that hold tokens."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..device_kinds import DEVICE_KINDS  # noqa: F401 (the kinds are defined there)
from .base import Base, NowByDefault

ROLES = ("admin", "manager", "clerk")

user_counters = Table(
    "user_counters",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("counter_id", ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A staff member; ``site_id`` empty means every site (province-level staff)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[NowByDefault]

    # Counters a clerk may staff; none listed means any counter of the clerk's site.
    counters = relationship("Counter", secondary=user_counters)


class Device(Base):
    """A kiosk, TV display or vote pad, known by a revocable token."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    printer_uri: Mapped[str | None] = mapped_column(String(300), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[NowByDefault]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]

    site = relationship("Site")
    counter = relationship("Counter")


class LoginSession(Base):
    """One sign-in through the login page; the cookie holds its key, the server its hash.

    Logging out ends it here, so a copied cookie stops working; it also ends at
    ``expires_at`` whatever the cookie says.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[NowByDefault]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]

"""Sites, services (fields of work) and counters."""

from datetime import datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

counter_services = Table(
    "counter_services",
    Base.metadata,
    Column("counter_id", ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


COUNTER_OPEN = "open"
COUNTER_PAUSED = "paused"
COUNTER_CLOSED = "closed"
COUNTER_STATES = (COUNTER_OPEN, COUNTER_PAUSED, COUNTER_CLOSED)
# Since 1 July 2025 local government has two tiers: each province runs a provincial Public
# Administrative Service Centre and each commune or ward its own centre (Decree 118/2025/NĐ-CP).
SITE_TIERS = {"province": ("Trung tâm cấp tỉnh", "Provincial centre"),
              "commune": ("Trung tâm cấp xã", "Commune-level centre")}
# How citizens are addressed on the kiosk, the ticket page and the slip:
# key → (form inside a sentence, form that starts a sentence).
CITIZEN_ADDRESSES = {"quy_khach": ("quý khách", "Quý khách"), "ong_ba": ("Ông/Bà", "Ông/Bà")}


class Site(Base):
    """A centre, provincial or commune-level, with its own numbering."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    rollover_at: Mapped[time] = mapped_column(Time, default=time(0, 0))
    priority_policy: Mapped[str] = mapped_column(String(16), default="strict")
    priority_ratio: Mapped[int] = mapped_column(Integer, default=3)
    notice: Mapped[str] = mapped_column(String(500), default="")
    announcement_template: Mapped[str] = mapped_column(String(300), default="")
    ticket_footer: Mapped[str] = mapped_column(String(300), default="")
    # Where citizens send feedback and complaints, posted on the public board:
    # {"office": ..., "address": ..., "phone": ..., "email": ...}
    feedback_contact: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    works_saturday: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the departments behind the counters process dossiers on Saturdays: only then
    # does a Saturday count on the legal clock (make-up Saturdays count either way).
    back_office_saturdays: Mapped[bool] = mapped_column(Boolean, default=False)
    # A booked citizen may check in this early before the slot, and is still "on time"
    # this late after it; later, they get a walk-in ticket.
    appointment_early_min: Mapped[int] = mapped_column(Integer, default=30)
    appointment_late_min: Mapped[int] = mapped_column(Integer, default=15)
    # Numbers taken from the phone: allowed at all, how many per phone a day, and only
    # when at least this many people already wait (0: always).
    remote_tickets: Mapped[bool] = mapped_column(Boolean, default=False)
    # A person who scanned their ID card holds one waiting ticket per field.
    one_ticket_per_person: Mapped[bool] = mapped_column(Boolean, default=True)
    remote_per_phone: Mapped[int] = mapped_column(Integer, default=1)
    remote_min_waiting: Mapped[int] = mapped_column(Integer, default=0)
    # Optionally only within this many metres of the site's position (0: anywhere).
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    remote_radius_m: Mapped[int] = mapped_column(Integer, default=0)
    # Public bookings and remote tickets count only once the citizen types the code sent
    # to their phone; only where a message gateway is configured (QMS_NOTIFY_WEBHOOK_URL).
    phone_check: Mapped[bool] = mapped_column(Boolean, default=True)
    # People ahead that trigger "your turn is near"; empty: QMS_NOTIFY_AHEAD.
    notify_ahead: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier: Mapped[str] = mapped_column(String(16), default="commune")
    citizen_address: Mapped[str] = mapped_column(String(16), default="quy_khach")
    # The official forms' heading: the place on the date line ("Hà Nội, ngày …") and the
    # authority above the issuing unit ("UBND PHƯỜNG HOÀN KIẾM"); empty leaves them out.
    form_place: Mapped[str] = mapped_column(String(100), default="")
    form_authority: Mapped[str] = mapped_column(String(200), default="")

    services: Mapped[list["Service"]] = relationship(
        back_populates="site", order_by="Service.sort_order"
    )
    counters: Mapped[list["Counter"]] = relationship(
        back_populates="site", order_by="Counter.number"
    )

    @property
    def citizen_words(self) -> dict:
        """Return how this site addresses a citizen: inside a sentence and at its start."""
        inside, start = CITIZEN_ADDRESSES.get(self.citizen_address, CITIZEN_ADDRESSES["quy_khach"])
        return {"inside": inside, "start": start}

    @property
    def takes_bookings(self) -> bool:
        """Tell whether any open service of the site takes appointments."""
        return any(service.active and service.slot_minutes > 0 for service in self.services)

    def heading_lines(self, centre_name: str) -> tuple[str, str]:
        """Return the two heading lines of a slip or kiosk: centre, then site.

        A site named in full ("Trung tâm Phục vụ hành chính công tỉnh …") already says what
        the centre is, so it heads alone instead of repeating the centre's name above it.
        """
        if centre_name and self.name.casefold().startswith(centre_name.casefold()):
            return self.name, ""
        return centre_name, self.name


class Service(Base):
    """A field of work citizens queue for, with its own number block."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(4), default="")
    number_start: Mapped[int] = mapped_column(Integer, default=1)
    number_end: Mapped[int] = mapped_column(Integer, default=999)
    number_width: Mapped[int] = mapped_column(Integer, default=0)
    priority_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    target_wait_s: Mapped[int] = mapped_column(Integer, default=1800)
    default_service_s: Mapped[int] = mapped_column(Integer, default=300)
    # {"mon": [["07:30", "11:30"], ["13:30", "17:00"]], ...}; empty means always open.
    opening_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    # Booking: slot length (0: not bookable), at most this many places a slot, and the
    # share (percent) of the counters' capacity kept for walk-ins.
    slot_minutes: Mapped[int] = mapped_column(Integer, default=0)
    slot_places: Mapped[int] = mapped_column(Integer, default=0)
    walk_in_share: Mapped[int] = mapped_column(Integer, default=50)
    # Stop issuing walk-in numbers for the day from this local time, or once this many
    # numbers were issued today; empty: no such stop ("đã đủ số hôm nay").
    last_ticket_at: Mapped[time | None] = mapped_column(Time, nullable=True)
    daily_ticket_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)

    site: Mapped[Site] = relationship(back_populates="services")

    __table_args__ = (UniqueConstraint("site_id", "code"),)

    def shown_number(self, sequence: int) -> str:
        """Return the number printed and announced for the day's ``sequence``-th ticket."""
        value = self.number_start + sequence - 1
        digits = str(value).zfill(self.number_width) if self.number_width else str(value)
        return f"{self.prefix}{digits}"

    @property
    def capacity(self) -> int:
        return self.number_end - self.number_start + 1


class Counter(Base):
    """A service desk: serves some services, is open or paused, staffed by one clerk."""

    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=COUNTER_CLOSED)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True), nullable=True
    )
    last_finished_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True), nullable=True
    )
    normal_since_priority: Mapped[int] = mapped_column(Integer, default=0)
    last_called_at: Mapped[datetime | None]
    # The counter's own office printer for the A4 forms (printers/office.py): tcp://,
    # cups://, win32raw:// or agent://<name>; None: the console opens the PDF instead.
    office_printer_uri: Mapped[str | None] = mapped_column(String(300), nullable=True)

    __table_args__ = (UniqueConstraint("site_id", "number"),)

    site: Mapped[Site] = relationship(back_populates="counters")
    services: Mapped[list[Service]] = relationship(
        secondary=counter_services, order_by="Service.sort_order"
    )
    clerk = relationship("User", foreign_keys=[clerk_id])
    current_ticket = relationship("Ticket", foreign_keys=[current_ticket_id], post_update=True)
    last_finished_ticket = relationship(
        "Ticket", foreign_keys=[last_finished_ticket_id], post_update=True
    )

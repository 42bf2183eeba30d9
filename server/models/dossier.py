"""Dossiers received at the counter or from the one-stop software, and their history."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault
from .procedure import WorkingDays

RECEIVED = "received"
IN_PROGRESS = "in_progress"
SUPPLEMENT_REQUESTED = "supplement_requested"
READY = "ready"
RETURNED = "returned"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
DOSSIER_STATUSES = (RECEIVED, IN_PROGRESS, SUPPLEMENT_REQUESTED, READY, RETURNED, REFUSED,
                    WITHDRAWN)
# Once here the centre's work on the dossier is over; "overdue" is judged at that moment.
FINISHED = (READY, RETURNED, REFUSED, WITHDRAWN)
# How the citizen takes the result (Mẫu 01, "Đăng ký nhận kết quả tại").
RESULT_DELIVERIES = {
    "counter": ("Tại nơi tiếp nhận hồ sơ", "At the one-stop counter"),
    "post": ("Qua dịch vụ bưu chính công ích", "By post"),
    "online": ("Trực tuyến (Cổng Dịch vụ công)", "Online (public service portal)"),
}
IN_PERSON = "in_person"
ONLINE = "online"
POST = "post"
CHANNELS = (IN_PERSON, ONLINE, POST)


class Dossier(Base):
    """One application (hồ sơ) received for a procedure, with its appointment date."""

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    # The catalogue's procedure when known; its code and name are kept as received.
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"),
                                                     nullable=True)
    procedure_code: Mapped[str] = mapped_column(String(64), default="")
    procedure_name: Mapped[str] = mapped_column(String(500))
    applicant_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32), default="")
    # What the receipt (Mẫu 01) lists: the address, the documents received as
    # [{"name", "originals", "copies"}], how many sets, and where the result goes
    # (RESULT_DELIVERIES). The address is erased with the phone (server/engine/privacy.py).
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    documents: Mapped[list] = mapped_column(JSON, default=list)
    sets: Mapped[int] = mapped_column(Integer, default=1)
    result_delivery: Mapped[str] = mapped_column(String(16), default="counter")
    # The applicant's ID number, as its keyed hash and last four digits only; the last
    # digits (or the phone's) are the second factor of a public look-up by a guessable code.
    applicant_id_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    applicant_id_last4: Mapped[str] = mapped_column(String(4), default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="counter")
    # How the citizen lodged it (Decree 118/2025/NĐ-CP): in_person, online or post.
    channel: Mapped[str] = mapped_column(String(16), default=IN_PERSON)
    received_at: Mapped[NowByDefault]
    # Whole or half working days; 0 is "trong ngày" (the same day, 15:00 cut-off).
    processing_days: Mapped[float | None] = mapped_column(WorkingDays, nullable=True)
    # The due time to the minute on the legal clock, and its local date (kept for the
    # answers, slips and reports that read a date).
    due_at: Mapped[datetime | None]
    due_date: Mapped[date] = mapped_column(Date)
    due_override_reason: Mapped[str] = mapped_column(String(300), default="")
    # An extension (Mẫu 04) moves due_at; the first due time stays here for timeliness.
    original_due_at: Mapped[datetime | None]
    extension_reason: Mapped[str] = mapped_column(String(300), default="")
    # Set while the citizen is asked for more documents: the clock stands still.
    clock_paused_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(24), default=RECEIVED)
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    status_changed_at: Mapped[NowByDefault]
    # When the work ended (ready, refused, withdrawn) and when the citizen took the result.
    finished_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]

    site = relationship("Site")
    service = relationship("Service")
    clerk = relationship("User")
    counter = relationship("Counter")

    __table_args__ = (Index("ix_dossiers_site_received", "site_id", "received_at"),)


class DossierEvent(Base):
    """An append-only record of one change to a dossier: what, who and when."""

    __tablename__ = "dossier_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[NowByDefault]
    kind: Mapped[str] = mapped_column(String(24))  # received, status, due_changed, updated
    status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)


class DossierHandover(Base):
    """One step of a dossier between units (Mẫu 06): the unit that held it, from when to
    when, and who handed it on. The centre receives it, a department processes it, and the
    result's return to the centre ends the work."""

    __tablename__ = "dossier_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime]
    # Null while the unit still holds it.
    handed_at: Mapped[datetime | None]
    # Who took it in: a staff member's or device's name as it was then.
    by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)


OUTCOME_RECEIVED = "received"
OUTCOME_SUPPLEMENT = "supplement"
OUTCOME_REFUSED = "refused"
OUTCOME_KINDS = (OUTCOME_RECEIVED, OUTCOME_SUPPLEMENT, OUTCOME_REFUSED)


class CounterOutcome(Base):
    """What came of a citizen's papers at the counter: received (a dossier), guidance to
    complete them (Mẫu 02) or a refusal (Mẫu 03), against the ticket being served."""

    __tablename__ = "counter_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True,
                                                  index=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"),
                                                     nullable=True)
    procedure_code: Mapped[str] = mapped_column(String(64), default="")
    procedure_name: Mapped[str] = mapped_column(String(500))
    # Erased with the other names after PERSONAL_DATA_KEEP_DAYS (server/engine/privacy.py).
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), nullable=True)
    missing: Mapped[list] = mapped_column(JSON, default=list)  # the documents to bring
    reason: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[NowByDefault]

    __table_args__ = (Index("ix_counter_outcomes_site_at", "site_id", "at"),)

"""The catalogue of administrative procedures (thủ tục hành chính) and their forms."""

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, NowByDefault, utcnow

# Two tiers since 1 July 2025. Older data's "district" is read as "commune": the reform gave
# most of the former district tier's procedures to the commune (see docs/procedures.md).
LEVELS = ("province", "commune")
FORMER_LEVELS = {"district": "commune"}


class WorkingDays(TypeDecorator):
    """A processing time in working days, whole or half (0.5: half a day; 0: the same day);
    whole values come back as ``int``, so 3 reads "3 ngày", never "3.0 ngày"."""

    impl = Float
    cache_ok = True

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return int(value) if float(value).is_integer() else float(value)


class Procedure(Base):
    """One procedure, known by its national code, offered by one or more sites."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The national code (1.001193); a local code adds the agency's suffix
    # (1.001193.000.00.00.H12) and is kept as the province's system writes it.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    local_code: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(500))
    level: Mapped[str] = mapped_column(String(16), default="commune")
    # [{"name": ..., "kind": "original" | "copy" | "certified_copy", "count": 1}]
    documents: Mapped[list] = mapped_column(JSON, default=list)
    processing_days: Mapped[float | None] = mapped_column(WorkingDays, nullable=True)
    fee: Mapped[str] = mapped_column(String(500), default="")
    fee_amount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Where a channel differs (online, post): {"online": {"fee", "fee_amount",
    # "processing_days"}}; what a channel leaves out is the procedure's own.
    channel_terms: Mapped[dict] = mapped_column(JSON, default=dict)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    submit_at: Mapped[str] = mapped_column(String(500), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    keywords: Mapped[str] = mapped_column(String(500), default="")
    # Name, code and keywords folded to plain lower-case ASCII words, for searching.
    search_text: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[NowByDefault] = mapped_column(onupdate=utcnow)

    offers: Mapped[list["ProcedureOffer"]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan")
    forms: Mapped[list["ProcedureForm"]] = relationship(
        back_populates="procedure", order_by="ProcedureForm.id", cascade="all, delete-orphan")


class ProcedureForm(Base):
    """A form (mẫu đơn, tờ khai): a file kept in the instance, or a link to one elsewhere."""

    __tablename__ = "procedure_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedures.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(200), default="")
    stored_name: Mapped[str] = mapped_column(String(100), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    external_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[NowByDefault]

    procedure: Mapped[Procedure] = relationship(back_populates="forms")


class ProcedureOffer(Base):
    """A site offers a procedure in one of its fields (the queue that receives it).

    The field is per site: a ward that merges civil status and certification into one
    field receives the same national procedure in a different queue than the city does.
    """

    __tablename__ = "procedure_offers"

    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedures.id", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"),
                                         primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"),
                                            index=True)

    procedure: Mapped[Procedure] = relationship(back_populates="offers")
    site = relationship("Site")
    service = relationship("Service")

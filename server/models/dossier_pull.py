"""Where the pull from each province system stands: its cursor and its last run."""

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

# How a run ended: every record applied, some records skipped, or nothing applied.
PULL_OK, PULL_PARTIAL, PULL_FAILED = "ok", "partial", "failed"


class DossierPullSource(Base):
    """One mapping file's source: the ``updated_since`` it asks from next, and its last run."""

    __tablename__ = "dossier_pull_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # The remote's own time of the newest change applied; the next run asks from there.
    cursor: Mapped[datetime | None]
    last_run_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_result: Mapped[str] = mapped_column(String(16), default="")
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # The skipped records of the last run, one "code: reason" a line (codes, never names).
    record_errors: Mapped[str] = mapped_column(Text, default="")
    # Failed runs in a row; the pause before the next one doubles with each.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_run_at: Mapped[datetime | None]

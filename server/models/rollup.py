"""Report rollups: per service day, site, service, counter, clerk and procedure, the figures of
the tickets closed that day, so a year's report reads a few rows instead of every ticket.

Dimension columns hold 0 for "none" (no counter, clerk or procedure): primary-key columns
cannot be NULL, and an upsert needs a key that compares equal.
"""

from datetime import date

from sqlalchemy import BigInteger, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

# Durations are kept as whole seconds, each written with this many digits, one after the
# other: appending is a plain SQL text concatenation (atomic inside an upsert on PostgreSQL
# and SQLite), and a period's values decode at once. 7 digits reach 115 days.
SECONDS_WIDTH = 7
SECONDS_MAX = 10**SECONDS_WIDTH - 1


class ReportRollup(Base):
    """The closed tickets, transfers made and votes of one service day for one combination."""

    __tablename__ = "report_rollups"

    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clerk_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issued: Mapped[int] = mapped_column(Integer, default=0)
    served: Mapped[int] = mapped_column(Integer, default=0)
    no_show: Mapped[int] = mapped_column(Integer, default=0)
    # Tickets transferred at least once (by site, service, procedure) ...
    transferred: Mapped[int] = mapped_column(Integer, default=0)
    # ... and transfers made at this counter by this clerk (by counter, clerk).
    transfers_made: Mapped[int] = mapped_column(Integer, default=0)
    overdue: Mapped[int] = mapped_column(Integer, default=0)
    recalled: Mapped[int] = mapped_column(Integer, default=0)
    wait_count: Mapped[int] = mapped_column(Integer, default=0)
    wait_sum_us: Mapped[int] = mapped_column(BigInteger, default=0)
    wait_seconds: Mapped[str] = mapped_column(Text, default="")
    service_count: Mapped[int] = mapped_column(Integer, default=0)
    service_sum_us: Mapped[int] = mapped_column(BigInteger, default=0)
    service_seconds: Mapped[str] = mapped_column(Text, default="")
    votes_1: Mapped[int] = mapped_column(Integer, default=0)
    votes_2: Mapped[int] = mapped_column(Integer, default=0)
    votes_3: Mapped[int] = mapped_column(Integer, default=0)
    votes_4: Mapped[int] = mapped_column(Integer, default=0)


class ReasonRollup(Base):
    """How often one reason was ticked on the votes of one service day at one site."""

    __tablename__ = "report_reason_rollups"

    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)

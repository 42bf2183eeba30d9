"""Reports: the period report, the dossier and booking reports, and the leaders' overview.

The rows are built by the reports package (reports/); these models are their shape, which the
API document states and the answers are checked against.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..engine.measures import overview_measures, report_measures
from .common import Payload


def _counts(name: str, measures) -> type[BaseModel]:
    """A model of the counts among ``measures`` (``server.engine.measures``)."""
    return create_model(name, **{m.name: (int, Field(description=m.heading_en))
                                 for m in measures if m.count is not None})


class Figures(_counts("ReportCounts", report_measures())):
    """A report row's figures; waits and service times in seconds."""

    avg_wait_s: float | None
    p90_wait_s: float | None = Field(description="nearest-rank 90th percentile")
    avg_service_s: float | None
    p90_service_s: float | None
    votes: dict[str, int] = Field(description='count per rating, keys "1" … "4" (4 best)')
    satisfaction_index: float | None = Field(description="(mean rating − 1) / 3 × 100")


class ReportRow(Figures):
    model_config = ConfigDict(extra="forbid")

    key: str | int | None
    label: str
    site: str | None = Field(None, description="absent on the total row")
    day: date | None


class PeriodAnswer(Payload):
    """A report over a period of days: ``from`` and ``to`` (``from`` a keyword in Python)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date


class ReasonCount(Payload):
    reason: str
    count: int


class Report(PeriodAnswer):
    """The period report per site, service, counter, clerk or procedure (and day)."""

    group: str
    per_day: bool
    rows: list[ReportRow]
    total: ReportRow
    reasons: list[ReasonCount] = Field(description="reasons ticked on unhappy votes, most first")


class VisitOutcomes(Payload):
    served: int = Field(description="visits of the period finished at a counter")
    with_dossier: int = Field(description="of which handed in or collected a dossier")
    guidance_only: int = Field(description="of which ended with guidance only, no dossier")
    guidance_only_rate: float | None


class CriterionScore(Payload):
    key: str
    rated: int
    average: float = Field(description="mean score 1..4 of this criterion")


class ReceivedByChannel(Payload):
    in_person: int = Field(description="at a counter")
    online: int = Field(description="through the public service portal or the one-stop software")
    post: int = Field(description="by post (bưu chính công ích)")


class DossierCounts(Payload):
    """The dossier figures of a period, as ``reports/dossier_period.py`` counts them: the
    period report's rows and the overview's, the 766 view's on-time rate."""

    carried_over: int = Field(description="received before the period, work not ended before it")
    received: int = Field(description="received in the period")
    early: int = Field(description="ended a day or more before the due date")
    on_time: int = Field(description="ended on time, not early")
    late: int = Field(description="ended after the due time (the original one when extended)")
    in_progress: int = Field(description="open at the end of the period, within time")
    overdue: int = Field(description="open at the end of the period, past the due date")
    withdrawn: int
    on_time_rate: float | None = Field(
        description="(early + on_time) / (early + on_time + late + overdue) × 100")
    avg_processing_days: float | None = Field(
        description="mean working days from receipt to the end of the work, of those resolved, "
                    "less the time the citizen took to complete the papers")


GUIDANCE = "papers incomplete at the counter: guidance given (Mẫu 02), no dossier"
REFUSALS = "papers refused at the counter (Mẫu 03), no dossier"


class DossierReportRow(DossierCounts):
    key: str | int | None
    label: str
    site: str | None
    received_by_channel: ReceivedByChannel
    supplement_guidance: int = Field(description=GUIDANCE)
    refused: int = Field(description=REFUSALS)
    visits: int = Field(description="distinct visits that handed in the dossiers received")
    linked: int = Field(description="dossiers received during a recorded visit")
    dossiers_per_visit: float | None = Field(description="linked / visits")
    late_wait_mean_s: int | None = Field(
        description="mean wait of the visits whose dossier ended late or is overdue")
    rated: int = Field(description="ratings of these dossiers (receipt and pick-up visits)")
    satisfied: int = Field(description="ratings whose criteria average 3 or more")
    satisfaction_rate: float | None = Field(
        description="satisfied / rated × 100 (Decision 766/QĐ-TTg satisfaction rate)")


class DossierReport(PeriodAnswer):
    """The dossiers handled in a period, as the one-stop statistics count them upward."""

    as_of: date
    group: Literal["site", "field", "procedure", "unit", "clerk"]
    rows: list[DossierReportRow]
    total: DossierReportRow
    visits: VisitOutcomes
    criteria: list[CriterionScore] = Field(
        description="each rating criterion's mean score over the period's dossiers' ratings")


class WaitFigures(Payload):
    count: int
    mean_s: int | float | None
    p90_s: int | float | None


class AppointmentWaits(Payload):
    booked: WaitFigures
    walk_in: WaitFigures


class AppointmentReport(PeriodAnswer):
    booked: int
    cancelled: int
    checked_in: int
    no_show: int
    check_in_rate: float | None
    wait: AppointmentWaits


class OverviewFigures(_counts("OverviewCounts", overview_measures())):
    avg_wait_s: float | None
    p90_wait_s: float | None
    avg_service_s: float | None
    votes: dict[str, int]
    satisfaction_index: float | None
    overdue_share: float | None = Field(description="overdue / issued × 100")


class DossierFigures(DossierCounts):
    """A site's (tier's, all sites') dossier figures: the dossier report per period's, as
    ``/api/v1/reports/dossiers`` counts them, under the overview's names."""

    guidance: int = Field(description=GUIDANCE)
    refusals: int = Field(description=REFUSALS)


class OverviewSite(OverviewFigures):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="the site's code")
    label: str
    tier: str
    dossiers: DossierFigures | None


class OverviewTier(OverviewFigures):
    model_config = ConfigDict(extra="forbid")

    key: str
    label: str
    label_en: str
    sites: int
    dossiers: DossierFigures | None


class OverviewTotal(OverviewFigures):
    model_config = ConfigDict(extra="forbid")

    key: None
    label: str
    sites: int
    dossiers: DossierFigures | None


class OverviewTrend(PeriodAnswer, OverviewFigures):
    """One week or month of the overview's trend: its figures over ``from`` … ``to``."""


class Overview(PeriodAnswer):
    """The leaders' overview: one row per site, subtotals per tier, the total and a trend."""

    as_of: date
    trend_unit: Literal["week", "month"] | None
    rows: list[OverviewSite]
    tiers: list[OverviewTier]
    total: OverviewTotal
    trend: list[OverviewTrend]
    sort: str
    desc: bool

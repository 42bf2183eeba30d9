"""The Decision 766 view's answer: per site, the indicators and the counts behind them."""

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from .common import Payload


class Counts766(Payload):
    dossier_ratings: int
    votes: int
    dossiers_resolved: int = Field(description="dossiers whose work ended in the period: "
                                   "early, on time or late")
    dossiers_on_time: int = Field(description="of which early or on time")
    dossiers_overdue: int = Field(description="open at the end of the period, past the due date")
    tickets: int
    feedback_due: int = Field(description="feedback answered, or past its deadline")


class Row766(Payload):
    key: str = Field(description="the group: a site's code, site/service, site/procedure "
                                 "or a clerk's username")
    site: str
    label: str
    satisfaction_dossier_rate: float | None = Field(
        description="ratings per dossier with criteria average ≥ 3 / ratings × 100")
    satisfaction_visit_rate: float | None = Field(description="votes 3 or 4 / votes × 100")
    on_time_rate: float | None = Field(
        description="the dossier report's: (early + on time) / (early + on time + late + "
                    "overdue) × 100")
    avg_processing_days: float | None = Field(
        description="the dossier report's mean working days from receipt to the end of the "
                    "work, less the time the citizen took to complete the papers")
    wait_mean_s: int | None = Field(description="mean of called − issued")
    online_booked_share: float | None = Field(
        description="tickets from a booking or a phone / tickets × 100")
    feedback_on_time_rate: float | None = Field(
        description="feedback answered within the deadline / feedback due × 100")
    counts: Counts766


class Report766(Payload):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    as_of: date
    deadline_days: int = Field(description="working days to answer feedback")
    group: Literal["site", "service", "procedure", "clerk"]
    rows: list[Row766]

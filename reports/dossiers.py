"""Dossiers counted by the day they were received: what the leaders' overview and the
Decision 766 view read (the dossier report itself counts a period: ``dossier_period.py``),
and the grouping labels both share.

Pure computation over the session, no Flask. Definitions:

* A dossier belongs to the period when its receipt (local day, Asia/Ho_Chi_Minh) falls in it.
* Its state is judged as of ``as_of``: the period's last day, or today if that is earlier.
  Work that ended (result ready, refused) by then is on time when it ended by the due time
  (to the minute, on the legal clock; the original due time when extended), late otherwise;
  work not ended is overdue once ``as_of`` is after the due date, else in progress within
  time (a clock paused for the citizen's papers stands still). A withdrawn dossier counts
  as received, and as withdrawn only.
* Papers the counter did not receive count on the day of the outcome: guidance to complete
  them (Mẫu 02) and refusals (Mẫu 03); neither is a dossier, so neither counts as received.
* on_time_rate = on_time / (on_time + late) × 100, rounded to 0.1; None with nothing resolved.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.days import VIETNAM
from server.engine.dossier_clock import judged_due_at, local_day
from server.engine.dossiers import OVERDUE, WITHIN_TIME, timeliness
from server.models import Dossier, Service, Site, User
from server.models.dossier import (
    OUTCOME_REFUSED,
    OUTCOME_SUPPLEMENT,
    WITHDRAWN,
    CounterOutcome,
)

from .compute import GroupedPeriod
from .dossier_visits import VISIT_FIGURES, add_visit_figures, visit_outcomes, with_visit_rates

GROUPS = ("site", "service", "procedure", "clerk")
FIGURES = ("received", "on_time", "late", "in_progress", "overdue", "withdrawn", "guidance",
           "refusals")
# Outcomes at the counter that left no dossier, counted beside the dossiers received.
OUTCOME_FIGURES = {OUTCOME_SUPPLEMENT: "guidance", OUTCOME_REFUSED: "refusals"}
NO_SERVICE = "Chưa xác định lĩnh vực"
NO_CLERK = "Phần mềm một cửa, nhập từ tệp"


@dataclass(frozen=True)
class DossierQuery(GroupedPeriod):
    """What to report: receipt days ``start``..``end``, grouping, sites (None = all)."""


def local_midnight(day: date) -> datetime:
    """Return the start of ``day`` in Vietnam as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=VIETNAM)


def state_as_of(dossier: Dossier, as_of: date) -> str:
    """Classify one dossier as the report counts it on ``as_of``."""
    finished = dossier.finished_at.astimezone(VIETNAM).date() if dossier.finished_at else None
    if dossier.status == WITHDRAWN or finished is None or finished <= as_of:
        return timeliness(dossier, as_of)
    # Its work ended after ``as_of``: on that day it was still open.
    return OVERDUE if as_of > local_day(judged_due_at(dossier)) else WITHIN_TIME


def compute_dossier_report(session: Session, query: DossierQuery, today: date) -> dict:
    """Count the period's dossiers per group, with a totals row and on-time rates."""
    as_of = min(today, query.end)
    statement = select(Dossier).where(
        Dossier.received_at >= local_midnight(query.start),
        Dossier.received_at < local_midnight(query.end + timedelta(days=1)))
    if query.site_ids is not None:
        statement = statement.where(Dossier.site_id.in_(query.site_ids))
    counts: dict = defaultdict(lambda: dict.fromkeys(FIGURES + VISIT_FIGURES, 0))
    labels = _Labels(session, query.group)
    dossiers = []
    for dossier in session.scalars(statement):
        key = labels.key(dossier)
        state = state_as_of(dossier, as_of)
        counts[key]["received"] += 1
        counts[key][state] += 1
        dossiers.append((dossier, state))
    rows, total, criteria = grouped_rows(session, query, labels, counts, dossiers,
                                         FIGURES + VISIT_FIGURES, OUTCOME_FIGURES)
    return {"from": query.start.isoformat(), "to": query.end.isoformat(),
            "as_of": as_of.isoformat(), "group": query.group,
            "rows": [_rates(row) for row in rows], "total": _rates(total),
            "visits": visit_outcomes(session, query.start, query.end, query.site_ids),
            "criteria": criteria}


def _rates(row: dict) -> dict:
    return with_visit_rates(_with_rate(row))


def grouped_rows(session: Session, query: DossierQuery, labels: "_Labels", counts: dict,
                 dossiers: list, summed: list[str], outcome_figures: dict[str, str]):
    """Add the period's counter outcomes (each to its figure in ``outcome_figures``) and the
    visits of ``dossiers`` to ``counts``, the figures of each group key; return the groups'
    rows by site and label, the totals row (the sum of each ``summed`` figure) and the visits'
    criteria."""
    for outcome in session.scalars(_outcomes(query)):
        counts[labels.key(outcome)][outcome_figures[outcome.kind]] += 1
    distinct, criteria = add_visit_figures(session, labels, counts, dossiers)
    rows = sorted((labels.row(key) | figures for key, figures in counts.items()),
                  key=lambda row: (row["site"] or "", row["label"]))
    total = {"key": None, "label": "Tổng cộng", "site": None} | {
        name: sum(row[name] for row in rows) for name in summed} | distinct
    return rows, total, criteria


def _outcomes(query: DossierQuery):
    statement = select(CounterOutcome).where(
        CounterOutcome.kind.in_(OUTCOME_FIGURES),
        CounterOutcome.at >= local_midnight(query.start),
        CounterOutcome.at < local_midnight(query.end + timedelta(days=1)))
    if query.site_ids is not None:
        statement = statement.where(CounterOutcome.site_id.in_(query.site_ids))
    return statement


def _with_rate(row: dict) -> dict:
    resolved = row["on_time"] + row["late"]
    rate = round(row["on_time"] * 100 / resolved, 1) if resolved else None
    return row | {"on_time_rate": rate}


class _Labels:
    """Group keys of dossiers and the label and site shown for each."""

    def __init__(self, session: Session, group: str):
        self.group = group
        self.sites = {site.id: site for site in session.scalars(select(Site))}
        self.services = ({s.id: s for s in session.scalars(select(Service))}
                         if group in ("field", "service") else {})
        self.clerks = ({u.id: u for u in session.scalars(select(User))}
                       if group == "clerk" else {})
        self.described: dict = {}

    def key(self, dossier: Dossier | CounterOutcome):
        site = self.sites[dossier.site_id].code
        if self.group == "site":
            key, label = site, self.sites[dossier.site_id].name
        elif self.group in ("field", "service"):
            service = self.services.get(dossier.service_id)
            key = f"{site}/{service.code}" if service else f"{site}/-"
            label = service.name if service else NO_SERVICE
        elif self.group == "procedure":
            key = f"{site}/{dossier.procedure_code or dossier.procedure_name}"
            label = dossier.procedure_name
        else:
            clerk = self.clerks.get(dossier.clerk_id)
            key = clerk.username if clerk else f"{site}/-"
            label = (clerk.full_name or clerk.username) if clerk else NO_CLERK
        self.described.setdefault(key, {"key": key, "label": label, "site": site})
        return key

    def row(self, key) -> dict:
        return dict(self.described[key])

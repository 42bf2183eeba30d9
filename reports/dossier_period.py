"""The dossier report per period, as the one-stop statistics count it upward.

Pure computation over the session, no Flask. Definitions (also in docs/reports.md and
docs/dossiers.md):

* The period is the local days ``start``..``end`` (Asia/Ho_Chi_Minh); ``as_of`` is its last day,
  or today if that is earlier.
* To handle in the period: the dossiers **carried over** (received before it, work not ended
  before it) and those **received** in it, split by the channel the citizen used: in person,
  online, post.
* Work ended in the period by ``as_of`` is **early** (a day or more before the due date), **on
  time** or **late**, judged to the minute against the due time, the original one when
  extended; the work ends when the result is back at the centre (or refused), never at the
  citizen's pick-up. **withdrawn** dossiers are counted apart. Work not ended is **in
  progress** within time or **overdue** once ``as_of`` is past the (original) due date; a
  clock paused for the citizen's papers stands still.
* **supplement_guidance** (Mẫu 02) and **refused** (Mẫu 03) at the counter on the period's days.
* on_time_rate = (early + on time) / (early + on time + late + overdue) × 100, rounded to 0.1:
  a dossier still open past its due time counts as late. None with nothing to judge.
* avg_processing_days: mean office time, in working days of the site's legal clock, from
  receipt to the end of the work over the dossiers resolved in the period (0.01), less the
  times the clock stood still while the citizen completed the papers (as the due time
  moves by them).
* Grouped by unit, a late or overdue dossier counts under the unit that held it when the due
  time passed; the others under the last unit that processed them (the centre if none).
* The visit figures (``reports/dossier_visits.py``) are those of the dossiers received in it.

The leaders' overview and the Decision 766 view read these figures (``count_period``) too.

So a period's carried-over equals the previous period's still open (in progress + overdue).
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from server.engine import legal_clock
from server.engine.dossier_clock import (
    clock_for,
    current_due_at,
    judged_due_at,
    local_day,
    processing_minutes,
    supplement_pauses,
)
from server.engine.handovers import responsible_unit
from server.models import Dossier, DossierEvent, DossierHandover, Site
from server.models.dossier import (
    CHANNELS,
    OUTCOME_REFUSED,
    OUTCOME_SUPPLEMENT,
    SUPPLEMENT_REQUESTED,
    WITHDRAWN,
)

from .dossier_visits import VISIT_FIGURES, visit_outcomes, with_visit_rates
from .dossiers import DossierQuery, _Labels, grouped_rows, local_midnight

CHANNEL_FIGURES = tuple(f"received_{channel}" for channel in CHANNELS)
PERIOD_FIGURES = ("carried_over", "received", *CHANNEL_FIGURES, "early", "on_time", "late",
                  "withdrawn", "in_progress", "overdue", "supplement_guidance", "refused")
OUTCOME_FIGURES = {OUTCOME_SUPPLEMENT: "supplement_guidance", OUTCOME_REFUSED: "refused"}
RESOLVED = ("early", "on_time", "late")
LATE = ("late", "overdue")
# Sums kept for the average, dropped from the answer.
SUMS = ("resolved_minutes", "resolved_days_count")


def period_state(dossier: Dossier, as_of: date) -> str:
    """Classify a dossier to handle in the period as it stands at the end of ``as_of``."""
    finished = local_day(dossier.finished_at) if dossier.finished_at else None
    if finished is not None and finished <= as_of:
        if dossier.status == WITHDRAWN:
            return "withdrawn"
        return legal_clock.timeliness(dossier.finished_at, current_due_at(dossier),
                                      dossier.original_due_at)
    due = judged_due_at(dossier)
    if dossier.clock_paused_at is not None and dossier.clock_paused_at <= due:
        return "in_progress"
    return "overdue" if as_of > local_day(due) else "in_progress"


class _UnitLabels(_Labels):
    """Keys by the unit a dossier's timeliness is put down to (the centre for outcomes)."""

    def __init__(self, session: Session, group: str):
        super().__init__(session, group)
        self.units: dict[int, str] = {}

    def hold(self, dossier: Dossier, steps: list, state: str) -> None:
        self.units[dossier.id] = responsible_unit(steps, dossier, state in LATE)

    def key(self, dossier):
        site = self.sites[dossier.site_id]
        unit = (self.units.get(dossier.id, site.name) if isinstance(dossier, Dossier)
                else site.name)
        key = f"{site.code}/{unit}"
        self.described.setdefault(key, {"key": key, "label": unit, "site": site.code})
        return key


def count_period(session: Session, query: DossierQuery, today: date) -> dict:
    """Count, per group, the dossiers carried over, received and handled in the period.

    The rows keep the sums behind the average (``SUMS``) so that rows can be added up
    (the overview's tiers) before :func:`dossier_rates` finishes them.
    """
    as_of = min(today, query.end)
    start, end = local_midnight(query.start), local_midnight(query.end + timedelta(days=1))
    statement = select(Dossier).where(
        Dossier.received_at < end,
        or_(Dossier.finished_at.is_(None), Dossier.finished_at >= start))
    if query.site_ids is not None:
        statement = statement.where(Dossier.site_id.in_(query.site_ids))
    dossiers = [(dossier, period_state(dossier, as_of))
                for dossier in session.scalars(statement.order_by(Dossier.id))]
    labels = _UnitLabels(session, "site") if query.group == "unit" else _Labels(
        session, query.group)
    if query.group == "unit":
        steps = _by_dossier(session, DossierHandover, [dossier.id for dossier, _ in dossiers])
        for dossier, state in dossiers:
            labels.hold(dossier, steps.get(dossier.id, []), state)
    counts: dict = defaultdict(lambda: dict.fromkeys(PERIOD_FIGURES + VISIT_FIGURES + SUMS, 0))
    clocks: dict[int, legal_clock.LegalClock] = {}
    # The history of the resolved dossiers that were ever paused, for their pauses.
    asked = aliased(DossierEvent)
    events = _by_dossier(session, DossierEvent,
                         [dossier.id for dossier, state in dossiers if state in RESOLVED],
                         select(asked.id).where(asked.dossier_id == DossierEvent.dossier_id,
                                                asked.status == SUPPLEMENT_REQUESTED).exists())
    received = []
    for dossier, state in dossiers:
        row = counts[labels.key(dossier)]
        if dossier.received_at < start:
            row["carried_over"] += 1
        else:
            row["received"] += 1
            row[f"received_{dossier.channel}"] += 1
            received.append((dossier, state))
        row[state] += 1
        if state in RESOLVED:
            clock = clocks.get(dossier.site_id) or clocks.setdefault(
                dossier.site_id, clock_for(session, session.get(Site, dossier.site_id)))
            row["resolved_minutes"] += processing_minutes(
                clock, dossier, supplement_pauses(events.get(dossier.id, []))
            ) / clock.minutes_per_day
            row["resolved_days_count"] += 1
    rows, total, criteria = grouped_rows(session, query, labels, counts, received,
                                         PERIOD_FIGURES + VISIT_FIGURES + SUMS, OUTCOME_FIGURES)
    return {"from": query.start.isoformat(), "to": query.end.isoformat(),
            "as_of": as_of.isoformat(), "group": query.group, "rows": rows, "total": total,
            "visits": visit_outcomes(session, query.start, query.end, query.site_ids),
            "criteria": criteria}


def compute_period_report(session: Session, query: DossierQuery, today: date) -> dict:
    """Return the period report: :func:`count_period` with each row's rates and average."""
    report = count_period(session, query, today)
    return report | {"rows": [_finished(row) for row in report["rows"]],
                     "total": _finished(report["total"])}


def _by_dossier(session: Session, model, ids: list[int], *criteria) -> dict[int, list]:
    """Return the rows of ``model`` (a dossier's steps or events) that meet ``criteria``, per
    dossier of ``ids``, oldest first."""
    rows: dict[int, list] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for row in session.scalars(select(model).where(
                model.dossier_id.in_(ids[start:start + 500]), *criteria).order_by(model.id)):
            rows[row.dossier_id].append(row)
    return rows


def dossier_rates(row: dict) -> dict:
    """Return ``row`` with its channels nested, its on-time rate and average processing
    days, its sums dropped."""
    row = dict(row)
    minutes, count = row.pop("resolved_minutes"), row.pop("resolved_days_count")
    on_time = row["early"] + row["on_time"]
    judged = on_time + row["late"] + row["overdue"]
    return row | {
        "received_by_channel": {channel: row.pop(f"received_{channel}") for channel in CHANNELS},
        "on_time_rate": round(on_time * 100 / judged, 1) if judged else None,
        "avg_processing_days": round(minutes / count, 2) if count else None}


def _finished(row: dict) -> dict:
    """Return ``row`` with its visit rates and :func:`dossier_rates`."""
    return dossier_rates(with_visit_rates(row))

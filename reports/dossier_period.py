"""The dossier report per period, as the one-stop statistics count it (Mẫu 07's book).

Pure computation over the session, no Flask. Definitions (also in docs/reports.md):

* The period is the local days ``start``..``end`` (Asia/Ho_Chi_Minh); ``as_of`` is its last day,
  or today if that is earlier.
* To handle in the period: the dossiers **carried over** (received before it, work not ended
  before it) and those **received** in it, split by channel: in person at the counter, or
  through the one-stop software (online, or entered there) and its file imports.
* Work ended in the period by ``as_of`` is **early** (a day or more before the due date), **on
  time** or **late**, judged to the minute against the due time, the original one when
  extended; **withdrawn** dossiers are counted apart. Work not ended is **in progress** within
  time or **overdue** once ``as_of`` is past the (original) due date; a clock paused for the
  citizen's papers stands still.
* **guidance** (Mẫu 02) and **refusals** (Mẫu 03) at the counter on the period's days.
* on_time_rate = (early + on time) / (early + on time + late + overdue) × 100, rounded to 0.1:
  a dossier still open past its due time counts as late. None with nothing to judge.
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.engine import legal_clock
from server.engine.dossier_clock import current_due_at, judged_due_at, local_day
from server.models import Dossier
from server.models.dossier import WITHDRAWN

from .dossiers import OUTCOME_FIGURES, DossierQuery, _Labels, _outcomes, local_midnight

PERIOD_FIGURES = ("carried_over", "received", "received_in_person", "received_online",
                  "early", "on_time", "late", "withdrawn", "in_progress", "overdue",
                  "guidance", "refusals")


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


def compute_period_report(session: Session, query: DossierQuery, today: date) -> dict:
    """Count, per group, the dossiers carried over, received and handled in the period."""
    as_of = min(today, query.end)
    start, end = local_midnight(query.start), local_midnight(query.end + timedelta(days=1))
    statement = select(Dossier).where(
        Dossier.received_at < end,
        or_(Dossier.finished_at.is_(None), Dossier.finished_at >= start))
    if query.site_ids is not None:
        statement = statement.where(Dossier.site_id.in_(query.site_ids))
    counts: dict = defaultdict(lambda: dict.fromkeys(PERIOD_FIGURES, 0))
    labels = _Labels(session, query.group)
    for dossier in session.scalars(statement):
        row = counts[labels.key(dossier)]
        if dossier.received_at < start:
            row["carried_over"] += 1
        else:
            row["received"] += 1
            row["received_in_person" if dossier.source == "counter" else "received_online"] += 1
        row[period_state(dossier, as_of)] += 1
    for outcome in session.scalars(_outcomes(query)):
        counts[labels.key(outcome)][OUTCOME_FIGURES[outcome.kind]] += 1
    rows = [labels.row(key) | figures for key, figures in counts.items()]
    rows.sort(key=lambda row: (row["site"] or "", row["label"]))
    total = {"key": None, "label": "Tổng cộng", "site": None} | {
        name: sum(row[name] for row in rows) for name in PERIOD_FIGURES}
    return {"from": query.start.isoformat(), "to": query.end.isoformat(),
            "as_of": as_of.isoformat(), "group": query.group,
            "rows": [_with_rate(row) for row in rows], "total": _with_rate(total)}


def _with_rate(row: dict) -> dict:
    on_time = row["early"] + row["on_time"]
    judged = on_time + row["late"] + row["overdue"]
    return row | {"on_time_rate": round(on_time * 100 / judged, 1) if judged else None}

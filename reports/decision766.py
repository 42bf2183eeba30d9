"""The Decision 766/QĐ-TTg view: per site and period, the indicators qms computes itself.

Pure computation over the session, no Flask. Definitions (also in docs/reports.md):

* satisfaction_dossier_rate: ratings per dossier made in the period whose criteria average
  3 or more / those ratings × 100.
* satisfaction_visit_rate: votes of the vote pad in the period rated 3 or 4 / votes × 100.
* on_time_rate: the dossier report's on time / (on time + late) × 100 for the dossiers
  received in the period, judged as of the period's end (or today).
* wait_mean_s: mean of called − issued over the period's tickets that were called.
* online_booked_share: tickets of the period that came from a booking or a phone
  (channel ``appointment`` or ``remote``) / all tickets × 100.
* feedback_on_time_rate: feedback received in the period answered within
  ``deadline_days`` working days (site calendar) / feedback received × 100; a message not
  answered by then counts as late once its deadline has passed, and is not counted before.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.calendar import calendar_for
from server.engine.days import VIETNAM
from server.engine.dossier_ratings import SATISFIED_FROM
from server.models import DossierRating, Feedback, Site, Ticket, Vote

from .dossiers import DossierQuery, compute_dossier_report, local_midnight

ONLINE_CHANNELS = ("appointment", "remote")
INDICATORS = ("satisfaction_dossier_rate", "satisfaction_visit_rate", "on_time_rate",
              "wait_mean_s", "online_booked_share", "feedback_on_time_rate")


@dataclass(frozen=True)
class Query766:
    """What to report: days ``start``..``end``, sites (None = all), the feedback deadline."""

    start: date
    end: date
    site_ids: tuple[int, ...] | None = None
    deadline_days: int = 10


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def compute_766(session: Session, query: Query766, today: date) -> dict:
    """Return one row per site with the indicators, and the counts behind each."""
    sites = [site for site in session.scalars(select(Site).order_by(Site.id))
             if query.site_ids is None or site.id in query.site_ids]
    begin, end = local_midnight(query.start), local_midnight(query.end + timedelta(days=1))
    dossiers = compute_dossier_report(
        session, DossierQuery(query.start, query.end, "site", query.site_ids), today)
    on_time = {row["key"]: row for row in dossiers["rows"]}
    counts: dict = defaultdict(lambda: defaultdict(int))
    for rating in session.scalars(select(DossierRating).where(
            DossierRating.at >= begin, DossierRating.at < end)):
        counts[rating.site_id]["dossier_ratings"] += 1
        counts[rating.site_id]["dossier_satisfied"] += rating.average >= SATISFIED_FROM
    for vote in session.scalars(select(Vote).where(Vote.at >= begin, Vote.at < end)):
        counts[vote.site_id]["votes"] += 1
        counts[vote.site_id]["votes_satisfied"] += vote.rating >= SATISFIED_FROM
    tickets = session.execute(select(Ticket.site_id, Ticket.channel, Ticket.issued_at,
                                     Ticket.called_at).where(
        Ticket.service_day >= query.start, Ticket.service_day <= query.end))
    for site_id, channel, issued_at, called_at in tickets:
        row = counts[site_id]
        row["tickets"] += 1
        row["online"] += channel in ONLINE_CHANNELS
        if called_at is not None:
            row["called"] += 1
            row["wait_total_s"] += (called_at - issued_at).total_seconds()
    for site in sites:
        _count_feedback(session, site, query, begin, end, today, counts[site.id])
    rows = [_row(site, counts[site.id], on_time.get(site.code)) for site in sites]
    return {"from": query.start.isoformat(), "to": query.end.isoformat(),
            "as_of": dossiers["as_of"], "deadline_days": query.deadline_days, "rows": rows}


def _count_feedback(session: Session, site: Site, query: Query766, begin, end, today: date,
                    row: dict) -> None:
    calendar = calendar_for(session, site)
    for feedback in session.scalars(select(Feedback).where(
            Feedback.site_id == site.id, Feedback.created_at >= begin,
            Feedback.created_at < end)):
        received = feedback.created_at.astimezone(VIETNAM).date()
        deadline = calendar.add_working_days(received, query.deadline_days)
        answered = (feedback.replied_at.astimezone(VIETNAM).date()
                    if feedback.replied_at else None)
        if answered is None and today <= deadline:
            continue  # still within its time: neither on time nor late yet
        row["feedback"] += 1
        row["feedback_on_time"] += answered is not None and answered <= deadline


def _row(site: Site, row: dict, dossiers: dict | None) -> dict:
    resolved = (dossiers["on_time"] + dossiers["late"]) if dossiers else 0
    return {
        "site": site.code, "label": site.name,
        "satisfaction_dossier_rate": _percent(row["dossier_satisfied"], row["dossier_ratings"]),
        "satisfaction_visit_rate": _percent(row["votes_satisfied"], row["votes"]),
        "on_time_rate": dossiers["on_time_rate"] if dossiers else None,
        "wait_mean_s": round(row["wait_total_s"] / row["called"]) if row["called"] else None,
        "online_booked_share": _percent(row["online"], row["tickets"]),
        "feedback_on_time_rate": _percent(row["feedback_on_time"], row["feedback"]),
        "counts": {"dossier_ratings": row["dossier_ratings"], "votes": row["votes"],
                   "dossiers_resolved": resolved, "tickets": row["tickets"],
                   "feedback_due": row["feedback"]},
    }

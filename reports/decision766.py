"""The Decision 766/QĐ-TTg view: per site and period, the indicators qms computes itself.

Pure computation over the session, no Flask. Definitions (also in docs/reports.md):

* satisfaction_dossier_rate: ratings per dossier made in the period whose criteria average
  3 or more / those ratings × 100.
* satisfaction_visit_rate: votes of the vote pad in the period rated 3 or 4 / votes × 100.
* on_time_rate and avg_processing_days: the dossier report per period's
  (``dossier_period.py``): (early + on time) / (early + on time + late + overdue) × 100, an
  overdue open dossier counted late, judged as of the period's end (or today); the mean
  working days of the work ended in the period, less the supplement pauses.
* wait_mean_s: mean of called − issued over the period's tickets that were called.
* online_booked_share: tickets of the period that came from a booking or a phone
  (channel ``appointment`` or ``remote``) / all tickets × 100.
* feedback_on_time_rate: feedback received in the period answered within
  ``deadline_days`` working days (site calendar) / feedback received × 100; a message not
  answered by then counts as late once its deadline has passed, and is not counted before.

Grouped per site, service (field), procedure or clerk, as the dossier report groups: a rating
per dossier by its dossier's field and procedure and the clerk of the visit rated; a vote and
a ticket by the ticket's field, the procedure chosen at the kiosk and the clerk who served
it; feedback by the visit or dossier it names (else a row "not attributed" of its site).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.calendar import calendar_for
from server.engine.days import VIETNAM
from server.engine.dossier_ratings import SATISFIED_FROM
from server.models import Dossier, DossierRating, Feedback, Procedure, Site, Ticket, Vote

from .dossier_period import compute_period_report
from .dossiers import DossierQuery, _Labels, local_midnight

ONLINE_CHANNELS = ("appointment", "remote")
INDICATORS = ("satisfaction_dossier_rate", "satisfaction_visit_rate", "on_time_rate",
              "wait_mean_s", "online_booked_share", "feedback_on_time_rate")
GROUPS = ("site", "service", "procedure", "clerk")
NO_PROCEDURE = "Chưa chọn thủ tục"
NOT_ATTRIBUTED = "Không gắn với lượt phục vụ"


@dataclass(frozen=True)
class Query766:
    """What to report: days ``start``..``end``, sites (None = all), the feedback deadline,
    and the grouping."""

    start: date
    end: date
    site_ids: tuple[int, ...] | None = None
    deadline_days: int = 10
    group: str = "site"


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def _visit(site_id, service_id, clerk_id, procedure_code, procedure_name) -> SimpleNamespace:
    """What the group labels read of a visit, a dossier or a rating."""
    return SimpleNamespace(site_id=site_id, service_id=service_id, clerk_id=clerk_id,
                           procedure_code=procedure_code,
                           procedure_name=procedure_name or NO_PROCEDURE)


def _tickets(session: Session, query: Query766):
    return session.execute(
        select(Ticket.id, Ticket.site_id, Ticket.service_id, Ticket.clerk_id, Procedure.code,
               Procedure.name, Ticket.channel, Ticket.issued_at, Ticket.called_at)
        .outerjoin(Procedure, Procedure.id == Ticket.procedure_id)
        .where(Ticket.service_day >= query.start, Ticket.service_day <= query.end))


def compute_766(session: Session, query: Query766, today: date) -> dict:
    """Return one row per group with the indicators, and the counts behind each."""
    sites = [site for site in session.scalars(select(Site).order_by(Site.id))
             if query.site_ids is None or site.id in query.site_ids]
    begin, end = local_midnight(query.start), local_midnight(query.end + timedelta(days=1))
    dossiers = compute_period_report(
        session, DossierQuery(query.start, query.end, query.group, query.site_ids), today)
    on_time = {row["key"]: row for row in dossiers["rows"]}
    labels = _Labels(session, query.group)
    counts: dict = defaultdict(lambda: defaultdict(int))
    if query.group == "site":
        for site in sites:
            counts[labels.key(_visit(site.id, None, None, None, None))]
    for row in dossiers["rows"]:  # a group with dossiers only has its row too
        counts[row["key"]]
        labels.described.setdefault(row["key"], {name: row[name]
                                                 for name in ("key", "label", "site")})
    for rating, dossier in session.execute(
            select(DossierRating, Dossier).join(Dossier, Dossier.id == DossierRating.dossier_id)
            .where(DossierRating.at >= begin, DossierRating.at < end)):
        row = counts[labels.key(_visit(rating.site_id, dossier.service_id, rating.clerk_id,
                                       dossier.procedure_code, dossier.procedure_name))]
        row["dossier_ratings"] += 1
        row["dossier_satisfied"] += rating.average >= SATISFIED_FROM
    visits = {}
    for (ticket_id, site_id, service_id, clerk_id, code, name, channel, issued_at,
         called_at) in _tickets(session, query):
        visit = visits[ticket_id] = _visit(site_id, service_id, clerk_id, code, name)
        row = counts[labels.key(visit)]
        row["tickets"] += 1
        row["online"] += channel in ONLINE_CHANNELS
        if called_at is not None:
            row["called"] += 1
            row["wait_total_s"] += (called_at - issued_at).total_seconds()
    for vote in session.scalars(select(Vote).where(Vote.at >= begin, Vote.at < end)):
        visit = visits.get(vote.ticket_id) or _visit(vote.site_id, vote.service_id,
                                                     vote.clerk_id, None, None)
        row = counts[labels.key(_visit(vote.site_id, visit.service_id, vote.clerk_id,
                                       visit.procedure_code, visit.procedure_name))]
        row["votes"] += 1
        row["votes_satisfied"] += vote.rating >= SATISFIED_FROM
    for site in sites:
        _count_feedback(session, site, query, begin, end, today, counts, labels)
    order = {site.code: index for index, site in enumerate(sites)}
    rows = [_row(labels.row(key), figures, on_time.get(key)) for key, figures in counts.items()]
    rows = sorted((row for row in rows if row["site"] in order),
                  key=lambda row: (order[row["site"]], row["label"] if query.group != "site"
                                   else ""))
    return {"from": query.start.isoformat(), "to": query.end.isoformat(),
            "as_of": dossiers["as_of"], "deadline_days": query.deadline_days,
            "group": query.group, "rows": rows}


def _feedback_visit(feedback: Feedback) -> SimpleNamespace:
    """The visit (or dossier) a message names, else its site alone."""
    if feedback.ticket is not None:
        ticket = feedback.ticket
        return _visit(feedback.site_id, ticket.service_id, ticket.clerk_id,
                      ticket.procedure.code if ticket.procedure else None,
                      ticket.procedure.name if ticket.procedure else None)
    if feedback.dossier is not None:
        dossier = feedback.dossier
        return _visit(feedback.site_id, dossier.service_id, dossier.clerk_id,
                      dossier.procedure_code, dossier.procedure_name)
    return _visit(feedback.site_id, None, None, None, NOT_ATTRIBUTED)


def _count_feedback(session: Session, site: Site, query: Query766, begin, end, today: date,
                    counts: dict, labels: _Labels) -> None:
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
        row = counts[labels.key(_feedback_visit(feedback))]
        row["feedback"] += 1
        row["feedback_on_time"] += answered is not None and answered <= deadline


def _row(described: dict, row: dict, dossiers: dict | None) -> dict:
    dossiers = dossiers or {}
    on_time = dossiers.get("early", 0) + dossiers.get("on_time", 0)
    return {
        "key": described["key"], "site": described["site"], "label": described["label"],
        "satisfaction_dossier_rate": _percent(row["dossier_satisfied"], row["dossier_ratings"]),
        "satisfaction_visit_rate": _percent(row["votes_satisfied"], row["votes"]),
        "on_time_rate": dossiers.get("on_time_rate"),
        "avg_processing_days": dossiers.get("avg_processing_days"),
        "wait_mean_s": round(row["wait_total_s"] / row["called"]) if row["called"] else None,
        "online_booked_share": _percent(row["online"], row["tickets"]),
        "feedback_on_time_rate": _percent(row["feedback_on_time"], row["feedback"]),
        "counts": {"dossier_ratings": row["dossier_ratings"], "votes": row["votes"],
                   "dossiers_resolved": on_time + dossiers.get("late", 0),
                   "dossiers_on_time": on_time, "dossiers_overdue": dossiers.get("overdue", 0),
                   "tickets": row["tickets"],
                   "feedback_due": row["feedback"]},
    }

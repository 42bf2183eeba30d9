"""The dossier report's visit and satisfaction figures: the queue joined with the dossiers.

Pure computation over the session, no Flask. Definitions (also in docs/reports.md):

* visits: distinct visits (tickets) that handed in the row's dossiers (a "received" link);
  linked: the row's dossiers handed in during a recorded visit; dossiers_per_visit =
  linked / visits.
* late_wait_mean_s: mean wait (called_at − issued_at) of the visits whose dossier ended late
  or is overdue, each visit once.
* rated / satisfied: ratings of the row's dossiers (both visits: receipt and pick-up) and
  those whose criteria average 3 or more (Hài lòng, Rất hài lòng); satisfaction_rate =
  satisfied / rated × 100, Decision 766/QĐ-TTg's satisfaction rate. Grouped by clerk, a
  rating counts for the clerk who served that visit.
* ``criteria``: each criterion's mean score (1..4) over the same ratings.
* The report-level ``visits``: visits of the period (service day) finished at a counter,
  those that handed in or collected a dossier, and the rest, which ended with guidance only.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.engine.dossier_ratings import SATISFIED_FROM
from server.models import Dossier, DossierRating, Ticket, TicketDossier
from server.models.dossier_link import LINK_RECEIVED
from server.models.ticket import DONE

VISIT_FIGURES = ("visits", "linked", "rated", "satisfied")
LATE = ("late", "overdue")


@dataclass(frozen=True)
class _RatedFor:
    """A dossier as seen from one rating: the clerk of the rated visit."""

    site_id: int
    service_id: int | None
    procedure_code: str
    procedure_name: str
    clerk_id: int | None


def add_visit_figures(session: Session, labels, counts: dict,
                      dossiers: list[tuple[Dossier, str]]) -> tuple[dict, list[dict]]:
    """Add each row's visit and satisfaction counts to ``counts`` (keyed as ``labels`` keys).

    Return the totals that are not the sum of the rows (a visit that handed in dossiers of
    two rows counts once in the total), and the mean score of each criterion.
    """
    scores: dict[str, list[int]] = defaultdict(list)
    ids = [dossier.id for dossier, _ in dossiers]
    by_id = {dossier.id: (dossier, state) for dossier, state in dossiers}
    visits: dict = defaultdict(set)
    late_visits: dict = defaultdict(set)
    waits: dict[int, float] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(TicketDossier.dossier_id, Ticket.id, Ticket.issued_at, Ticket.called_at)
            .join(Ticket, Ticket.id == TicketDossier.ticket_id)
            .where(TicketDossier.dossier_id.in_(chunk), TicketDossier.kind == LINK_RECEIVED))
        for dossier_id, ticket_id, issued_at, called_at in rows:
            dossier, state = by_id[dossier_id]
            key = labels.key(dossier)
            counts[key]["linked"] += 1
            visits[key].add(ticket_id)
            if called_at is not None:
                waits[ticket_id] = (called_at - issued_at).total_seconds()
            if state in LATE:
                late_visits[key].add(ticket_id)
        ratings = session.scalars(select(DossierRating).where(
            DossierRating.dossier_id.in_(chunk)))
        for rating in ratings:
            dossier, _ = by_id[rating.dossier_id]
            key = labels.key(_RatedFor(dossier.site_id, dossier.service_id,
                                       dossier.procedure_code, dossier.procedure_name,
                                       rating.clerk_id)
                             if labels.group == "clerk" else dossier)
            counts[key]["rated"] += 1
            counts[key]["satisfied"] += rating.average >= SATISFIED_FROM
            for criterion, score in rating.scores.items():
                scores[criterion].append(score)
    for key, tickets in visits.items():
        counts[key]["visits"] = len(tickets)
    for key, tickets in late_visits.items():
        counts[key] |= _late_waits(tickets, waits)
    all_late = set().union(*late_visits.values())
    criteria = [{"key": key, "rated": len(values), "average": round(sum(values) / len(values), 2)}
                for key, values in scores.items()]
    return ({"visits": len(set().union(*visits.values()))} | _late_waits(all_late, waits),
            criteria)


def _late_waits(tickets: set[int], waits: dict[int, float]) -> dict:
    known = [waits[ticket] for ticket in tickets if ticket in waits]
    return {"late_wait_total_s": sum(known), "late_waits": len(known)}


def with_visit_rates(row: dict) -> dict:
    """Return ``row`` with its ratios: dossiers per visit, late visits' wait, satisfaction."""
    row = dict(row)
    late_waits, late_total = row.pop("late_waits", 0), row.pop("late_wait_total_s", 0)
    return row | {
        "dossiers_per_visit": round(row["linked"] / row["visits"], 2) if row["visits"] else None,
        "late_wait_mean_s": round(late_total / late_waits) if late_waits else None,
        "satisfaction_rate": (round(row["satisfied"] * 100 / row["rated"], 1)
                              if row["rated"] else None)}


def visit_outcomes(session: Session, start: date, end: date,
                   site_ids: tuple[int, ...] | None) -> dict:
    """Count the period's finished visits, those with a dossier and those with guidance only."""
    finished = select(Ticket.id).where(Ticket.service_day >= start, Ticket.service_day <= end,
                                       Ticket.status == DONE)
    if site_ids is not None:
        finished = finished.where(Ticket.site_id.in_(site_ids))
    served = session.scalar(select(func.count()).select_from(finished.subquery()))
    with_dossier = session.scalar(select(func.count(func.distinct(TicketDossier.ticket_id)))
                                  .where(TicketDossier.ticket_id.in_(finished)))
    guidance = served - with_dossier
    return {"served": served, "with_dossier": with_dossier, "guidance_only": guidance,
            "guidance_only_rate": round(guidance * 100 / served, 1) if served else None}


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]

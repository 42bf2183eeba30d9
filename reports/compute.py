"""Period reports over tickets and votes: pure computation, no Flask.

Definitions (also in docs/reports.md):

* A ticket belongs to its ``service_day`` (local Asia/Ho_Chi_Minh day from the site's rollover).
* issued = tickets of the period; served = status done; no_show = status no_show;
  transferred = tickets transferred at least once; by counter or clerk, the transfers made
  there (where the citizen was sent on, not where the ticket ended).
* Waiting time = called_at − issued_at, over tickets that were called.
* Service time = finished_at − coalesce(started_at, called_at), over done tickets.
* overdue = called after waiting longer than the service's ``target_wait_s``, or never called
  and still waiting (now) or expired (at expiry) longer than that target.
* p90 by the nearest-rank method (``stats.percentile_nearest_rank``); satisfaction index
  = (mean rating − 1) / 3 × 100.
* A ticket counts under the service, counter and clerk it ended with (after transfers; one
  waiting again after a transfer, under the counter that sent it on, not as "never called");
  votes count under the counter, clerk and service the vote was recorded for.
* reasons = how often each reason was ticked on unhappy votes of the period, most often first.
"""

import collections
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Service, Ticket, TicketEvent, Vote, utcnow
from server.models.ticket import DONE, NO_SHOW, WAITING

from .labels import describe
from .stats import empty_votes, mean, percentile_nearest_rank, satisfaction_index

GROUPS = ("site", "service", "counter", "clerk", "procedure")
_GROUP_COLUMN = {"site": "site_id", "service": "service_id", "counter": "counter_id",
                 "clerk": "clerk_id", "procedure": "procedure_id"}
# SQLAlchemy Row attribute access costs microseconds; plain namedtuples make a year of
# tickets an order of magnitude faster to tally.
TicketFacts = namedtuple("TicketFacts", [
    "site_id", "service_id", "counter_id", "clerk_id", "service_day", "status", "issued_at",
    "called_at", "started_at", "finished_at", "transfer_count", "target_wait_s",
    "procedure_id", "id"])
TransferFacts = namedtuple("TransferFacts", ["ticket_id", "counter_id", "clerk_id",
                                             "service_day"])
VoteFacts = namedtuple("VoteFacts", [
    "site_id", "service_id", "counter_id", "clerk_id", "rating", "service_day", "procedure_id",
    "reason"])
REASON_SEPARATOR = "; "  # the vote pad joins the reasons a citizen ticked


@dataclass(frozen=True)
class ReportQuery:
    """What to report: service days ``start``..``end``, grouping, sites (None = all)."""

    start: date
    end: date
    group: str
    site_ids: tuple[int, ...] | None = None
    per_day: bool = False


@dataclass
class Tally:
    """Running counts and durations for one row."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    overdue: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=empty_votes)

    def add_ticket(self, ticket, now: datetime, count_transfer: bool = True) -> None:
        self.issued += 1
        self.served += ticket.status == DONE
        self.no_show += ticket.status == NO_SHOW
        self.transferred += count_transfer and ticket.transfer_count > 0
        waited = _waited_s(ticket, now)
        if waited is not None and waited > ticket.target_wait_s:
            self.overdue += 1
        if ticket.called_at is not None:
            self.waits.append((ticket.called_at - ticket.issued_at).total_seconds())
        begun = ticket.started_at or ticket.called_at
        if ticket.status == DONE and ticket.finished_at and begun:
            self.services.append((ticket.finished_at - begun).total_seconds())

    def figures(self) -> dict:
        """Return the row's numbers as the API serves them."""
        return {
            "issued": self.issued, "served": self.served, "no_show": self.no_show,
            "transferred": self.transferred, "overdue": self.overdue,
            "avg_wait_s": mean(self.waits), "p90_wait_s": percentile_nearest_rank(self.waits),
            "avg_service_s": mean(self.services),
            "p90_service_s": percentile_nearest_rank(self.services),
            "votes": dict(self.votes), "satisfaction_index": satisfaction_index(self.votes),
        }


def _waited_s(ticket, now: datetime) -> float | None:
    """Seconds waited so far for overdue purposes (see the module docstring)."""
    if ticket.called_at is not None:
        return (ticket.called_at - ticket.issued_at).total_seconds()
    if ticket.status == WAITING:
        return (now - ticket.issued_at).total_seconds()
    if ticket.finished_at is not None:
        return (ticket.finished_at - ticket.issued_at).total_seconds()
    return None


def compute_report(session: Session, query: ReportQuery, now: datetime | None = None) -> dict:
    """Compute one row per group (per day if asked) and a totals row for ``query``."""
    if query.group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    now = now or utcnow()
    buckets: dict[tuple, Tally] = {}
    total = Tally()
    column = _GROUP_COLUMN[query.group]
    transfers = [TransferFacts(*row) for row in session.execute(_transfer_query(query))]
    sent_on_by = {transfer.ticket_id: transfer.counter_id for transfer in transfers}
    by_place = query.group in ("counter", "clerk")
    for row in session.execute(_ticket_query(query)):
        ticket = TicketFacts(*row)
        if ticket.counter_id is None and ticket.id in sent_on_by:
            ticket = ticket._replace(counter_id=sent_on_by[ticket.id])
        _bucket(buckets, getattr(ticket, column), ticket, query).add_ticket(
            ticket, now, count_transfer=not by_place)
        total.add_ticket(ticket, now)
    for transfer in transfers if by_place else ():
        _bucket(buckets, getattr(transfer, column), transfer, query).transferred += 1
    reasons = collections.Counter()
    for row in session.execute(_vote_query(query)):
        vote = VoteFacts(*row)
        _bucket(buckets, getattr(vote, column), vote, query).votes[str(vote.rating)] += 1
        total.votes[str(vote.rating)] += 1
        reasons.update(filter(None, (vote.reason or "").split(REASON_SEPARATOR)))
    entities = describe(session, query.group, query.site_ids,
                        {group_id for group_id, _day in buckets})
    return {
        "from": query.start.isoformat(), "to": query.end.isoformat(), "group": query.group,
        "per_day": query.per_day, "rows": _rows(buckets, entities, query.per_day),
        "total": {"key": None, "label": "Tổng cộng", "day": None, **total.figures()},
        "reasons": [{"reason": reason, "count": count}
                    for reason, count in sorted(reasons.items(), key=lambda item: (-item[1],
                                                                                   item[0]))],
    }


def _bucket(buckets: dict, group_id, facts, query: ReportQuery) -> Tally:
    key = (group_id, facts.service_day if query.per_day else None)
    if key not in buckets:
        buckets[key] = Tally()
    return buckets[key]


def _rows(buckets: dict, entities: dict, per_day: bool) -> list[dict]:
    """Order rows like the centre lists things; with per_day, only days with data appear."""
    keys = list(buckets) if per_day else [(group_id, None) for group_id in entities]
    keys.sort(key=lambda key: (entities[key[0]]["order"], key[1] or date.min))
    rows = []
    for group_id, day in keys:
        entity = entities[group_id]
        figures = buckets.get((group_id, day), Tally()).figures()
        rows.append({"key": entity["key"], "label": entity["label"], "site": entity["site"],
                     "day": day.isoformat() if day else None, **figures})
    return rows


def _site_filter(column, site_ids):
    return [] if site_ids is None else [column.in_(site_ids)]


def _ticket_query(query: ReportQuery):
    return (
        select(Ticket.site_id, Ticket.service_id, Ticket.counter_id, Ticket.clerk_id,
               Ticket.service_day, Ticket.status, Ticket.issued_at, Ticket.called_at,
               Ticket.started_at, Ticket.finished_at, Ticket.transfer_count,
               Service.target_wait_s, Ticket.procedure_id, Ticket.id)
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.service_day.between(query.start, query.end),
               *_site_filter(Ticket.site_id, query.site_ids))
    )


def _transfer_query(query: ReportQuery):
    """Every transfer of the period's tickets: the counter and clerk that sent it on."""
    return (
        select(TicketEvent.ticket_id, TicketEvent.counter_id, TicketEvent.user_id,
               Ticket.service_day)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.kind == "transferred",
               Ticket.service_day.between(query.start, query.end),
               *_site_filter(Ticket.site_id, query.site_ids))
        .order_by(TicketEvent.id)
    )


def _vote_query(query: ReportQuery):
    return (
        select(Vote.site_id, Vote.service_id, Vote.counter_id, Vote.clerk_id, Vote.rating,
               Ticket.service_day, Ticket.procedure_id, Vote.reason)
        .join(Ticket, Ticket.id == Vote.ticket_id)
        .where(Ticket.service_day.between(query.start, query.end),
               *_site_filter(Vote.site_id, query.site_ids))
    )

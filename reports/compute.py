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
* p90 by the nearest-rank method over whole seconds (``tally.p90_of_encoded``); satisfaction
  index = (mean rating − 1) / 3 × 100.
* A ticket counts under the service, counter and clerk it ended with (after transfers; one
  waiting again after a transfer, under the counter that sent it on, not as "never called");
  votes count under the counter, clerk and service the vote was recorded for.
* reasons = how often each reason was ticked on unhappy votes of the period, most often first.

Closed tickets are read from the rollups (``server.engine.rollups``); the tickets still open
(waiting or at a counter, today or left from a day the rollover missed) from the raw tickets.
"""

import collections
from collections import namedtuple
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.engine.rollups import REASON_SEPARATOR
from server.models import Service, Ticket, TicketEvent, Vote, utcnow
from server.models.ticket import OPEN_CONDITION

from .labels import describe
from .rolled import add_rolled_days
from .tally import Tally, raw_figures

GROUPS = ("site", "service", "counter", "clerk", "procedure")
_GROUP_COLUMN = {"site": "site_id", "service": "service_id", "counter": "counter_id",
                 "clerk": "clerk_id", "procedure": "procedure_id"}
# SQLAlchemy Row attribute access costs microseconds; plain namedtuples make a year of
# tickets an order of magnitude faster to tally.
TicketFacts = namedtuple("TicketFacts", [
    "site_id", "service_id", "counter_id", "clerk_id", "service_day", "status", "issued_at",
    "called_at", "started_at", "finished_at", "transfer_count", "target_wait_s",
    "procedure_id", "id", "recall_count"])
TransferFacts = namedtuple("TransferFacts", ["ticket_id", "counter_id", "clerk_id",
                                             "service_day"])
VoteFacts = namedtuple("VoteFacts", [
    "site_id", "service_id", "counter_id", "clerk_id", "rating", "service_day", "procedure_id",
    "reason"])


@dataclass(frozen=True)
class GroupedPeriod:
    """Days ``start``..``end``, the grouping of the rows, the sites (None = all)."""

    start: date
    end: date
    group: str
    site_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ReportQuery(GroupedPeriod):
    """What to report: service days ``start``..``end``, grouping, sites, rows per day or not."""

    per_day: bool = False


def compute_report(session: Session, query: ReportQuery, now: datetime | None = None, *,
                   rollups: bool = True) -> dict:
    """Compute one row per group (per day if asked) and a totals row for ``query``.

    Closed tickets, transfers and votes come from the rollups (kept in the transaction that
    closed each ticket, so today's are there too); only tickets still open are read raw.
    ``rollups=False`` tallies every raw ticket instead (the slow reference answer).
    """
    return tally_period(session, query, now, rollups=rollups).answer(session)


def tally_period(session: Session, query: ReportQuery, now: datetime | None = None, *,
                 rollups: bool = True, periods: list[tuple[date, date]] | None = None
                 ) -> "PeriodTally":
    """Tally ``query``'s period: its buckets per group (and day, or per one of ``periods``
    for the closed tickets), ready to be answered or merged (``Tally`` adds up)."""
    if query.group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    report = PeriodTally(query, now or utcnow())
    if rollups:
        add_rolled_days(session, query, query.start, query.end, report, periods)
    report.add_raw(session, query.start, query.end, open_only=rollups)
    return report


class PeriodTally:
    """The rows being gathered: buckets per group (and day), the total, the vote reasons."""

    def __init__(self, query: ReportQuery, now: datetime) -> None:
        self.query, self.now = query, now
        self.buckets: dict[tuple, Tally] = {}
        self.total = Tally()
        self.reasons = collections.Counter()
        self.column = _GROUP_COLUMN[query.group]
        self.by_place = query.group in ("counter", "clerk")

    def bucket(self, group_id, day: date) -> Tally:
        return _bucket(self.buckets, group_id, day, self.query)

    def add_raw(self, session: Session, start: date, end: date, open_only: bool) -> None:
        """Tally raw tickets of ``start``..``end`` (only those not closed, if ``open_only``:
        the closed ones, their transfers and votes are in the rollups)."""
        query, column = self.query, self.column
        transfers = [TransferFacts(*row)
                     for row in session.execute(_transfer_query(query, start, end, open_only))]
        sent_on_by = {transfer.ticket_id: transfer.counter_id for transfer in transfers}
        in_scope = None if query.site_ids is None else set(query.site_ids)
        for row in session.execute(_ticket_query(query, start, end, open_only)):
            ticket = TicketFacts(*row)
            if in_scope is not None and ticket.site_id not in in_scope:
                continue
            if ticket.counter_id is None and ticket.id in sent_on_by:
                ticket = ticket._replace(counter_id=sent_on_by[ticket.id])
            figures = raw_figures(ticket, self.now)
            self.bucket(getattr(ticket, column), ticket.service_day).add_ticket(
                figures, count_transfer=not self.by_place)
            self.total.add_ticket(figures)
        if open_only:
            return
        for transfer in transfers if self.by_place else ():
            self.bucket(getattr(transfer, column), transfer.service_day).counts["transferred"] += 1
        for row in session.execute(_vote_query(query, start, end)):
            vote = VoteFacts(*row)
            self.bucket(getattr(vote, column), vote.service_day).votes[str(vote.rating)] += 1
            self.total.votes[str(vote.rating)] += 1
            self.reasons.update(filter(None, (vote.reason or "").split(REASON_SEPARATOR)))

    def answer(self, session: Session) -> dict:
        query = self.query
        entities = describe(session, query.group, query.site_ids,
                            {group_id for group_id, _day in self.buckets})
        return {
            "from": query.start.isoformat(), "to": query.end.isoformat(), "group": query.group,
            "per_day": query.per_day, "rows": _rows(self.buckets, entities, query.per_day),
            "total": {"key": None, "label": "Tổng cộng", "day": None, **self.total.figures()},
            "reasons": [{"reason": reason, "count": count}
                        for reason, count in sorted(self.reasons.items(),
                                                    key=lambda item: (-item[1], item[0]))],
        }


def _bucket(buckets: dict, group_id, day: date, query: ReportQuery) -> Tally:
    key = (group_id, day if query.per_day else None)
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


def _site_filter(column, site_ids, open_only: bool = False):
    """Narrow to ``site_ids`` in SQL, except when reading open tickets: their partial index
    finds the few of a year at once, where SQLite, given many sites, would walk every ticket
    of the year through the queue index (0.9 s at a province's 5 million); ``add_raw``
    keeps those of the sites in scope."""
    return [] if site_ids is None or open_only else [column.in_(site_ids)]


def _ticket_query(query: ReportQuery, start: date, end: date, open_only: bool):
    return (
        select(Ticket.site_id, Ticket.service_id, Ticket.counter_id, Ticket.clerk_id,
               Ticket.service_day, Ticket.status, Ticket.issued_at, Ticket.called_at,
               Ticket.started_at, Ticket.finished_at, Ticket.transfer_count,
               Service.target_wait_s, Ticket.procedure_id, Ticket.id, Ticket.recall_count)
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.service_day.between(start, end), *_open_filter(open_only),
               *_site_filter(Ticket.site_id, query.site_ids, open_only))
    )


def _open_filter(open_only: bool):
    return [text(f"tickets.{OPEN_CONDITION}")] if open_only else []


def _transfer_query(query: ReportQuery, start: date, end: date, open_only: bool):
    """Every transfer of the period's tickets: the counter and clerk that sent it on."""
    return (
        select(TicketEvent.ticket_id, TicketEvent.counter_id, TicketEvent.user_id,
               Ticket.service_day)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.kind == "transferred", Ticket.service_day.between(start, end),
               *_open_filter(open_only),
               *_site_filter(Ticket.site_id, query.site_ids, open_only))
        .order_by(TicketEvent.id)
    )


def _vote_query(query: ReportQuery, start: date, end: date):
    return (
        select(Vote.site_id, Vote.service_id, Vote.counter_id, Vote.clerk_id, Vote.rating,
               Ticket.service_day, Ticket.procedure_id, Vote.reason)
        .join(Ticket, Ticket.id == Vote.ticket_id)
        .where(Ticket.service_day.between(start, end),
               *_site_filter(Vote.site_id, query.site_ids))
    )

"""Report rollups kept as tickets close, transfers are made and votes are cast.

Each change adds its figures to one row of ``report_rollups`` with an upsert in the caller's
transaction (``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``): two counters closing
at once both land, on PostgreSQL (row lock) and SQLite (one writer). ``rebuild`` recomputes
rows from the raw tickets after an import, a fix or an upgrade.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import ReasonRollup, ReportRollup, Service, Ticket, TicketEvent, Vote
from ..models.rollup import SECONDS_MAX, SECONDS_WIDTH
from ..models.ticket import ACTIVE_AT_COUNTER, DONE, WAITING
from .measures import COUNTS
from .measures import ROLLUP_SECONDS as TEXT_MEASURES
from .measures import ROLLUP_SUMS as NUMBER_MEASURES

OPEN_STATUSES = (WAITING, *ACTIVE_AT_COUNTER)
KEY = ("service_day", "site_id", "service_id", "counter_id", "clerk_id", "procedure_id")
REASON_SEPARATOR = "; "  # the vote pad joins the reasons a citizen ticked
REBUILD_CHUNK_DAYS = 31
ONE_SECOND = timedelta(seconds=1)
ONE_MICROSECOND = timedelta(microseconds=1)


def whole_seconds(duration: timedelta) -> int:
    """Return ``duration`` in whole seconds (floored), kept within what a rollup can hold."""
    return min(max(duration // ONE_SECOND, 0), SECONDS_MAX)


def microseconds(duration: timedelta) -> int:
    """Return ``duration`` in whole microseconds: sums of these are exact."""
    return duration // ONE_MICROSECOND


def encode_seconds(seconds: int) -> str:
    """Write one duration the way rollups store it: zero-padded, fixed width."""
    return str(seconds).zfill(SECONDS_WIDTH)


def service_duration(ticket) -> timedelta | None:
    """Return how long a done ticket was served (from the start, or the call), else None."""
    begun = ticket.started_at or ticket.called_at
    if ticket.status == DONE and ticket.finished_at and begun:
        return ticket.finished_at - begun
    return None


def empty_measures() -> dict:
    """Return a rollup row's figures, all zero."""
    return {**dict.fromkeys(NUMBER_MEASURES, 0), **dict.fromkeys(TEXT_MEASURES, "")}


def transfer_measures() -> dict:
    """Return what one transfer adds to the row of the counter and clerk that made it."""
    return {**empty_measures(), "transfers_made": 1}


def ticket_measures(ticket, target_wait_s: int, now: datetime | None) -> dict:
    """Return what one ticket adds to its rollup row (the raw report counts it the same way)."""
    measures = empty_measures()
    measures.update({measure.name: measure.count(ticket, target_wait_s, now)
                     for measure in COUNTS})
    if ticket.called_at is not None:
        wait = ticket.called_at - ticket.issued_at
        measures.update(wait_count=1, wait_sum_us=microseconds(wait),
                        wait_seconds=encode_seconds(whole_seconds(wait)))
    served_for = service_duration(ticket)
    if served_for is not None:
        measures.update(service_count=1, service_sum_us=microseconds(served_for),
                        service_seconds=encode_seconds(whole_seconds(served_for)))
    return measures


def row_key(service_day: date, site_id: int, service_id: int, counter_id: int | None,
            clerk_id: int | None, procedure_id: int | None) -> tuple:
    """Return the key of a rollup row (``KEY``'s order); 0 stands for "none"."""
    return (service_day, site_id, service_id, counter_id or 0, clerk_id or 0,
            procedure_id or 0)


def ticket_key(ticket, counter_id: int | None) -> tuple:
    """Return the rollup row a ticket counts in; ``counter_id`` after the transfer fallback."""
    return row_key(ticket.service_day, ticket.site_id, ticket.service_id, counter_id,
                   ticket.clerk_id, ticket.procedure_id)


class Rollup:
    """Figures gathered per rollup row in memory, then written with one upsert per row."""

    def __init__(self) -> None:
        self.rows: dict[tuple, dict] = {}
        self.reasons: dict[tuple, int] = {}

    def add(self, key: tuple, measures: dict) -> None:
        row = self.rows.get(key)
        if row is None:
            self.rows[key] = dict(measures)
            return
        for name in NUMBER_MEASURES:
            row[name] += measures[name]
        for name in TEXT_MEASURES:
            row[name] += measures[name]

    def add_vote(self, key: tuple, rating: int, reason: str) -> None:
        measures = empty_measures()
        measures[f"votes_{rating}"] = 1
        self.add(key, measures)
        for part in filter(None, (reason or "").split(REASON_SEPARATOR)):
            reason_key = (key[0], key[1], part)
            self.reasons[reason_key] = self.reasons.get(reason_key, 0) + 1

    def write(self, session: Session) -> None:
        """Add the gathered figures to the stored rows, in key order (no lock cycles)."""
        if self.rows:
            rows = [dict(zip(KEY, key, strict=True), **self.rows[key])
                    for key in sorted(self.rows)]
            _upsert(session, ReportRollup.__table__, KEY, rows)
        if self.reasons:
            rows = [{"service_day": day, "site_id": site_id, "reason": reason, "count": count}
                    for (day, site_id, reason), count in sorted(self.reasons.items())]
            _upsert(session, ReasonRollup.__table__, ("service_day", "site_id", "reason"), rows)


def _upsert(session: Session, table, keys: tuple[str, ...], rows: list[dict]) -> None:
    dialect = session.get_bind().dialect.name
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    added = {}
    for column in table.columns:
        if column.name in keys:
            continue
        new = statement.excluded[column.name]
        added[column.name] = (column.concat(new) if column.name in TEXT_MEASURES
                              else column + new)
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=added), rows)


def record_closed(session: Session, tickets: Iterable[Ticket], now: datetime) -> None:
    """Add tickets that just closed (done, no-show, expired) to their rollup rows."""
    rollup = Rollup()
    for ticket in tickets:
        counter_id = ticket.counter_id
        if counter_id is None and ticket.transfer_count:
            counter_id = _last_sender(session, ticket.id)
        rollup.add(ticket_key(ticket, counter_id),
                   ticket_measures(ticket, ticket.service.target_wait_s, now))
    rollup.write(session)


def _last_sender(session: Session, ticket_id: int) -> int | None:
    """The counter that last sent the ticket on: it counts there if it is never called again."""
    return session.scalar(
        select(TicketEvent.counter_id)
        .where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "transferred")
        .order_by(TicketEvent.id.desc()).limit(1))


def record_transfer(session: Session, ticket: Ticket, counter_id: int,
                    clerk_id: int | None) -> None:
    """Count a transfer made at ``counter_id`` by ``clerk_id``."""
    rollup = Rollup()
    rollup.add(row_key(ticket.service_day, ticket.site_id, ticket.service_id, counter_id,
                       clerk_id, ticket.procedure_id), transfer_measures())
    rollup.write(session)


def count_vote(session: Session, vote: Vote, ticket: Ticket) -> None:
    """Count a vote under the counter, clerk and service it was given for."""
    rollup = Rollup()
    rollup.add_vote(_vote_key(vote, ticket), vote.rating, vote.reason)
    rollup.write(session)


def _vote_key(vote, ticket) -> tuple:
    return row_key(ticket.service_day, vote.site_id, vote.service_id, vote.counter_id,
                   vote.clerk_id, ticket.procedure_id)


def rebuild(session: Session, start: date | None = None, end: date | None = None) -> int:
    """Recompute the rollups of service days ``start``..``end`` (default: every day with
    tickets) from the raw tickets, transfers and votes; return how many tickets were read."""
    first, last = session.execute(select(func.min(Ticket.service_day),
                                         func.max(Ticket.service_day))).one()
    start, end = start or first, end or last
    if start is None or end is None:
        return 0
    session.execute(delete(ReportRollup).where(ReportRollup.service_day.between(start, end)))
    session.execute(delete(ReasonRollup).where(ReasonRollup.service_day.between(start, end)))
    read = 0
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(end, chunk_start + timedelta(days=REBUILD_CHUNK_DAYS - 1))
        read += _rebuild_days(session, chunk_start, chunk_end)
        chunk_start = chunk_end + timedelta(days=1)
    return read


def _rebuild_days(session: Session, start: date, end: date) -> int:
    rollup = Rollup()
    in_days = Ticket.service_day.between(start, end)
    sent_on_by = {}
    for event in session.execute(
            select(TicketEvent.ticket_id, TicketEvent.counter_id, TicketEvent.user_id,
                   Ticket.service_day, Ticket.site_id, Ticket.service_id, Ticket.procedure_id)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(TicketEvent.kind == "transferred", in_days).order_by(TicketEvent.id)):
        sent_on_by[event.ticket_id] = event.counter_id
        rollup.add(row_key(event.service_day, event.site_id, event.service_id,
                           event.counter_id, event.user_id, event.procedure_id),
                   transfer_measures())
    read = 0
    for ticket in session.execute(
            select(Ticket.id, Ticket.site_id, Ticket.service_id, Ticket.counter_id,
                   Ticket.clerk_id, Ticket.procedure_id, Ticket.service_day, Ticket.status,
                   Ticket.issued_at, Ticket.called_at, Ticket.started_at, Ticket.finished_at,
                   Ticket.transfer_count, Ticket.recall_count, Service.target_wait_s)
            .join(Service, Service.id == Ticket.service_id)
            .where(in_days, Ticket.status.not_in(OPEN_STATUSES))
            .execution_options(yield_per=20000)):
        read += 1
        rollup.add(ticket_key(ticket, ticket.counter_id or sent_on_by.get(ticket.id)),
                   ticket_measures(ticket, ticket.target_wait_s, None))
    for vote in session.execute(
            select(Vote.site_id, Vote.service_id, Vote.counter_id, Vote.clerk_id, Vote.rating,
                   Vote.reason, Ticket.service_day, Ticket.procedure_id)
            .join(Ticket, Ticket.id == Vote.ticket_id).where(in_days)):
        rollup.add_vote(_vote_key(vote, vote), vote.rating, vote.reason)
    rollup.write(session)
    return read

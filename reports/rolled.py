"""Closed days of a report, read from the rollups: one grouped query, no ticket rows."""

from datetime import date

from sqlalchemy import Date, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from server.engine.measures import COUNTS, ROLLUP_SECONDS, ROLLUP_SUMS
from server.models import ReasonRollup, ReportRollup

from .tally import decode_seconds

STREAM_ROWS = 64


def add_rolled_days(session: Session, query, start: date, end: date, report,
                    periods: list[tuple[date, date]] | None = None) -> None:
    """Add the rollups of days ``start``..``end`` to ``report``'s rows, total and reasons.

    A per-day query gets a row per group and day, or, given consecutive ``periods`` (first,
    last) covering the days, per group and period, dated by the period's first day: a year's
    trend by month reads a dozen rows per group instead of three hundred.
    """
    group = getattr(ReportRollup, report.column)
    dimensions = [group.label("group_id")]
    if query.per_day:
        dimensions.append(ReportRollup.service_day if periods is None
                          else _period_start(periods).label("service_day"))
    concat = _concatenation(session)
    statement = (
        select(*dimensions, *(func.sum(getattr(ReportRollup, name)).label(name)
                              for name in ROLLUP_SUMS),
               *(concat(getattr(ReportRollup, name)).label(name) for name in ROLLUP_SECONDS))
        .where(ReportRollup.service_day.between(start, end),
               *_sites(ReportRollup.site_id, query.site_ids))
        .group_by(*dimensions)
    )
    # Streamed: a year of seconds text is never held at once, each row decoded as it comes.
    for row in session.execute(statement, execution_options={"yield_per": STREAM_ROWS}):
        figures = dict(row._mapping)
        for name in ROLLUP_SECONDS:
            figures[name] = decode_seconds(figures[name])
        report.total.add(figures)
        if report.by_place:
            figures.update({m.name: figures[m.by_place] for m in COUNTS if m.by_place})
        day = figures.get("service_day")
        report.bucket(figures["group_id"] or None, day).add(figures)
    reasons = (select(ReasonRollup.reason, func.sum(ReasonRollup.count))
               .where(ReasonRollup.service_day.between(start, end),
                      *_sites(ReasonRollup.site_id, query.site_ids))
               .group_by(ReasonRollup.reason))
    for reason, count in session.execute(reasons):
        report.reasons[reason] += count


def _period_start(periods: list[tuple[date, date]]):
    """The first day of the period a rollup's day falls in."""
    last_start = literal(periods[-1][0], Date)
    if len(periods) == 1:
        return last_start
    return type_coerce(case(*((ReportRollup.service_day <= last, literal(first, Date))
                              for first, last in periods[:-1]), else_=last_start), Date)


def _concatenation(session: Session):
    """Concatenate a text column over a group, in the database (order does not matter)."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda column: func.string_agg(column, literal(""))
    return lambda column: func.group_concat(column, "")


def _sites(column, site_ids):
    return [] if site_ids is None else [column.in_(site_ids)]

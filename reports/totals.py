"""Per-site totals over a period, for the leaders' consolidated views."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from .compute import ReportQuery, compute_report


def site_totals(session: Session, start: date, end: date,
                site_ids: tuple[int, ...] | None = None,
                now: datetime | None = None) -> list[dict]:
    """Return one row per site in scope for service days ``start``..``end``, in site order.

    Each row has the site's ``key`` (code), ``label`` (name) and the queue report's figures:
    issued, served, no_show, transferred, overdue, avg/p90 wait and service (seconds),
    votes ``{"1".."4": n}`` and satisfaction_index; ``site_ids=None`` means every site.
    """
    report = compute_report(session, ReportQuery(start, end, "site", site_ids), now=now)
    return [{key: value for key, value in row.items() if key != "day"}
            for row in report["rows"]]

"""The figures of the queue reports, each defined once: its name, its Vietnamese and English
headings, how it is rolled up and tallied, and how it is shown.

A *count* (issued, served, …) is what each closed ticket adds to the rollup column of the
same name (``count``), summed over a period; the rollups, the raw tally, the report and
overview answers, the exports and the report page read this list. The other figures are
worked out from the rollups' sums and seconds (waits, service times, votes) by
``reports.tally``; they are listed here for their headings and formats.

Formats: ``count`` a whole number; ``minutes`` seconds shown as minutes (0.01);
``percent`` 0.1 %; ``index`` 0–100; ``votes`` the four ratings, best first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..models.ticket import DONE, NO_SHOW, WAITING


@dataclass(frozen=True)
class Measure:
    """One figure of a report row."""

    name: str  # its key in the answers and the page
    heading: str  # Vietnamese, as the exports head its column
    short: str  # Vietnamese, as the report page heads its column
    heading_en: str
    format: str
    # A count: what one closed ticket adds, given (ticket, target wait in seconds, now).
    count: Callable[[object, int, datetime | None], int] | None = None
    # A count grouped by counter or clerk reads this column instead (where it happened).
    by_place: str | None = None
    report: bool = True  # a column of the period report
    overview: bool = True  # a column of the leaders' overview (its answer and exports)
    overview_page: bool = True  # … and of its page's site table


def waited_s(ticket, now: datetime | None) -> float | None:
    """Seconds waited so far for overdue purposes: until the call, now, or the ticket's end."""
    if ticket.called_at is not None:
        return (ticket.called_at - ticket.issued_at).total_seconds()
    if ticket.status == WAITING:
        return (now - ticket.issued_at).total_seconds()
    if ticket.finished_at is not None:
        return (ticket.finished_at - ticket.issued_at).total_seconds()
    return None


def _overdue(ticket, target_wait_s: int, now: datetime | None) -> int:
    waited = waited_s(ticket, now)
    return int(waited is not None and waited > target_wait_s)


MEASURES = (
    Measure("issued", "Số phiếu đã cấp", "Số phiếu đã cấp", "Issued", "count",
            count=lambda ticket, target, now: 1),
    Measure("served", "Đã phục vụ", "Đã phục vụ", "Served", "count",
            count=lambda ticket, target, now: int(ticket.status == DONE)),
    Measure("no_show", "Vắng mặt", "Vắng mặt", "No-show", "count",
            count=lambda ticket, target, now: int(ticket.status == NO_SHOW)),
    # By site, service or procedure: tickets transferred at least once; by counter or
    # clerk: the transfers made there.
    Measure("transferred", "Chuyển", "Chuyển", "Transferred", "count",
            count=lambda ticket, target, now: int(ticket.transfer_count > 0),
            by_place="transfers_made", overview=False),
    Measure("overdue", "Chờ quá thời gian mục tiêu", "Chờ quá thời gian mục tiêu",
            "Waited over target", "count", count=_overdue, overview_page=False),
    # How often the ticket was called again, counted under the counter it ended with.
    Measure("recalled", "Số lần gọi lại", "Gọi lại", "Recalls", "count",
            count=lambda ticket, target, now: ticket.recall_count, overview=False),
    Measure("avg_wait_s", "Thời gian chờ TB (phút)", "Chờ TB (phút)", "Avg wait (min)",
            "minutes"),
    Measure("p90_wait_s", "Thời gian chờ – phân vị 90 (phút)", "Chờ – phân vị 90 (phút)",
            "P90 wait (min)", "minutes"),
    Measure("avg_service_s", "Thời gian phục vụ TB (phút)", "Phục vụ TB (phút)",
            "Avg service (min)", "minutes"),
    Measure("p90_service_s", "Thời gian phục vụ – phân vị 90 (phút)",
            "Phục vụ – phân vị 90 (phút)", "P90 service (min)", "minutes", overview=False),
    Measure("overdue_share", "Tỷ lệ chờ quá thời gian mục tiêu (%)", "Chờ quá mục tiêu (%)",
            "Waited over target (%)", "percent", report=False),
    Measure("votes", "Số lượt đánh giá", "Số lượt đánh giá", "Votes", "votes",
            overview_page=False),
    Measure("satisfaction_index", "Chỉ số hài lòng (0–100)", "Chỉ số hài lòng",
            "Satisfaction index", "index"),
)
BY_NAME = {measure.name: measure for measure in MEASURES}
COUNTS = tuple(measure for measure in MEASURES if measure.count is not None)
COUNT_NAMES = tuple(measure.name for measure in COUNTS)
# Sums a tally keeps for the averages, beside the counts.
DURATION_SUMS = ("wait_count", "wait_sum_us", "service_count", "service_sum_us")
VOTE_COLUMNS = ("votes_1", "votes_2", "votes_3", "votes_4")
# The rollup table's figure columns: summed numbers, and seconds text concatenated.
ROLLUP_SUMS = (*COUNT_NAMES, *(m.by_place for m in COUNTS if m.by_place), *DURATION_SUMS,
               *VOTE_COLUMNS)
ROLLUP_SECONDS = ("wait_seconds", "service_seconds")


def report_measures() -> tuple[Measure, ...]:
    """The period report's columns, in order."""
    return tuple(measure for measure in MEASURES if measure.report)


def overview_measures() -> tuple[Measure, ...]:
    """The leaders' overview's columns, in order."""
    return tuple(measure for measure in MEASURES if measure.overview)


def overview_page_measures() -> tuple[Measure, ...]:
    """The overview page's site-table columns, in order (the overdue share stands for the
    overdue count there, the satisfaction index for the votes)."""
    return tuple(measure for measure in overview_measures() if measure.overview_page)


def for_page(measures) -> list[dict]:
    """Describe ``measures`` for a page's script: name, headings and format."""
    return [{"name": m.name, "vi": m.short, "en": m.heading_en, "format": m.format}
            for m in measures]

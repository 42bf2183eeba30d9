"""The simulator's files: a day's arrivals and counters in, one row per ticket out.

A bad file is refused whole, naming its row, before anything is simulated.
"""

import csv
import io
import math
from collections import defaultdict
from datetime import datetime, time

from .days import VIETNAM
from .simulate import Arrival, Desk, Outcome

ARRIVAL_COLUMNS = ("arrived_at", "service", "priority", "appointment_at", "service_s", "no_show")
COUNTER_COLUMNS = ("counter", "services", "open")
OUTCOME_COLUMNS = ("number", "service", "arrived_at", "estimate_s", "estimate_low_s",
                   "estimate_high_s", "called_at", "counter", "wait_s", "served_s",
                   "warned_closing", "no_show")


class DayFileError(ValueError):
    """A simulator input file that cannot be read; the message names the row."""


def read_arrivals(text: str) -> list[Arrival]:
    """Parse an arrivals CSV; optional ``transfer_to``/``transfer_s`` send a ticket on."""
    rows = _rows(text, ARRIVAL_COLUMNS, "arrivals")
    arrivals, last = [], None
    for line, row in rows:
        try:
            arrival = Arrival(
                arrived_at=_clock(row["arrived_at"]), service=_code(row["service"]),
                priority=_flag(row["priority"]),
                appointment_at=_clock(row["appointment_at"]) if row["appointment_at"] else None,
                service_s=_seconds(row["service_s"]), no_show=_flag(row["no_show"]),
                transfer_to=(row.get("transfer_to") or "").strip() or None,
                transfer_s=_seconds(row.get("transfer_s") or "0"))
        except ValueError as error:
            raise DayFileError(f"arrivals, dòng/row {line}: {error}") from None
        if last is not None and arrival.arrived_at < last:
            raise DayFileError(f"arrivals, dòng/row {line}: giờ đến không theo thứ tự / "
                               f"arrived_at {row['arrived_at']} is before the previous row")
        last = arrival.arrived_at
        arrivals.append(arrival)
    return arrivals


def read_counters(text: str) -> list[Desk]:
    """Parse a counters CSV: number, fields separated by ``;``, intervals like 07:30-11:30."""
    desks = []
    for line, row in _rows(text, COUNTER_COLUMNS, "counters"):
        try:
            services = tuple(_code(code) for code in row["services"].split(";") if code.strip())
            if not services:
                raise ValueError("no field / services is empty")
            desks.append(Desk(int(row["counter"]), services, _intervals(row["open"])))
        except ValueError as error:
            raise DayFileError(f"counters, dòng/row {line}: {error}") from None
    numbers = [desk.counter for desk in desks]
    if len(set(numbers)) != len(numbers):
        raise DayFileError("counters: một quầy xuất hiện hai lần / a counter is listed twice")
    return desks


def check_fields(arrivals: list[Arrival], desks: list[Desk], known: set[str] | None) -> None:
    """Refuse a field no counter serves, or (given ``known``) one the site does not have."""
    served = {code for desk in desks for code in desk.services}
    if known is not None:
        for desk in desks:
            for code in desk.services:
                if code not in known:
                    raise DayFileError(f"counters, quầy/counter {desk.counter}: lĩnh vực lạ / "
                                       f"unknown service {code}")
    for line, arrival in enumerate(arrivals, start=2):
        for code in filter(None, (arrival.service, arrival.transfer_to)):
            if code not in served or (known is not None and code not in known):
                raise DayFileError(f"arrivals, dòng/row {line}: lĩnh vực lạ hoặc không quầy nào "
                                   f"phục vụ / unknown or unserved service {code}")


def write_outcomes(outcomes: list[Outcome], tz=VIETNAM) -> str:
    """Return the outcome CSV: one row per ticket, times as HH:MM:SS local."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(OUTCOME_COLUMNS)
    for row in outcomes:
        writer.writerow([
            row.number, row.service, _local(row.arrived_at, tz), row.estimate_s,
            row.estimate_low_s, row.estimate_high_s,
            _local(row.called_at, tz) if row.called_at else "",
            row.counter or "", "" if row.wait_s is None else row.wait_s, row.served_s,
            int(row.warned_closing), int(row.no_show)])
    return buffer.getvalue()


def summarise(outcomes: list[Outcome], tz=VIETNAM) -> dict:
    """Waits per hour and field, citizens not called, and how far estimates were off."""
    waits = defaultdict(list)
    for row in outcomes:
        if row.wait_s is not None:
            hour = row.arrived_at.astimezone(tz).hour
            waits[(hour, row.service)].append(row.wait_s)
    errors = [row.estimate_s - row.wait_s for row in outcomes if row.wait_s is not None]
    absolute = [abs(error) for error in errors]
    return {
        "tickets": len(outcomes),
        "not_called": sum(1 for row in outcomes if row.called_at is None),
        "waits": {key: (percentile(values, 50), percentile(values, 90))
                  for key, values in sorted(waits.items())},
        "error_mean_s": round(sum(absolute) / len(absolute)) if absolute else 0,
        "error_p50_s": percentile(absolute, 50),
        "error_p90_s": percentile(absolute, 90),
        "within_5min": _share(absolute, lambda error: error <= 300),
        "under_10min": _share(errors, lambda error: error < -600),
        # How often the wait that followed fell inside the range given at issue.
        "in_range": _share([row for row in outcomes if row.wait_s is not None],
                           lambda row: row.estimate_low_s <= row.wait_s <= row.estimate_high_s),
    }


def summary_lines(summary: dict) -> list[str]:
    """Render a summary for the terminal, Vietnamese first."""
    lines = [f"Số phiếu / tickets: {summary['tickets']}, chưa được gọi trước giờ đóng / "
             f"not called before closing: {summary['not_called']}",
             "Giờ  Lĩnh vực/field  chờ p50  chờ p90 (phút/min)"]
    for (hour, service), (p50, p90) in summary["waits"].items():
        lines.append(f"{hour:02d}h  {service:<14}  {p50 / 60:7.1f}  {p90 / 60:7.1f}")
    lines.append(
        f"Sai số ước tính / estimate error: trung bình/mean {summary['error_mean_s'] / 60:.1f}, "
        f"p50 {summary['error_p50_s'] / 60:.1f}, p90 {summary['error_p90_s'] / 60:.1f} phút/min; "
        f"trong ±5 phút/within ±5 min {summary['within_5min']:.0%}; "
        f"thấp hơn thực tế >10 phút/under by >10 min {summary['under_10min']:.0%}; "
        f"trong khoảng đã báo/within the range given {summary['in_range']:.0%}")
    return lines


def percentile(values: list[int], rank: int) -> int:
    """Return the nearest-rank ``rank``-th percentile of ``values`` (0 when empty)."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


def _local(moment: datetime, tz) -> str:
    return moment.astimezone(tz).strftime("%H:%M:%S")


def _share(values, test) -> float:
    return sum(1 for value in values if test(value)) / len(values) if values else 0.0


def _rows(text: str, columns: tuple[str, ...], name: str):
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in columns if column not in (reader.fieldnames or [])]
    if missing:
        raise DayFileError(f"{name}, dòng/row 1: thiếu cột / missing column {', '.join(missing)}")
    for line, row in enumerate(reader, start=2):
        yield line, {key: (value or "").strip() for key, value in row.items() if key}


def _clock(text: str) -> time:
    for pattern in ("%H:%M:%S", "%H:%M"):
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise ValueError(f"giờ không hợp lệ / bad time {text!r}")


def _code(text: str) -> str:
    code = text.strip()
    if not code:
        raise ValueError("thiếu lĩnh vực / service is empty")
    return code


def _flag(text: str) -> bool:
    if text not in ("", "0", "1"):
        raise ValueError(f"giá trị phải là 0 hoặc 1 / expected 0 or 1, got {text!r}")
    return text == "1"


def _seconds(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"số giây không hợp lệ / bad seconds {text!r}")
    return int(text)


def _intervals(text: str) -> tuple[tuple[time, time], ...]:
    intervals = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        start, _dash, end = part.partition("-")
        opens, closes = _clock(start.strip()), _clock(end.strip())
        if opens >= closes or (intervals and opens < intervals[-1][1]):
            raise ValueError(f"khoảng giờ không hợp lệ / bad interval {part!r}")
        intervals.append((opens, closes))
    if not intervals:
        raise ValueError("thiếu giờ mở / open is empty")
    return tuple(intervals)

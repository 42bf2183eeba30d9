"""Opening hours as people type them: ``mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30``."""

import re

from server.engine.days import WEEKDAYS

_PERIOD = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class HoursError(ValueError):
    """Opening hours that cannot be read; the message is Vietnamese, for the form."""


def parse_hours(text: str) -> dict:
    """Turn ``"mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30"`` into the stored mapping.

    Clauses are separated by ``;`` or new lines; an empty text means always open.
    """
    hours: dict[str, list[list[str]]] = {}
    for clause in filter(None, (part.strip() for part in re.split(r"[;\n]", text or ""))):
        days_text, _, periods_text = clause.partition(" ")
        periods = [period.strip() for period in periods_text.split(",") if period.strip()]
        if not periods:
            raise HoursError(f"“{clause}”: thiếu khung giờ, ví dụ mon-fri 07:30-11:30.")
        for period in periods:
            if not _PERIOD.match(period) or period[:5] >= period[6:]:
                raise HoursError(f"“{period}”: khung giờ phải dạng HH:MM-HH:MM, "
                                 "giờ mở trước giờ đóng.")
        for day in _days(days_text.strip().lower()):
            hours[day] = sorted(hours.get(day, []) + [p.split("-") for p in periods])
    return hours


def _days(text: str) -> list[str]:
    days = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise HoursError(f"“{part}”: ngày phải là mon, tue, wed, thu, fri, sat, sun "
                             "hoặc khoảng như mon-fri.")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        if end < start:
            raise HoursError(f"“{part}”: ngày bắt đầu phải trước ngày kết thúc.")
        days.extend(WEEKDAYS[start:end + 1])
    return days


def format_hours(hours: dict) -> str:
    """Write the mapping back as text, joining consecutive days with the same periods."""
    clauses, index = [], 0
    while index < len(WEEKDAYS):
        periods = hours.get(WEEKDAYS[index])
        end = index
        while end + 1 < len(WEEKDAYS) and hours.get(WEEKDAYS[end + 1]) == periods:
            end += 1
        if periods:
            days = WEEKDAYS[index] if end == index else f"{WEEKDAYS[index]}-{WEEKDAYS[end]}"
            clauses.append(f"{days} " + ",".join(f"{a}-{b}" for a, b in periods))
        index = end + 1
    return "; ".join(clauses)

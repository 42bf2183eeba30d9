"""Opening hours as people type them, in Vietnamese or in short English.

``T2-T6 7h30-11h30, 13h30-17h; T7 7h30-11h30``, ``thứ 2 - thứ 6 7h30-11h30``, ``CN 8h-11h``
and ``mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30`` all read the same.
"""

import re
import unicodedata

from server.engine.days import WEEKDAYS

# Monday first: the short name people write (and the editor writes), and the editor's label.
DAY_NAMES = (("T2", "Thứ 2"), ("T3", "Thứ 3"), ("T4", "Thứ 4"), ("T5", "Thứ 5"),
             ("T6", "Thứ 6"), ("T7", "Thứ 7"), ("CN", "Chủ nhật"))
VIETNAMESE_DAYS = dict(zip(WEEKDAYS, (short for short, _label in DAY_NAMES), strict=True))
_DAY_WORDS = [  # Vietnamese day names → the stored codes; longest forms first
    (r"chủ\s*nhật|\bcn\b", "sun"),
    (r"thứ\s*(?:hai|2)\b|\bt2\b", "mon"), (r"thứ\s*(?:ba|3)\b|\bt3\b", "tue"),
    (r"thứ\s*(?:tư|4)\b|\bt4\b", "wed"), (r"thứ\s*(?:năm|5)\b|\bt5\b", "thu"),
    (r"thứ\s*(?:sáu|6)\b|\bt6\b", "fri"), (r"thứ\s*(?:bảy|7)\b|\bt7\b", "sat"),
]
_DAY = "(?:" + "|".join(WEEKDAYS) + ")"
_CLAUSE = re.compile(rf"^({_DAY}(?:\s*[-,]\s*{_DAY})*)(?:\s+(.*))?$")
_CLOCK = r"(\d{1,2})(?:[:h](\d{2})?)?"
_PERIOD = re.compile(rf"^{_CLOCK}\s*-\s*{_CLOCK}$")
EXAMPLE = "ví dụ T2-T6 7h30-11h30, 13h30-17h00; T7 7h30-11h30"


class HoursError(ValueError):
    """Opening hours that cannot be read; the message is Vietnamese, for the form."""


def parse_hours(text: str) -> dict:
    """Turn the typed hours into the stored mapping ``{"mon": [["07:30", "11:30"], …], …}``.

    Clauses are separated by ``;`` or new lines; an empty text means always open.
    """
    hours: dict[str, list[list[str]]] = {}
    for clause in filter(None, (part.strip() for part in re.split(r"[;\n]", text or ""))):
        match = _CLAUSE.match(_canonical_days(clause))
        if not match:
            raise HoursError(f"“{clause}”: cần ghi ngày trước, như T2-T6, T7, CN hoặc "
                             f"thứ 2 - thứ 6; {EXAMPLE}.")
        days_text, periods_text = match.groups()
        periods = [_period(p.strip()) for p in (periods_text or "").split(",") if p.strip()]
        if not periods:
            raise HoursError(f"“{clause}”: thiếu khung giờ, {EXAMPLE}.")
        for day in _days(days_text):
            hours[day] = sorted(hours.get(day, []) + periods)
    return hours


def _canonical_days(clause: str) -> str:
    text = unicodedata.normalize("NFC", clause).casefold()
    text = re.sub(r"\s+đến\s+", " - ", text)
    for pattern, code in _DAY_WORDS:
        text = re.sub(pattern, code, text)
    return text


def _period(text: str) -> list[str]:
    match = _PERIOD.match(text)
    if match:
        start, end = (_clock(*match.groups()[:2]), _clock(*match.groups()[2:]))
        if start and end and start < end:
            return [start, end]
    raise HoursError(f"“{text}”: khung giờ phải như 7h30-11h30 hoặc 07:30-11:30, "
                     "giờ mở trước giờ đóng.")


def _clock(hour: str, minute: str | None) -> str | None:
    hours, minutes = int(hour), int(minute or 0)
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None


def _days(text: str) -> list[str]:
    days = []
    for part in text.split(","):
        first, _, last = (piece.strip() for piece in part.partition("-"))
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        if end < start:
            raise HoursError(f"“{VIETNAMESE_DAYS[first]}-{VIETNAMESE_DAYS[last]}”: "
                             "ngày bắt đầu phải trước ngày kết thúc.")
        days.extend(WEEKDAYS[start:end + 1])
    return days


def format_hours(hours: dict) -> str:
    """Write the mapping back in Vietnamese, joining consecutive days with the same periods."""
    clauses, index = [], 0
    while index < len(WEEKDAYS):
        periods = hours.get(WEEKDAYS[index])
        end = index
        while end + 1 < len(WEEKDAYS) and hours.get(WEEKDAYS[end + 1]) == periods:
            end += 1
        if periods:
            first, last = VIETNAMESE_DAYS[WEEKDAYS[index]], VIETNAMESE_DAYS[WEEKDAYS[end]]
            days = first if end == index else f"{first}-{last}"
            clauses.append(f"{days} " + ", ".join(f"{a}-{b}" for a, b in periods))
        index = end + 1
    return "; ".join(clauses)

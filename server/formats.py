"""How pages, exports and printouts write a day: the server's side of ``static/formats.js``."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

# The centre's zone: what "the day" and every shown time are counted in (engine.days too).
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Monday first, as ``date.weekday()`` counts.
WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def vn_date(iso_day: str) -> str:
    """Write a day the way Vietnamese offices do: 2026-11-25 → 25/11/2026."""
    return f"{date.fromisoformat(iso_day):%d/%m/%Y}"


# A text cell starting with one of these is run as a formula by spreadsheet programs (CSV
# and XLSX alike): a service, procedure or message text "=HYPERLINK(…)" must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value):
    """Quote a text value that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_text_cell(value):
    """Undo ``as_text_cell`` on a cell read back from a file this project wrote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def vn_datetime(moment: datetime) -> str:
    """Write a stored UTC moment as Vietnam's local day and 24-hour time: 07/12/2026 09:05."""
    return f"{moment.astimezone(VIETNAM):%d/%m/%Y %H:%M}"

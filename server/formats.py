"""How pages, exports and printouts write a day: the server's side of ``static/formats.js``."""

from datetime import date

# Monday first, as ``date.weekday()`` counts.
WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def vn_date(iso_day: str) -> str:
    """Write a day the way Vietnamese offices do: 2026-11-25 → 25/11/2026."""
    return f"{date.fromisoformat(iso_day):%d/%m/%Y}"

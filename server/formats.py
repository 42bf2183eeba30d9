"""How pages, exports and printouts write a day: the server's side of ``static/formats.js``."""

from datetime import date, datetime

from .engine.days import VIETNAM


def vn_date(iso_day: str) -> str:
    """Write a day the way Vietnamese offices do: 2026-11-25 → 25/11/2026."""
    return f"{date.fromisoformat(iso_day):%d/%m/%Y}"


def vn_datetime(moment: datetime) -> str:
    """Write a stored UTC moment as Vietnam's local day and 24-hour time: 07/12/2026 09:05."""
    return f"{moment.astimezone(VIETNAM):%d/%m/%Y %H:%M}"

"""Words printed on a ticket, per language."""

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from server.formats import WEEKDAYS

DISPLAY_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

LABELS = {
    "vi": {
        "number": "SỐ THỨ TỰ",
        "priority": "ƯU TIÊN",
        "appointment": "CÓ LỊCH HẸN",
        "follow": "Theo dõi lượt",
        "book": "Đặt lịch hẹn lần sau",
        "ahead": "Số người đang chờ trước {citizen}: {n}",
        "wait": "Thời gian chờ dự kiến: {text}",
        "under_minute": "dưới 1 phút",
        "minutes": "khoảng {m} phút",
        "hours": "khoảng {h} giờ",
        "hours_minutes": "khoảng {h} giờ {m} phút",
        "minutes_range": "khoảng {low}–{high} phút",
        "hours_range": "khoảng {low}–{high} giờ",
        "weekdays": WEEKDAYS["vi"],
    },
    "en": {
        "number": "YOUR NUMBER",
        "priority": "PRIORITY",
        "appointment": "APPOINTMENT",
        "follow": "Follow your turn",
        "book": "Book next time",
        "ahead": "People waiting before you: {n}",
        "wait": "Estimated wait: {text}",
        "under_minute": "under 1 minute",
        "minutes": "about {m} min",
        "hours": "about {h} h",
        "hours_minutes": "about {h} h {m} min",
        "minutes_range": "about {low}–{high} min",
        "hours_range": "about {low}–{high} h",
        "weekdays": WEEKDAYS["en"],
    },
}


def format_issued_at(issued_at: datetime, language: str = "vi") -> str:
    """Format a timestamp in Vietnam time, e.g. "Thứ Tư, 25/11/2026 09:41"."""
    local = issued_at.astimezone(DISPLAY_TZ)
    weekday = LABELS[language]["weekdays"][local.weekday()]
    return f"{weekday}, {local:%d/%m/%Y %H:%M}"


def wait_range_text(low_s: int, high_s: int, language: str = "vi") -> str | None:
    """Phrase a wait range rounded outward ("khoảng 20–30 phút"), or None when it is narrow
    or the rounded ends meet: then the single figure says it without false precision."""
    labels = LABELS[language]
    if high_s - low_s < 300:  # under five minutes apart: one figure says it
        return None
    if high_s >= 2 * 3600:  # half hours: minutes would promise more than anyone knows
        low, high = math.floor(low_s / 1800) / 2, math.ceil(high_s / 1800) / 2
        decimal = "," if language == "vi" else "."
        shown = [f"{value:g}".replace(".", decimal) for value in (low, high)]
        return labels["hours_range"].format(low=shown[0], high=shown[1]) if low < high else None
    low, high = 5 * math.floor(low_s / 300), 5 * math.ceil(high_s / 300)
    if high - low <= 5:
        return None
    return labels["minutes_range"].format(low=max(low, 1), high=high)


def format_wait(estimated_wait_s: int, language: str = "vi",
                range_s: tuple[int, int] | None = None) -> str:
    """Format an estimated wait as a rounded, human phrase; a range when ``range_s`` is wide."""
    labels = LABELS[language]
    spread = range_s and wait_range_text(*range_s, language)
    if spread:
        return labels["wait"].format(text=spread)
    if estimated_wait_s < 60:
        text = labels["under_minute"]
    else:
        hours, minutes = divmod(round(estimated_wait_s / 60), 60)
        if not hours:
            text = labels["minutes"].format(m=minutes)
        elif not minutes:
            text = labels["hours"].format(h=hours)
        else:
            text = labels["hours_minutes"].format(h=hours, m=minutes)
    return labels["wait"].format(text=text)


def format_ahead(waiting_ahead: int, language: str = "vi", citizen: str = "quý khách") -> str:
    """Format the number of people ahead in the queue, addressing the citizen as ``citizen``."""
    return LABELS[language]["ahead"].format(n=waiting_ahead, citizen=citizen)

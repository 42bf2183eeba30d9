"""Words printed on a ticket, per language."""

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
        "weekdays": WEEKDAYS["en"],
    },
}


def format_issued_at(issued_at: datetime, language: str = "vi") -> str:
    """Format a timestamp in Vietnam time, e.g. "Thứ Tư, 25/11/2026 09:41"."""
    local = issued_at.astimezone(DISPLAY_TZ)
    weekday = LABELS[language]["weekdays"][local.weekday()]
    return f"{weekday}, {local:%d/%m/%Y %H:%M}"


def format_wait(estimated_wait_s: int, language: str = "vi") -> str:
    """Format an estimated wait as a rounded, human phrase."""
    labels = LABELS[language]
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

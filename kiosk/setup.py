"""What the kiosk page needs to draw itself: services, opening state, priority categories."""

from datetime import datetime

from flask import current_app

from server.engine import VIETNAM
from server.formats import WEEKDAYS
from server.models import Device, utcnow

DEFAULT_PRIORITY_CATEGORIES = [
    {"vi": "Người cao tuổi", "en": "Elderly people"},
    {"vi": "Người khuyết tật", "en": "Persons with disabilities"},
    {"vi": "Phụ nữ mang thai", "en": "Pregnant women"},
    {"vi": "Người có công với cách mạng", "en": "People with meritorious service"},
    {"vi": "Người đi cùng trẻ em dưới 6 tuổi", "en": "People with a child under 6"},
]


def closed_reason(opens_at: datetime | None, now: datetime | None = None) -> tuple[str, str]:
    """Say why a service takes no tickets now and when it reopens, in Vietnamese and English."""
    if opens_at is None:
        return "Ngoài giờ tiếp nhận", "Outside service hours"
    local = opens_at.astimezone(VIETNAM)
    today = (now or utcnow()).astimezone(VIETNAM).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return (f"Ngoài giờ tiếp nhận — mở lại lúc {clock}",
                f"Outside service hours — reopens at {clock}")
    day_vi = f"{WEEKDAYS['vi'][local.weekday()]} {local:%d/%m}"
    day_en = f"{WEEKDAYS['en'][local.weekday()]} {local:%d/%m}"
    return (f"Ngoài giờ tiếp nhận — mở lại lúc {clock} {day_vi}",
            f"Outside service hours — reopens at {clock} on {day_en}")


def priority_categories(device: Device) -> list[dict]:
    """Return the priority categories: the kiosk's setting, else config, else the defaults.

    Each may be ``{"vi": …, "en": …}`` or a string ``"Tiếng Việt|English"``.
    """
    configured = (device.settings or {}).get("priority_categories") or current_app.config[
        "KIOSK_PRIORITY_CATEGORIES"] or DEFAULT_PRIORITY_CATEGORIES
    if isinstance(configured, str):
        configured = [item for item in configured.split(";") if item.strip()]
    categories = []
    for item in configured:
        if isinstance(item, dict) and item.get("vi"):
            categories.append({"vi": str(item["vi"]), "en": str(item.get("en") or item["vi"])})
        elif isinstance(item, str):
            vi, _, en = item.partition("|")
            categories.append({"vi": vi.strip(), "en": (en or vi).strip()})
    return categories


def kiosk_setup(device: Device, services: list[dict], day_off: dict | None = None) -> dict:
    """Assemble the kiosk's start-up data around the public service list.

    On a day off (``day_off``: its reason) the tiles say so; when no service is open the page
    shows the site closed with that reason.
    """
    for service in services:
        if not service["open"]:
            opens = datetime.fromisoformat(service["opens_at"]) if service["opens_at"] else None
            vi, en = closed_reason(opens)
            if day_off and service["opening_hours"]:
                vi = vi.replace("Ngoài giờ tiếp nhận", f"Hôm nay nghỉ: {day_off['reason']}")
                en = en.replace("Outside service hours", f"Closed today: {day_off['reason_en']}")
            service["closed_reason"], service["closed_reason_en"] = vi, en
    config = current_app.config
    site = device.site
    centre_name, site_name = site.heading_lines(config["CENTRE_NAME"])
    return {
        "site": {"code": site.code, "name": site.name, "notice": site.notice},
        # The page's two heading lines; the second is empty when the site's name says it all.
        "centre_name": centre_name,
        "site_line": site_name,
        "citizen": site.citizen_words,
        "kiosk": {"id": device.id, "name": device.name, "has_printer": bool(device.printer_uri)},
        "services": services,
        "closed_today": day_off if day_off and not any(s["open"] for s in services) else None,
        "priority_categories": priority_categories(device),
        "return_after_s": int(config["KIOSK_RETURN_AFTER_S"]),
        "reprint_window_s": int(config["KIOSK_REPRINT_WINDOW_S"]),
    }

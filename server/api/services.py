"""Services (fields of work) as the kiosk and integrations see them."""

from ..engine import VIETNAM, service_day, waiting_counts
from ..engine.calendar import calendar_for
from ..engine.days import is_open, next_opening
from ..models import utcnow
from ..storage import db
from . import api
from .context import resolve_site


@api.get("/v1/services")
def list_services():
    """List the site's active services with live waiting counts and opening state."""
    site = resolve_site()
    now = utcnow()
    counts = waiting_counts(db(), site, service_day(now, site.rollover_at))
    calendar = calendar_for(db(), site)
    # A service with opening hours keeps them on working days only; one without is always open.
    closure = calendar.closure(now.astimezone(VIETNAM).date())
    services = []
    for service in site.services:
        if not service.active:
            continue
        opens = next_opening(service.opening_hours, now, working_day=calendar.is_working_day)
        hours = service.opening_hours
        services.append({
            "code": service.code,
            "name": service.name,
            "name_en": service.name_en,
            "waiting": counts.get(service.id, 0),
            "priority_allowed": service.priority_allowed,
            "open": is_open(hours, now) and not (closure and hours),
            "opens_at": opens.astimezone(VIETNAM).isoformat() if opens else None,
            "opening_hours": service.opening_hours,
            "bookable": service.slot_minutes > 0,
        })
    return {"site": {"code": site.code, "name": site.name}, "services": services,
            "day_off": {"reason": closure.reason, "reason_en": closure.reason_en}
            if closure else None}

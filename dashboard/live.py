"""Today's numbers for one site, as the dashboard shows them (pure, no Flask)."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.compute import ReportQuery, compute_report
from server.engine.days import service_day
from server.models import Site, Ticket, utcnow
from server.models.site import COUNTER_STATES
from server.models.ticket import WAITING


def dashboard_numbers(session: Session, site: Site, now: datetime | None = None) -> dict:
    """Return waiting per service, longest wait, counter states and today's totals.

    ``waiting_overdue`` counts citizens still waiting longer than their service's target.
    """
    now = now or utcnow()
    day = service_day(now, site.rollover_at)
    oldest: dict[int, datetime] = {}
    waiting: dict[int, int] = {}
    overdue: dict[int, int] = {}
    targets = {service.id: service.target_wait_s for service in site.services}
    rows = session.execute(select(Ticket.service_id, Ticket.issued_at).where(
        Ticket.site_id == site.id, Ticket.service_day == day, Ticket.status == WAITING))
    for service_id, issued_at in rows:
        waiting[service_id] = waiting.get(service_id, 0) + 1
        oldest[service_id] = min(issued_at, oldest.get(service_id, issued_at))
        if _seconds(now, issued_at) > targets[service_id]:
            overdue[service_id] = overdue.get(service_id, 0) + 1
    today = compute_report(session, ReportQuery(day, day, "site", (site.id,)), now)["total"]
    longest = min(oldest.values(), default=None)
    return {
        "site": {"code": site.code, "name": site.name},
        "service_day": day.isoformat(),
        "now": now.isoformat(),
        "services": [_service(service, waiting, oldest, now) | {
            "waiting_overdue": overdue.get(service.id, 0)} for service in site.services],
        "waiting": sum(waiting.values()),
        "waiting_overdue": sum(overdue.values()),
        "longest_wait_s": _seconds(now, longest),
        "longest_waiting_since": longest.isoformat() if longest else None,
        "counters": _counters(site),
        "today": {key: today[key] for key in (
            "issued", "served", "no_show", "overdue", "avg_wait_s", "avg_service_s", "votes",
            "satisfaction_index")},
    }


def _seconds(now: datetime, since: datetime | None) -> int | None:
    return None if since is None else int((now - since).total_seconds())


def _service(service, waiting: dict, oldest: dict, now: datetime) -> dict:
    return {"code": service.code, "name": service.name, "name_en": service.name_en,
            "active": service.active, "waiting": waiting.get(service.id, 0),
            "longest_wait_s": _seconds(now, oldest.get(service.id)),
            "target_wait_s": service.target_wait_s}


def _counters(site: Site) -> dict:
    """Count counters open, paused, closed and serving (a ticket at the desk)."""
    states = {state: 0 for state in COUNTER_STATES} | {"serving": 0}
    listing = []
    for counter in site.counters:
        states[counter.status] = states.get(counter.status, 0) + 1
        ticket = counter.current_ticket
        states["serving"] += ticket is not None
        listing.append({"number": counter.number, "name": counter.name, "status": counter.status,
                        "clerk": counter.clerk.full_name if counter.clerk else None,
                        "ticket": ticket.number if ticket else None})
    return {**states, "list": listing}

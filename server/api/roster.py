"""The duty roster over HTTP: read a day (staff), edit and copy a week, compare hours (managers)."""

from datetime import date, timedelta

from flask import g, request

from ..auth.guard import require_staff
from ..engine.days import VIETNAM
from ..engine.roster import (
    Slot,
    copy_previous_week,
    hours_report,
    roster_for,
    set_week,
    week_start,
)
from ..errors import ApiError
from ..models import utcnow
from ..payloads.roster import (
    RosterDay,
    RosterEntryView,
    RosterHours,
    RosterSaved,
    RosterWeekView,
)
from ..storage import db
from .blueprint import api
from .context import resolve_site
from .contract import documented
from .parsing import parse_body
from .schemas import (
    EARLIEST,
    LATEST,
    DayQuery,
    RosterCopy,
    RosterWeek,
    SiteQuery,
    SpanQuery,
    WeekQuery,
)


def _date_arg(name: str) -> date:
    raw = request.args.get(name)
    if raw is None:
        return utcnow().astimezone(VIETNAM).date()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        raise ApiError(422, "invalid_date",
                       f"Ngày “{raw[:20]}” không hợp lệ, vui lòng chọn lại ngày.",
                       "The date must be YYYY-MM-DD, from 2000 to 2100.")
    return day


@api.get("/v1/roster")
@documented("Who staffs which counter on a day", {200: RosterDay}, errors=(404, 422),
            query=DayQuery)
@require_staff("clerk", "manager", "admin")
def roster_of_day():
    """List who is rostered at which counter on ``?date=`` (default today)."""
    site = resolve_site(g.user)
    day = _date_arg("date")
    return RosterDay(site=site.code, date=day, roster=[
        RosterEntryView.of(entry) for entry in roster_for(db(), site, day, day)]).dump()


@api.get("/v1/roster/week")
@documented("A week's roster, Monday first", {200: RosterWeekView}, errors=(404, 422),
            query=WeekQuery)
@require_staff("manager", "admin")
def roster_of_week():
    """List the roster of the week that holds ``?start=`` (default this week), Monday first."""
    site = resolve_site(g.user)
    monday = week_start(_date_arg("start"))
    entries = roster_for(db(), site, monday, monday + timedelta(days=6))
    return RosterWeekView(site=site.code, start=monday,
                          roster=[RosterEntryView.of(entry) for entry in entries]).dump()


@api.put("/v1/roster/week")
@documented("Replace a week's roster", {200: RosterSaved}, errors=(404,), body=RosterWeek,
            query=SiteQuery)
@require_staff("manager", "admin")
def replace_week():
    """Replace the week's roster with the entries given."""
    body = parse_body(RosterWeek)
    site = resolve_site(g.user)
    slots = [Slot(item.day, item.counter, item.clerk, item.starts, item.ends)
             for item in body.entries]
    count = set_week(db(), site, body.start, slots)
    db().commit()
    return RosterSaved(site=site.code, start=week_start(body.start), entries=count).dump()


@api.post("/v1/roster/week/copy")
@documented("Copy last week's roster into a week", {200: RosterSaved}, errors=(404,),
            body=RosterCopy, query=SiteQuery)
@require_staff("manager", "admin")
def copy_week():
    """Copy last week's roster into the given week in one action."""
    body = parse_body(RosterCopy)
    site = resolve_site(g.user)
    count = copy_previous_week(db(), site, body.start)
    db().commit()
    return RosterSaved(site=site.code, start=week_start(body.start), entries=count).dump()


@api.get("/v1/roster/report")
@documented("Rostered vs actually open hours per clerk", {200: RosterHours},
            errors=(404, 422), query=SpanQuery)
@require_staff("manager", "admin")
def roster_hours():
    """Compare rostered with actually open hours per clerk from ``?from=`` to ``?to=``."""
    site = resolve_site(g.user)
    first, last = _date_arg("from"), _date_arg("to")
    if last < first or (last - first).days > 366:
        raise ApiError(422, "invalid_range", "Khoảng ngày không hợp lệ (tối đa một năm).",
                       "The date range is invalid (one year at most).")
    return RosterHours.model_validate({
        "site": site.code, "from": first, "to": last,
        "clerks": hours_report(db(), site, first, last, utcnow())}).dump()

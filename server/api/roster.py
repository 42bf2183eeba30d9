"""The duty roster over HTTP: read a day (staff), edit and copy a week, compare hours (managers)."""

from datetime import date, timedelta

from flask import g

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
from .schemas import (
    DayQuery,
    RosterCopy,
    RosterWeek,
    SiteQuery,
    SpanQuery,
    WeekQuery,
)


def _today() -> date:
    return utcnow().astimezone(VIETNAM).date()


@api.get("/v1/roster")
@require_staff("clerk", "manager", "admin")
@documented("Who staffs which counter on a day", {200: RosterDay}, errors=(404, 422),
            query=DayQuery)
def roster_of_day(query: DayQuery):
    """List who is rostered at which counter on ``?date=`` (default today)."""
    site = resolve_site(g.user)
    day = query.date or _today()
    return RosterDay(site=site.code, date=day, roster=[
        RosterEntryView.of(entry) for entry in roster_for(db(), site, day, day)]).dump()


@api.get("/v1/roster/week")
@require_staff("manager", "admin")
@documented("A week's roster, Monday first", {200: RosterWeekView}, errors=(404, 422),
            query=WeekQuery)
def roster_of_week(query: WeekQuery):
    """List the roster of the week that holds ``?start=`` (default this week), Monday first."""
    site = resolve_site(g.user)
    monday = week_start(query.start or _today())
    entries = roster_for(db(), site, monday, monday + timedelta(days=6))
    return RosterWeekView(site=site.code, start=monday,
                          roster=[RosterEntryView.of(entry) for entry in entries]).dump()


@api.put("/v1/roster/week")
@require_staff("manager", "admin")
@documented("Replace a week's roster", {200: RosterSaved}, errors=(404,), body=RosterWeek,
            query=SiteQuery)
def replace_week(body: RosterWeek, query: SiteQuery):
    """Replace the week's roster with the entries given."""
    site = resolve_site(g.user)
    slots = [Slot(item.day, item.counter, item.clerk, item.starts, item.ends)
             for item in body.entries]
    count = set_week(db(), site, body.start, slots)
    db().commit()
    return RosterSaved(site=site.code, start=week_start(body.start), entries=count).dump()


@api.post("/v1/roster/week/copy")
@require_staff("manager", "admin")
@documented("Copy last week's roster into a week", {200: RosterSaved}, errors=(404,),
            body=RosterCopy, query=SiteQuery)
def copy_week(body: RosterCopy, query: SiteQuery):
    """Copy last week's roster into the given week in one action."""
    site = resolve_site(g.user)
    count = copy_previous_week(db(), site, body.start)
    db().commit()
    return RosterSaved(site=site.code, start=week_start(body.start), entries=count).dump()


@api.get("/v1/roster/report")
@require_staff("manager", "admin")
@documented("Rostered vs actually open hours per clerk", {200: RosterHours},
            errors=(404, 422), query=SpanQuery)
def roster_hours(query: SpanQuery):
    """Compare rostered with actually open hours per clerk from ``?from=`` to ``?to=``."""
    site = resolve_site(g.user)
    first, last = query.days(_today())
    return RosterHours.model_validate({
        "site": site.code, "from": first, "to": last,
        "clerks": hours_report(db(), site, first, last, utcnow())}).dump()

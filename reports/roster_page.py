"""The manager's duty roster page: a week of counters × days, each day's shifts (a morning and
an afternoon clerk, a Saturday morning), copy last week, hours compared."""

import re
from datetime import date, time, timedelta

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from admin.audit import record
from server.auth.pages import page_site, require_page
from server.engine import QueueError
from server.engine.calendar import calendar_for
from server.engine.days import VIETNAM
from server.engine.roster import (
    Slot,
    copy_previous_week,
    hours_report,
    roster_for,
    set_week,
    week_start,
)
from server.formats import WEEKDAYS
from server.models import Site, User, utcnow
from server.storage import db

from . import blueprint

FULL_DAY, SATURDAY = (time(7, 30), time(17, 0)), (time(7, 30), time(11, 30))
# One shift of the grid: counter n, day offset d (0 = Monday), row s of that cell.
SHIFT_FIELD = re.compile(r"^c(\d{1,6})d([0-6])s(\d{1,2})$")
SHIFTS_PER_CELL = 6


def default_hours(offset: int) -> tuple[time, time]:
    """The hours a new shift starts with: Saturday mornings, office hours on other days."""
    return SATURDAY if offset == 5 else FULL_DAY


def _monday() -> date:
    try:
        return week_start(date.fromisoformat(request.args.get("start", "")))
    except ValueError:
        return week_start(utcnow().astimezone(VIETNAM).date())


def _clerks(site: Site) -> list[User]:
    return list(db().scalars(select(User).where(
        User.role == "clerk", User.active.is_(True),
        (User.site_id == site.id) | User.site_id.is_(None)).order_by(User.username)))


def _sites_to_pick() -> list[Site]:
    """The sites whose roster this user may open: every active one for a user of all sites."""
    if g.user.site_id is not None:
        return []
    return list(db().scalars(select(Site).where(Site.active.is_(True)).order_by(Site.id)))


def _slots_from_form(site: Site, monday: date) -> list[Slot]:
    """Read every shift of the grid; a row whose clerk is left empty is no shift."""
    numbers = {counter.number for counter in site.counters}
    slots = []
    for name in sorted(request.form):
        match = SHIFT_FIELD.match(name)
        clerk = request.form.get(name, "").strip()
        if not match or not clerk:
            continue
        number, offset = int(match[1]), int(match[2])
        if number not in numbers:
            continue
        slots.append(Slot(monday + timedelta(days=offset), number, clerk,
                          _clock(request.form.get(f"{name}from", "")),
                          _clock(request.form.get(f"{name}to", ""))))
    return slots


def _clock(raw: str) -> time:
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        raise QueueError("roster_bad_hours", f"Giờ “{raw[:8]}” không hợp lệ (dạng 07:30).",
                         "A shift's hours must be given as HH:MM.", status=422) from None


def _cells(entries, monday: date) -> dict[tuple[int, int], list]:
    cells: dict[tuple[int, int], list] = {}
    for entry in entries:
        cells.setdefault((entry.counter.number, (entry.day - monday).days), []).append(entry)
    return cells


@blueprint.get("/reports/roster")
@require_page("manager", "admin")
def roster_page():
    """Show the week's roster as a grid to edit, and rostered vs open hours."""
    site, monday = page_site(), _monday()
    entries = roster_for(db(), site, monday, monday + timedelta(days=6))
    hours = hours_report(db(), site, monday, monday + timedelta(days=6), utcnow())
    calendar = calendar_for(db(), site)
    days = [(offset, WEEKDAYS["vi"][offset], day, default_hours(offset), calendar.closure(day))
            for offset, day in ((offset, monday + timedelta(days=offset)) for offset in range(7))]
    return render_template("reports/roster.html", site=site, monday=monday, days=days,
                           sites=_sites_to_pick(),
                           cells=_cells(entries, monday), clerks=_clerks(site), hours=hours,
                           shifts_per_cell=SHIFTS_PER_CELL,
                           previous=monday - timedelta(days=7),
                           following=monday + timedelta(days=7))


@blueprint.post("/reports/roster")
@require_page("manager", "admin")
def roster_save():
    """Replace the week's roster with the grid as submitted."""
    return _change_week(
        lambda session, site, monday: set_week(session, site, monday,
                                               _slots_from_form(site, monday)),
        "Đã lưu lịch trực tuần từ {monday:%d/%m/%Y}: {count} ca.", "update")


@blueprint.post("/reports/roster/copy")
@require_page("manager", "admin")
def roster_copy():
    """Make the week a copy of the week before, in one action."""
    return _change_week(copy_previous_week,
                        "Đã chép lịch trực tuần trước sang tuần này: {count} ca.", "copy_week")


def _change_week(change, done: str, action: str):
    """Apply ``change(session, site, monday)`` to the week, say how many shifts it holds;
    the change is audited with the admin pages' changes."""
    site, monday = page_site(), _monday()
    try:
        before = len(roster_for(db(), site, monday, monday + timedelta(days=6)))
        count = change(db(), site, monday)
        record(db(), g.user, action, "roster", site.id, {"shifts": before},
               {"site": site.name, "week": monday.isoformat(), "shifts": count})
        db().commit()
        flash(done.format(monday=monday, count=count), "ok")
    except QueueError as error:
        db().rollback()
        flash(error.message, "error")
    return redirect(url_for("reports.roster_page", start=monday.isoformat(),
                            site=site.code))

"""The manager's planner: a past day replayed with another roster, beside what happened.

The day's own citizens (when they came, for which field, how long each took) are replayed
through the queue engine (server.simulation) with the counters, hours and fields the manager
sets; the predicted waits per hour and field stand beside the real ones. Nothing is written:
the replay runs on a database of its own in memory.
"""

from datetime import date, datetime, timedelta

from flask import render_template, request
from sqlalchemy import func, select

from server.auth.pages import page_site, require_page
from server.engine.day_files import DayFileError, read_counters, summarise
from server.engine.day_history import history_day, office_desks
from server.engine.days import VIETNAM
from server.engine.simulate import Desk, Outcome
from server.models import Site, Ticket, utcnow
from server.simulation import simulate
from server.storage import db

from . import blueprint

OFFICE = "07:30-11:30;13:30-17:00"


@blueprint.get("/reports/plan")
@require_page("manager", "admin")
def plan_page():
    """Replay a past day with the roster in the form; show predicted and real waits."""
    site = page_site()
    day = _day(site)
    arrivals, real_desks, fields, tickets = history_day(db(), site, day)
    codes = [field.code for field in fields]
    counters = _counter_rows(site, day, real_desks)
    error, predicted, desks = None, None, real_desks
    if request.args.get("plan"):
        try:
            desks = _desks_from_form(counters, codes)
        except DayFileError as problem:
            error = str(problem)
        else:
            counters = _rows_of(counters, desks)
    if arrivals and error is None:
        outcomes = simulate(arrivals, desks, day=day, policy=site.priority_policy,
                            ratio=site.priority_ratio, fields=fields)
        predicted = summarise(outcomes)
    field_of = {service.id: service.code for service in site.services}
    actual = summarise([_real(ticket, field_of) for ticket in tickets]) if tickets else None
    names = {field.code: field.name for field in fields}
    return render_template("reports/plan.html", site=site, day=day, codes=codes, names=names,
                           counters=counters, predicted=predicted, actual=actual, error=error,
                           keys=_keys(predicted, actual), citizens=len(arrivals))


def _day(site: Site) -> date:
    """The day asked for (dd/mm/yyyy or yyyy-mm-dd), else the last day before today with
    tickets."""
    asked = request.args.get("day", "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(asked, pattern).date()
        except ValueError:
            continue
    today = utcnow().astimezone(VIETNAM).date()
    last = db().scalar(select(func.max(Ticket.service_day)).where(
        Ticket.site_id == site.id, Ticket.service_day < today))
    return last or today - timedelta(days=1)


def _counter_rows(site: Site, day: date, real: list[Desk]) -> list[dict]:
    """Every counter of the site as the form shows it: open that day or not, hours, fields."""
    worked = {desk.counter for desk in real}
    return [{"number": desk.counter, "open": desk.counter in worked, "hours": OFFICE,
             "fields": set(desk.services)} for desk in office_desks(db(), site, day)]


def _desks_from_form(counters: list[dict], codes: list[str]) -> list[Desk]:
    lines = ["counter,services,open"]
    for row in counters:
        number = row["number"]
        chosen = [code for code in request.args.getlist(f"f{number}") if code in codes]
        if request.args.get(f"open{number}") and chosen:
            hours = request.args.get(f"hours{number}", OFFICE).replace(",", ";").strip()
            lines.append(f'{number},{";".join(chosen)},"{hours}"')
    if len(lines) == 1:
        raise DayFileError("Chưa mở quầy nào / no counter is open")
    return read_counters("\n".join(lines) + "\n")


def _rows_of(counters: list[dict], desks: list[Desk]) -> list[dict]:
    """The form's rows as submitted: closed counters keep their fields as they were asked."""
    chosen = {desk.counter: desk for desk in desks}
    rows = []
    for row in counters:
        number = row["number"]
        fields = set(request.args.getlist(f"f{number}"))
        desk = chosen.get(number)
        hours = ";".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in desk.open) if desk else \
            request.args.get(f"hours{number}", OFFICE)
        rows.append({"number": number, "open": desk is not None, "hours": hours,
                     "fields": fields})
    return rows


def _real(ticket: Ticket, field_of: dict[int, str]) -> Outcome:
    """What really happened to ``ticket``, in the simulator's terms (no estimate)."""
    outcome = Outcome(ticket.number, field_of[ticket.original_service_id], ticket.issued_at,
                      0, 0, 0, False)
    outcome.called_at = ticket.called_at
    return outcome


def _keys(*summaries) -> list[tuple[int, str]]:
    return sorted({key for summary in summaries if summary for key in summary["waits"]})

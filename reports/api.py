"""``/api/v1/reports``: the period report as JSON, CSV and XLSX."""

from flask import g

from server.api.contract import documented
from server.api.schemas import ReportParams
from server.auth.guard import require_staff
from server.payloads.reports import AppointmentReport, Report
from server.storage import db

from . import blueprint
from .appointments import appointment_report
from .compute import compute_report
from .downloads import add_report
from .export import to_csv, to_xlsx
from .params import report_query

add_report("/api/v1/reports", "report", "report",
           "Period report per site, service, counter, clerk or procedure", Report, ReportParams,
           lambda: compute_report(db(), report_query(g.user)), {"csv": to_csv, "xlsx": to_xlsx},
           lambda report: f"bao-cao-{report['group']}-{report['from']}-{report['to']}",
           "Return one row per group (and day), plus a totals row.")


@blueprint.get("/api/v1/reports/appointments")
@require_staff("manager", "admin")
@documented("The period's bookings, check-in rate, no-shows, booked and walk-in waits",
            {200: AppointmentReport}, errors=(404,), query=ReportParams)
def report_appointments():
    """Return the period's bookings, check-in rate, no-shows, booked and walk-in waits."""
    query = report_query(g.user)
    return appointment_report(db(), query.start, query.end, query.site_ids)

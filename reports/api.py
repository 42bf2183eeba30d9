"""``/api/v1/reports``: the period report as JSON, CSV and XLSX."""

from flask import Response, g

from server.api.contract import Media, documented
from server.api.schemas import ReportParams
from server.auth.guard import require_staff
from server.payloads.reports import AppointmentReport, Report
from server.storage import db

from . import blueprint
from .appointments import appointment_report
from .compute import compute_report
from .export import to_csv, to_xlsx
from .params import report_query

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blueprint.get("/api/v1/reports")
@documented("Period report per site, service, counter, clerk or procedure", {200: Report},
            errors=(404,), query=ReportParams)
@require_staff("manager", "admin")
def report_json():
    """Return one row per group (and day), plus a totals row."""
    return compute_report(db(), report_query(g.user))


@blueprint.get("/api/v1/reports/appointments")
@documented("The period's bookings, check-in rate, no-shows, booked and walk-in waits",
            {200: AppointmentReport}, errors=(404,), query=ReportParams)
@require_staff("manager", "admin")
def report_appointments():
    """Return the period's bookings, check-in rate, no-shows, booked and walk-in waits."""
    query = report_query(g.user)
    return appointment_report(db(), query.start, query.end, query.site_ids)


@blueprint.get("/api/v1/reports/export.csv")
@documented("The same report as CSV, Vietnamese headings",
            {200: Media("text/csv", "UTF-8 with a BOM")}, errors=(404,), query=ReportParams)
@require_staff("manager", "admin")
def report_csv():
    """Download the report as CSV (UTF-8 with BOM, Vietnamese headings)."""
    report = compute_report(db(), report_query(g.user))
    return _download(to_csv(report), "text/csv; charset=utf-8", report, "csv")


@blueprint.get("/api/v1/reports/export.xlsx")
@documented("The same report as an Excel workbook, Vietnamese headings",
            {200: Media(XLSX_MIME, "An Excel workbook", True)}, errors=(404,),
            query=ReportParams)
@require_staff("manager", "admin")
def report_xlsx():
    """Download the report as an Excel workbook."""
    report = compute_report(db(), report_query(g.user))
    return _download(to_xlsx(report), XLSX_MIME, report, "xlsx")


def _download(body: bytes, mimetype: str, report: dict, extension: str) -> Response:
    name = f"bao-cao-{report['group']}-{report['from']}-{report['to']}.{extension}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

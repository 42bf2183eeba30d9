"""The leaders' overview: ``/api/v1/reports/overview`` (JSON, CSV, XLSX) and its page."""

from datetime import timedelta

from flask import Response, g, render_template, request
from pydantic import ValidationError

from server.api.contract import Media, documented
from server.api.schemas import OverviewParams
from server.auth.guard import require_staff
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.errors import from_validation_error
from server.models import SITE_TIERS, utcnow
from server.payloads.reports import Overview
from server.storage import db

from . import blueprint
from .overview import OverviewQuery, compute_overview, sort_rows
from .overview_export import to_csv, to_xlsx
from .params import form_reason, site_scope

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REASONS = {
    "trend": ("Mục “Xu hướng” chỉ nhận: theo tuần hoặc theo tháng.",
              "“Trend” must be per week or per month."),
    "sort": ("Không sắp xếp được theo cột này, vui lòng chọn cột khác.",
             "The table cannot be sorted by this column; choose another."),
}


def parse_overview_params(args: dict) -> OverviewParams:
    """Validate ``args``; 422 naming the form's field that is wrong, on bad input."""
    try:
        return OverviewParams.model_validate(args)
    except ValidationError as error:
        failure = from_validation_error(error)
        fields = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
        wrong = next((name for name in ("trend", "sort") if name in fields), None)
        failure.message, failure.message_en = (_REASONS[wrong] if wrong
                                               else form_reason(error))
        raise failure from None


def overview_report(args: dict) -> dict:
    """Compute the overview ``args`` ask for, over the sites the user may see."""
    params = parse_overview_params(args)
    query = OverviewQuery(params.start, params.end,
                          site_scope(g.user, params.site, params.tier), params.trend)
    report = compute_overview(db(), query, utcnow().astimezone(VIETNAM).date())
    report["rows"] = sort_rows(report["rows"], params.sort, params.desc)
    return report | {"sort": params.sort, "desc": params.desc}


def _download(body: bytes, mimetype: str, report: dict, extension: str) -> Response:
    name = f"bao-cao-tong-hop-{report['from']}-{report['to']}.{extension}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.get("/api/v1/reports/overview")
@documented("One row per site by tier, tier subtotals, the total and a week/month trend",
            {200: Overview}, errors=(404,), query=OverviewParams)
@require_staff("manager", "admin")
def overview_json():
    """Return one row per site, a row per tier, the total and the week/month trend."""
    return overview_report(request.args.to_dict())


@blueprint.get("/api/v1/reports/overview/export.csv")
@documented("The same overview as CSV, Vietnamese headings",
            {200: Media("text/csv", "UTF-8 with a BOM")}, errors=(404,), query=OverviewParams)
@require_staff("manager", "admin")
def overview_csv():
    """Download the overview as CSV (UTF-8 with BOM, Vietnamese headings)."""
    report = overview_report(request.args.to_dict())
    return _download(to_csv(report), "text/csv; charset=utf-8", report, "csv")


@blueprint.get("/api/v1/reports/overview/export.xlsx")
@documented("The same overview as an Excel workbook, Vietnamese headings",
            {200: Media(XLSX_MIME, "An Excel workbook", True)}, errors=(404,),
            query=OverviewParams)
@require_staff("manager", "admin")
def overview_xlsx():
    """Download the overview as an Excel workbook."""
    report = overview_report(request.args.to_dict())
    return _download(to_xlsx(report), XLSX_MIME, report, "xlsx")


@blueprint.get("/reports/overview")
@require_page("manager", "admin")
def overview_page():
    """Show the leaders' overview; the table and the trend load from the overview API."""
    today = utcnow().astimezone(VIETNAM).date()
    # Without a period: this month so far, as leaders' monthly briefings count.
    start = request.args.get("from") or (today - timedelta(days=today.day - 1)).isoformat()
    return render_template("reports/overview.html", start=start,
                           end=request.args.get("to") or today.isoformat(),
                           tiers=SITE_TIERS, all_sites=g.user.site_id is None)

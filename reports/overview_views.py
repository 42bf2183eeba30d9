"""The leaders' overview: ``/api/v1/reports/overview`` (JSON, CSV, XLSX) and its page."""


from flask import g, render_template, request
from pydantic import ValidationError

from server.api.schemas import OverviewParams
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.engine.measures import for_page, overview_page_measures
from server.errors import from_validation_error
from server.models import SITE_TIERS, utcnow
from server.payloads.reports import Overview
from server.storage import db

from . import blueprint
from .downloads import add_report
from .overview import OverviewQuery, compute_overview, sort_rows
from .overview_export import to_csv, to_xlsx
from .params import form_reason, month_so_far, site_scope

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


add_report("/api/v1/reports/overview", "overview", "overview",
           "One row per site by tier, tier subtotals, the total and a week/month trend",
           Overview, OverviewParams, lambda: overview_report(request.args.to_dict()),
           {"csv": to_csv, "xlsx": to_xlsx},
           lambda report: f"bao-cao-tong-hop-{report['from']}-{report['to']}",
           "Return one row per site, a row per tier, the total and the week/month trend.")


@blueprint.get("/reports/overview")
@require_page("manager", "admin")
def overview_page():
    """Show the leaders' overview; the table and the trend load from the overview API."""
    period = month_so_far({key: value for key, value in request.args.items() if value})
    return render_template("reports/overview.html", start=period["from"], end=period["to"],
                           tiers=SITE_TIERS, all_sites=g.user.site_id is None,
                           measures=for_page(overview_page_measures()))

"""The dossier report: ``/api/v1/reports/dossiers`` (JSON, CSV, XLSX) and ``/reports/dossiers``."""


from flask import g, render_template, request
from sqlalchemy import select

from server.api.contract import documented
from server.api.dossier_links import criteria
from server.api.schemas import DossierReportParams
from server.auth.guard import require_staff
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.errors import ApiError
from server.models import Site, utcnow
from server.payloads.reports import DossierPeriodReport, DossierReport
from server.storage import db

from . import blueprint
from .dossier_export import (
    COLUMN_HEADINGS_EN,
    COLUMNS,
    DECIMALS,
    GROUP_HEADINGS,
    GROUP_HEADINGS_EN,
    PERIOD_COLUMNS,
    VISIT_OUTCOMES,
    VISIT_OUTCOMES_EN,
    to_csv,
    to_xlsx,
)
from .dossier_period import compute_period_report
from .dossiers import DossierQuery, compute_dossier_report
from .downloads import add_exports
from .export import vn_date
from .params import month_so_far, parse_report_params, site_scope


def dossier_report(args: dict, compute=compute_dossier_report) -> dict:
    """Compute the dossier report ``args`` ask for, within the user's sites."""
    params = parse_report_params(DossierReportParams, args)
    query = DossierQuery(params.start, params.end, params.group,
                         site_scope(g.user, params.site))
    return compute(db(), query, utcnow().astimezone(VIETNAM).date())


@blueprint.get("/api/v1/reports/dossiers")
@require_staff("manager", "admin")
@documented("Dossiers received in a period: on time, late, in progress, overdue",
            {200: DossierReport}, errors=(404,), query=DossierReportParams)
def dossier_report_json():
    """Return one row per group, plus a totals row, with on-time rates."""
    return dossier_report(request.args.to_dict())


@blueprint.get("/api/v1/reports/dossiers/period")
@documented("Dossiers handled in a period: carried over, received by channel, early, on time, "
            "late, in progress, overdue, guidance and refusals", {200: DossierPeriodReport},
            errors=(404,), query=DossierReportParams)
@require_staff("manager", "admin")
def dossier_period_report_json():
    """Return the period's one-stop figures per group, with on-time rates counting overdue."""
    return dossier_report(request.args.to_dict(), compute_period_report)


add_exports("/api/v1/reports/dossiers/period", "dossier_period_report", "period report",
            DossierReportParams,
            lambda: dossier_report(request.args.to_dict(), compute_period_report),
            {"csv": lambda report: to_csv(report, PERIOD_COLUMNS),
             "xlsx": lambda report: to_xlsx(report, PERIOD_COLUMNS, "trong kỳ")},
            lambda report: f"bao-cao-ho-so-trong-ky-{report['group']}-{report['from']}-"
                           f"{report['to']}")
add_exports("/api/v1/reports/dossiers", "dossier_report", "dossier report", DossierReportParams,
            lambda: dossier_report(request.args.to_dict()), {"csv": to_csv, "xlsx": to_xlsx},
            lambda report: f"bao-cao-ho-so-{report['group']}-{report['from']}-{report['to']}")


@blueprint.get("/reports/dossiers")
@require_page("manager", "admin")
def dossier_report_page():
    """Show the dossier report as a table, with the same figures as the API."""
    args = month_so_far(request.args.to_dict())
    sites = db().scalars(select(Site).order_by(Site.id)).all()
    if g.user.site_id is not None:
        sites = [site for site in sites if site.id == g.user.site_id]
    error, report = None, None
    try:
        report = dossier_report(args)
    except ApiError as failure:
        error = failure
    return render_template(
        "reports/dossiers.html", report=report, error=error, sites=sites,
        all_sites=g.user.site_id is None, args=args, columns=COLUMNS,
        group_headings=GROUP_HEADINGS, group_headings_en=GROUP_HEADINGS_EN,
        column_headings_en=COLUMN_HEADINGS_EN, vn_date=vn_date, decimals=DECIMALS,
        visit_outcomes=VISIT_OUTCOMES, visit_outcomes_en=VISIT_OUTCOMES_EN,
        criteria={criterion.key: criterion for criterion in criteria()}), 422 if error else 200

"""The dossier report per period: ``/api/v1/reports/dossiers`` (JSON, CSV, XLSX) and the
page ``/reports/dossiers``."""

from datetime import timedelta

from flask import g, render_template, request
from sqlalchemy import select

from server.api.contract import Media, documented
from server.api.dossier_links import criteria
from server.api.schemas import DossierReportParams, RegisterParams
from server.auth.guard import require_staff
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.errors import ApiError
from server.models import Site, utcnow
from server.payloads.reports import DossierReport
from server.storage import db

from . import blueprint
from .dossier_export import (
    COLUMN_HEADINGS_EN,
    COLUMNS,
    DECIMALS,
    GROUP_HEADINGS,
    GROUP_HEADINGS_EN,
    VISIT_OUTCOMES,
    VISIT_OUTCOMES_EN,
    figure,
    to_csv,
    to_xlsx,
)
from .dossier_period import compute_period_report
from .dossier_register import RegisterQuery, register_xlsx
from .dossiers import DossierQuery
from .downloads import XLSX_MIME, add_report, attachment
from .export import vn_date
from .params import parse_report_params, site_scope


def dossier_report(args: dict) -> dict:
    """Compute the dossier report ``args`` ask for, within the user's sites."""
    params = parse_report_params(DossierReportParams, args)
    query = DossierQuery(params.start, params.end, params.group,
                         site_scope(g.user, params.site))
    return compute_period_report(db(), query, utcnow().astimezone(VIETNAM).date())


add_report("/api/v1/reports/dossiers", "dossier_report", "dossier report",
           "Dossiers handled in a period, as centres report upward: carried over, received by "
           "channel, early, on time, late, in progress, overdue, guidance and refusals, the "
           "on-time rate (overdue open counted late), average processing days",
           DossierReport, DossierReportParams, lambda: dossier_report(request.args.to_dict()),
           {"csv": to_csv, "xlsx": to_xlsx},
           lambda report: f"bao-cao-ho-so-{report['group']}-{report['from']}-{report['to']}",
           "Return one row per group, plus a totals row, with on-time rates counting overdue.")


@blueprint.get("/api/v1/reports/dossiers/register.xlsx")
@require_staff("manager", "admin")
@documented("The register of dossiers received in a period (Mẫu 07, sổ theo dõi hồ sơ) as an "
            "Excel workbook headed in Vietnamese; phones by their last digits, no ID numbers",
            {200: Media(XLSX_MIME, "An Excel workbook")}, errors=(404,), query=RegisterParams)
def dossier_register_xlsx():
    """Download the register (Mẫu 07) of the dossiers received in the period."""
    params = parse_report_params(RegisterParams)
    query = RegisterQuery(params.start, params.end, site_scope(g.user, params.site))
    name = f"so-theo-doi-ho-so-{params.start}-{params.end}.xlsx"
    return attachment(register_xlsx(db(), query), XLSX_MIME, name)


@blueprint.get("/reports/dossiers")
@require_page("manager", "admin")
def dossier_report_page():
    """Show the dossier report as a table, with the same figures as the API."""
    today = utcnow().astimezone(VIETNAM).date()
    # Without a period: this month so far.
    args = {"from": (today - timedelta(days=today.day - 1)).isoformat(),
            "to": today.isoformat()} | request.args.to_dict()
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
        visit_outcomes=VISIT_OUTCOMES, visit_outcomes_en=VISIT_OUTCOMES_EN, figure=figure,
        register_args={key: args[key] for key in ("from", "to", "site") if args.get(key)},
        criteria={criterion.key: criterion for criterion in criteria()}), 422 if error else 200

"""The /reports page: period and group pickers, table, charts and export links."""

from datetime import timedelta

from flask import g, render_template, request
from sqlalchemy import select

from server.auth.pages import require_page
from server.engine.days import service_day
from server.engine.measures import for_page, report_measures
from server.models import SITE_TIERS, Site, utcnow
from server.storage import db

from . import blueprint


@blueprint.get("/reports/")
@require_page("manager", "admin")
def report_page():
    """Show the report page; the table and charts load from the report API.

    ``?from=&to=&site=&group=`` preset the pickers: the overview's drill-down lands here.
    """
    today = service_day(utcnow())
    sites = db().scalars(select(Site).order_by(Site.id)).all()
    if g.user.site_id is not None:
        sites = [site for site in sites if site.id == g.user.site_id]
    return render_template("reports/page.html", sites=sites, all_sites=g.user.site_id is None,
                           tiers=SITE_TIERS, measures=for_page(report_measures()),
                           start=request.args.get("from")
                           or (today - timedelta(days=today.weekday())).isoformat(),
                           end=request.args.get("to") or today.isoformat(),
                           chosen_site=request.args.get("site", ""),
                           chosen_group=request.args.get("group", "counter"))

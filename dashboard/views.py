"""The /dashboard page and the ``GET /api/v1/dashboard`` numbers behind it."""

from flask import Blueprint, g, render_template, request
from sqlalchemy import select

from server.api.context import resolve_site
from server.api.contract import documented
from server.api.schemas import SiteQuery
from server.auth.guard import require_staff
from server.auth.pages import require_page
from server.models import Site
from server.payloads.dashboard import Dashboard
from server.storage import db

from .live import dashboard_numbers

blueprint = Blueprint("dashboard", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/dashboard/static")


@blueprint.get("/api/v1/dashboard")
@documented("Today's live numbers for one site", {200: Dashboard}, errors=(404,),
            query=SiteQuery)
@require_staff("manager", "admin")
def dashboard_api():
    """Return the site's numbers right now."""
    return dashboard_numbers(db(), resolve_site(g.user))


@blueprint.get("/dashboard/")
@require_page("manager", "admin")
def dashboard_page():
    """Show the live dashboard; all-site staff pick the site."""
    site = resolve_site(g.user)
    sites = db().scalars(select(Site).order_by(Site.id)).all() if g.user.site_id is None else []
    return render_template("dashboard/page.html", site=site, sites=sites,
                           chosen=request.args.get("site", ""))

"""Service-quality reports: computation, the report API and exports, and the /reports page."""

from flask import Blueprint

blueprint = Blueprint("reports", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/reports/static")

# The route modules attach the page, the report API and the dossier report to the blueprint.
from . import (  # noqa: E402,F401
    api,
    decision766_views,
    dossier_views,
    feedback_inbox,
    overview_views,
    plan_page,
    roster_page,
    views,
)


def register_events(socketio) -> None:
    """Reports have no socket events; the live numbers are the dashboard's."""


__all__ = ["blueprint", "register_events"]

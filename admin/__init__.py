"""Administration: sites, services, counters, users, devices and texts, with an audit trail."""

from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
                      static_folder="static")

# The route modules attach their pages to the blueprint above.
from . import actions, procedures, views, webhooks  # noqa: E402,F401


def register_events(socketio) -> None:
    """The admin screens are plain forms; no socket events."""


__all__ = ["blueprint", "register_events"]

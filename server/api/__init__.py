"""The JSON HTTP API under ``/api/v1``."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api")

from . import (  # noqa: E402,F401  (route modules register themselves)
    appointments,
    auth_routes,
    counters,
    dossiers,
    feedback,
    openapi,
    printing,
    procedures,
    remote,
    roster,
    services,
    tickets,
    votes,
)

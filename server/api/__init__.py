"""The JSON HTTP API under ``/api/v1``."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api")

from . import auth_routes, counters, openapi, services, tickets, votes  # noqa: E402,F401  (routes)

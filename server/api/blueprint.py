"""The blueprint of the JSON HTTP API; route modules attach to it with decorators."""

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api")

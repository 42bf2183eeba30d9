"""The OpenAPI 3 document at ``/api/openapi.json``, generated from the routes and their models."""

from flask import current_app

from .blueprint import api
from .contract import build_document


@api.get("/openapi.json")
def openapi_document():
    """Serve the OpenAPI document of this server's API."""
    extensions = current_app.extensions
    if "qms_openapi" not in extensions:  # the url map is fixed once the app serves
        extensions["qms_openapi"] = build_document(current_app)
    return extensions["qms_openapi"]

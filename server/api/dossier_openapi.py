"""OpenAPI entries of the dossier and feedback endpoints (merged into /api/openapi.json)."""

from .dossiers import IntegrationDossier, ReceiptRequest, StatusRequest
from .feedback import AssignRequest, FeedbackRequest, ReplyRequest

DOSSIER_BODIES = [ReceiptRequest, StatusRequest, IntegrationDossier, FeedbackRequest,
                  AssignRequest, ReplyRequest]
_CODE = {"name": "code", "in": "path", "required": True,
         "schema": {"type": "string", "maxLength": 64}}


def dossier_paths(operation, site_param) -> dict:
    """Return the paths of dossiers and feedback, built with openapi.py's ``operation``."""
    return {
        "/api/v1/dossiers": {"post": operation(
            "Register a dossier received at the counter; its receipt prints (clerk, manager)",
            ReceiptRequest, "staff", (400, 401, 403, 404, 409, 422), ok=201,
            parameters=[site_param])},
        "/api/v1/dossiers/{code}": {
            "get": operation("A dossier of the caller's site with its history (staff)", None,
                             "staff", (401, 403, 404), parameters=[_CODE]),
            "put": operation(
                "Create or update a dossier from the one-stop software; idempotent "
                "(integration device token)", IntegrationDossier, "device",
                (400, 401, 403, 409, 422), parameters=[_CODE])},
        "/api/v1/dossiers/{code}/status": {
            "get": operation("Where a dossier stands, name masked (public, rate-limited)",
                             None, None, (404, 429), parameters=[_CODE]),
            "post": operation("Move a dossier to another status (clerk, manager)",
                              StatusRequest, "staff", (400, 401, 403, 404, 409, 422),
                              parameters=[_CODE])},
        "/api/v1/feedback": {
            "post": operation("Send feedback or a complaint; answers its tracking code "
                              "(public, rate-limited)", FeedbackRequest, None,
                              (400, 404, 422, 429), ok=201),
            "get": operation("The feedback inbox of the manager's sites (manager, admin)",
                             None, "staff", (401, 403))},
        "/api/v1/feedback/{code}": {"get": operation(
            "Status and reply of a message, by its tracking code (public, rate-limited)",
            None, None, (404, 429), parameters=[_CODE])},
        "/api/v1/feedback/{code}/assign": {"post": operation(
            "Give a message to a member of staff (manager, admin)", AssignRequest, "staff",
            (400, 401, 403, 404, 409, 422), parameters=[_CODE])},
        "/api/v1/feedback/{code}/reply": {"post": operation(
            "Answer the citizen (manager, admin)", ReplyRequest, "staff",
            (400, 401, 403, 404, 409, 422), parameters=[_CODE])},
        "/api/v1/feedback/{code}/close": {"post": operation(
            "Close a message (manager, admin)", None, "staff", (401, 403, 404, 409),
            parameters=[_CODE])},
    }

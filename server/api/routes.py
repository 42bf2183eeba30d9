"""The JSON HTTP API under ``/api/v1``: the blueprint with every route module attached."""

from . import (  # noqa: F401  (route modules register themselves)
    appointments,
    asyncapi,
    auth_routes,
    citizens,
    counters,
    dossier_links,
    dossiers,
    feedback,
    official_forms,
    openapi,
    outcomes,
    printing,
    procedures,
    remote,
    roster,
    services,
    tickets,
    visit_dossiers,
    votes,
    webhooks,
)
from .blueprint import api

__all__ = ["api"]

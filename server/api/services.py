"""Services (fields of work) as the kiosk and integrations see them."""

from ..payloads import services_listing
from ..storage import db
from . import api
from .context import resolve_site


@api.get("/v1/services")
def list_services():
    """List the site's active services with live waiting counts and opening state."""
    return services_listing(db(), resolve_site())

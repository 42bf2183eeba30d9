"""Services (fields of work) as the kiosk and integrations see them."""

from ..payloads.site import ServiceList
from ..storage import db
from .blueprint import api
from .context import resolve_site
from .contract import documented
from .schemas import SiteQuery


@api.get("/v1/services")
@documented("List services with waiting counts and opening state (public)",
            {200: ServiceList}, errors=(404,), query=SiteQuery)
def list_services():
    """List the site's active services with live waiting counts and opening state."""
    return ServiceList.of(db(), resolve_site()).dump()

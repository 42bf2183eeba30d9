"""Webhooks for admins: the endpoints declared, each one's backlog and failures, and its
latest deliveries.

Endpoints are set up on the admin page (``admin/webhooks.py``) or declared all at once with
``PUT /api/v1/webhooks``; docs/webhooks.md.
"""

from flask import g, request
from sqlalchemy import select

from ..auth.guard import require_staff
from ..engine.lookups import site_by_code
from ..engine.outbox import backlogs
from ..engine.webhook_endpoints import Declared, declare
from ..errors import ApiError
from ..models import Site, WebhookDelivery, WebhookEndpoint
from ..payloads.webhooks import (
    DeclaredWebhook,
    DeliveryList,
    DeliveryView,
    WebhookDeclarationResult,
    WebhookList,
    WebhookView,
)
from ..storage import db
from .blueprint import api
from .contract import documented
from .schemas import SiteQuery, WebhookDeclaration


def _site(code: str | None) -> Site | None:
    """Return the site ``?site=`` names, within the admin's own; None when not named."""
    if code is None:
        return None
    site = site_by_code(db(), code)
    if site is None:
        raise ApiError(404, "unknown_site", f"Không có đơn vị mã “{code}”.",
                       f"There is no site '{code}'.")
    if g.user.site_id not in (None, site.id):
        raise ApiError(403, "other_site", "Tài khoản này không thuộc đơn vị này.",
                       "You do not work at this site.")
    return site


def _scope(query: SiteQuery) -> tuple[int | None, bool]:
    """The endpoints an admin's call is about: one site's, or (a global admin) all."""
    site = _site(query.site)
    if site is not None:
        return site.id, False
    return g.user.site_id, g.user.site_id is None


@api.get("/v1/webhooks")
@require_staff("admin")
@documented("The webhook endpoints of the admin's site (every site for a global admin, or "
            "?site=), with their backlog and last failure", {200: WebhookList},
            errors=(404,), query=SiteQuery)
def list_webhooks(query: SiteQuery):
    """List the endpoints in the admin's scope with what each still owes."""
    site_id, everything = _scope(query)
    statement = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if not everything:
        statement = statement.where(WebhookEndpoint.site_id == site_id)
    endpoints = db().scalars(statement).all()
    owed = backlogs(db(), [endpoint.id for endpoint in endpoints])
    return WebhookList(webhooks=[WebhookView.of(e, owed[e.id]) for e in endpoints]).dump()


@api.put("/v1/webhooks")
@require_staff("admin")
@documented("Declare the webhook endpoints of the admin's scope, the counterpart of GET: the "
            "site's endpoints (every endpoint for a global admin without ?site=), each with "
            "its address, event kinds, personal fields and whether it is active (GET's "
            "answer may come back as it is: its figures are ignored). Matched by "
            "id, else by site and name; left out: deleted with what it still owed. A secret "
            "sent is set; without one an endpoint keeps its own, and a new one gets a secret "
            "made by qms, in this answer only. 403 other_site; 404 webhook_not_found, "
            "unknown_site; 422 invalid_webhook", {200: WebhookDeclarationResult},
            errors=(404,), body=WebhookDeclaration, query=SiteQuery)
def declare_webhooks(body: WebhookDeclaration, query: SiteQuery):
    """Make the endpoints in the admin's scope exactly the ones declared; audit each change."""
    site_id, everything = _scope(query)
    session = db()
    declared = []
    for item in body.webhooks:
        site = _site(item.site)
        item_site = site.id if site is not None else site_id
        if not everything and item_site != site_id:
            raise ApiError(403, "other_site", f"“{item.name}” thuộc đơn vị khác.",
                           f"{item.name}: another site than the one declared.")
        declared.append(Declared(
            site_id=item_site, name=item.name, url=item.url, kinds=tuple(item.kinds),
            include_personal=tuple(item.include_personal), active=item.active,
            secret=item.secret, id=item.id))
    result = declare(session, g.user, site_id, everything, declared)
    owed = backlogs(session, [endpoint.id for endpoint in result.endpoints])
    answer = WebhookDeclarationResult(
        webhooks=[DeclaredWebhook.of(e, owed[e.id], result.made_secrets.get(e.id))
                  for e in result.endpoints], deleted=result.deleted).dump()
    session.commit()
    return answer


@api.get("/v1/webhooks/<int:endpoint_id>/deliveries")
@require_staff("admin")
@documented("An endpoint's latest 200 deliveries, newest first; ?status=pending|delivered|dead",
            {200: DeliveryList}, errors=(404,))
def webhook_deliveries(endpoint_id: int):
    """List an endpoint's latest deliveries; another site's endpoint is not found."""
    endpoint = db().get(WebhookEndpoint, endpoint_id)
    if endpoint is None or g.user.site_id not in (None, endpoint.site_id):
        raise ApiError(404, "webhook_not_found", "Không tìm thấy webhook.",
                       "No such webhook.")
    query = (select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
             .order_by(WebhookDelivery.id.desc()).limit(200))
    status = request.args.get("status")
    if status:
        query = query.where(WebhookDelivery.status == status[:16])
    return DeliveryList(deliveries=[DeliveryView.of(d) for d in db().scalars(query)]).dump()

"""Webhooks for admins: each endpoint's backlog and failures, and its latest deliveries.

Endpoints are set up on the admin page (``admin/webhooks.py``); docs/webhooks.md.
"""

from flask import g, request
from sqlalchemy import select

from ..auth.guard import require_staff
from ..engine.outbox import backlogs
from ..errors import ApiError
from ..models import WebhookDelivery, WebhookEndpoint
from ..payloads.webhooks import DeliveryList, DeliveryView, WebhookList, WebhookView
from ..storage import db
from .blueprint import api
from .contract import documented


@api.get("/v1/webhooks")
@documented("The webhook endpoints of the admin's site (every site for a global admin), "
            "with their backlog and last failure", {200: WebhookList})
@require_staff("admin")
def list_webhooks():
    """List the endpoints in the admin's scope with what each still owes."""
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if g.user.site_id is not None:
        query = query.where(WebhookEndpoint.site_id == g.user.site_id)
    endpoints = db().scalars(query).all()
    owed = backlogs(db(), [endpoint.id for endpoint in endpoints])
    return WebhookList(webhooks=[WebhookView.of(e, owed[e.id]) for e in endpoints]).dump()


@api.get("/v1/webhooks/<int:endpoint_id>/deliveries")
@documented("An endpoint's latest 200 deliveries, newest first; ?status=pending|delivered|dead",
            {200: DeliveryList}, errors=(404,))
@require_staff("admin")
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

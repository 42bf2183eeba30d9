"""What an admin reads of the webhooks through the API: endpoints with their backlog, and
the deliveries of one endpoint (never the secret, never an event's data)."""

from typing import Literal, Self

from pydantic import Field

from ..engine.outbox import Backlog
from ..models import WebhookDelivery, WebhookEndpoint
from ..models.webhook import DELIVERY_STATUSES
from .common import Moment, Payload


class WebhookView(Payload):
    """One endpoint, what it receives and what it still owes."""

    id: int
    site: str | None
    name: str
    url: str
    kinds: list[str]
    include_personal: list[str]
    active: bool
    pending: int
    oldest_pending_at: Moment | None
    dead: int
    delivered: int
    last_error: str | None
    last_error_at: Moment | None

    @classmethod
    def of(cls, endpoint: WebhookEndpoint, backlog: Backlog) -> Self:
        return cls(id=endpoint.id, site=endpoint.site.code if endpoint.site else None,
                   name=endpoint.name, url=endpoint.url, kinds=list(endpoint.kinds or []),
                   include_personal=list(endpoint.include_personal or []),
                   active=endpoint.active, pending=backlog.pending,
                   oldest_pending_at=backlog.oldest, dead=backlog.dead,
                   delivered=backlog.delivered, last_error=backlog.last_error or None,
                   last_error_at=backlog.last_error_at)


class WebhookList(Payload):
    """The endpoints in the admin's scope."""

    webhooks: list[WebhookView]


class DeliveryView(Payload):
    """One event owed to an endpoint, and how its sending went."""

    id: int
    event_id: str
    event: str
    key: str
    status: Literal[DELIVERY_STATUSES]
    attempts: int
    occurred_at: Moment
    next_attempt_at: Moment | None
    last_error: str | None
    delivered_at: Moment | None

    @classmethod
    def of(cls, delivery: WebhookDelivery) -> Self:
        waiting = delivery.status == "pending"
        return cls(id=delivery.id, event_id=delivery.event_id, event=delivery.kind,
                   key=delivery.key, status=delivery.status, attempts=delivery.attempts,
                   occurred_at=delivery.occurred_at,
                   next_attempt_at=delivery.next_attempt_at if waiting else None,
                   last_error=delivery.last_error or None, delivered_at=delivery.delivered_at)


class DeliveryList(Payload):
    """An endpoint's latest deliveries, newest first."""

    deliveries: list[DeliveryView]


class DeclaredWebhook(WebhookView):
    """An endpoint as a declaration left it; ``secret`` only when this call made it."""

    secret: str | None = Field(default=None, description=(
        "The signing secret qms made for a new endpoint: shown this once, keep it"))

    @classmethod
    def of(cls, endpoint: WebhookEndpoint, backlog: Backlog, secret: str | None = None) -> Self:
        return cls(**WebhookView.of(endpoint, backlog).model_dump(), secret=secret)


class WebhookDeclarationResult(Payload):
    """The endpoints in the admin's scope after a declaration, and the ones it deleted."""

    webhooks: list[DeclaredWebhook]
    deleted: list[int]

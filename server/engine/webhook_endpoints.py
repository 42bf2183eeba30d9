"""The webhook endpoints an admin declares: checked, created, changed or deleted, audited.

The admin page edits one endpoint at a time; ``PUT /api/v1/webhooks`` states the whole set
of the admin's scope at once (``declare``). Both check an endpoint with ``check_endpoint``
and audit it as ``audited`` describes it: never its secret.
"""

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import User, WebhookDelivery, WebhookEndpoint
from .audit import record
from .errors import QueueError, not_found
from .webhook_events import EVENT_KINDS, PERSONAL_FIELDS

ENTITY = "webhooks"


def new_secret() -> str:
    """Return a fresh signing secret."""
    return secrets.token_urlsafe(32)


def audited(endpoint: WebhookEndpoint) -> dict:
    """The audited fields of an endpoint: everything but its secret."""
    return {"id": endpoint.id, "name": endpoint.name, "site_id": endpoint.site_id,
            "url": endpoint.url, "kinds": sorted(endpoint.kinds or []),
            "include_personal": sorted(endpoint.include_personal or []),
            "active": endpoint.active}


def url_problem(url: str) -> str | None:
    """Say what is wrong with an endpoint's address, or None: http(s) with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        return "Địa chỉ: phải là một địa chỉ http:// hoặc https://."
    return None


@dataclass(frozen=True)
class Declared:
    """One endpoint as declared: ``id`` keeps an existing one, else (site, name) matches."""

    site_id: int | None
    name: str
    url: str
    kinds: tuple[str, ...]
    include_personal: tuple[str, ...] = ()
    active: bool = True
    secret: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Declaration:
    """What a declaration left: the endpoints, the secrets it made, the ids it deleted."""

    endpoints: list[WebhookEndpoint]
    made_secrets: dict[int, str]
    deleted: list[int]


def _refuse(message: str, message_en: str) -> QueueError:
    return QueueError("invalid_webhook", message, message_en, 422)


def _check(item: Declared) -> None:
    if url_problem(item.url):
        raise _refuse(f"{url_problem(item.url)} ({item.name})",
                      f"{item.name}: the address must be http:// or https:// with a host.")
    unknown = set(item.kinds) - set(EVENT_KINDS) or set(item.include_personal) - set(
        PERSONAL_FIELDS)
    if not item.kinds or unknown:
        raise _refuse(f"Sự kiện của “{item.name}”: chọn ít nhất một loại hợp lệ.",
                      f"{item.name}: name at least one known event kind ({sorted(unknown)}).")


def declare(session: Session, user: User, scope_site_id: int | None, everything: bool,
            declared: list[Declared]) -> Declaration:
    """Make the endpoints in scope exactly ``declared``; audit each change.

    The scope is one site's endpoints (``scope_site_id``) or, for a global admin with
    ``everything``, every endpoint. An endpoint kept keeps its secret unless one is given and
    its queued events; one made without a secret gets a new one (returned once); one left
    out is deleted with what it still owed.
    """
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if not everything:
        query = query.where(WebhookEndpoint.site_id.is_(None) if scope_site_id is None
                            else WebhookEndpoint.site_id == scope_site_id)
    existing = {endpoint.id: endpoint for endpoint in session.scalars(query)}
    by_name = {(e.site_id, e.name): e for e in existing.values()}
    names = [(item.site_id, item.name) for item in declared]
    if len(set(names)) != len(names):
        raise _refuse("Mỗi webhook của một đơn vị cần một tên riêng.",
                      "Each endpoint of a site needs its own name.")
    kept, made_secrets, endpoints = set(), {}, []
    for item in declared:
        _check(item)
        endpoint = existing.get(item.id) if item.id is not None else by_name.get(
            (item.site_id, item.name))
        if item.id is not None and endpoint is None:
            raise not_found("webhook_not_found", f"Không tìm thấy webhook số {item.id}.",
                            f"No endpoint {item.id} in your scope.")
        before = audited(endpoint) if endpoint is not None else None
        if endpoint is None:
            endpoint = WebhookEndpoint(secret=item.secret or new_secret())
            session.add(endpoint)
        elif item.secret:
            endpoint.secret = item.secret
        endpoint.site_id, endpoint.name, endpoint.url = item.site_id, item.name, item.url
        endpoint.kinds, endpoint.active = list(item.kinds), item.active
        endpoint.include_personal = list(item.include_personal)
        session.flush()
        if before is None and not item.secret:
            made_secrets[endpoint.id] = endpoint.secret
        if before != audited(endpoint):
            record(session, user, "create" if before is None else "update", ENTITY,
                   endpoint.id, before, audited(endpoint))
        kept.add(endpoint.id)
        endpoints.append(endpoint)
    deleted = sorted(set(existing) - kept)
    for endpoint_id in deleted:
        endpoint = existing[endpoint_id]
        record(session, user, "delete", ENTITY, endpoint_id, audited(endpoint), None)
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id))
        session.delete(endpoint)
    session.flush()
    return Declaration(endpoints, made_secrets, deleted)

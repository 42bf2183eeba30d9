"""The webhooks admin page: backlog and failures shown, replay, create/edit/delete audited,
and a site admin confined to their own site's endpoints."""

import pytest
from sqlalchemy import select

from server.auth.logins import open_login
from server.engine.webhook_events import TICKET_ISSUED
from server.models import AdminAudit, User, WebhookDelivery, WebhookEndpoint, utcnow
from server.models.webhook import DEAD, PENDING
from server.provision import find_site
from server.storage import unit_of_work

CSRF = "test-csrf"


@pytest.fixture(scope="module")
def app(centre):
    centre.add_user("ward-admin", "admin", site="DUCXUAN")
    app = centre.app()
    yield app
    app.extensions["qms_engine"].dispose()


def signed_in(app, username: str):
    """A test client signed in as ``username``, with a known CSRF token."""
    client = app.test_client()
    with unit_of_work(app) as session:
        user = session.scalar(select(User).where(User.username == username))
        key, version = open_login(session, user, 3600), user.token_version
    with client.session_transaction() as cookie:
        cookie["sid"], cookie["ver"], cookie["csrf"] = key, version, CSRF
    return client


def endpoint_of(app, site_code: str, **fields) -> int:
    """Add an endpoint of ``site_code`` with one dead and one failing event; return its id."""
    with unit_of_work(app) as session:
        site = find_site(session, site_code)
        endpoint = WebhookEndpoint(site_id=site.id, name=f"Một cửa {site_code}",
                                   url="http://127.0.0.1:9/hook", secret="s", active=True,
                                   kinds=[TICKET_ISSUED], include_personal=[], **fields)
        session.add(endpoint)
        session.flush()
        now = utcnow()
        for status, attempts in ((DEAD, 40), (PENDING, 3)):
            session.add(WebhookDelivery(
                endpoint_id=endpoint.id, event_id=f"e{status}", site_id=site.id,
                kind=TICKET_ISSUED, key="ticket:1", payload={}, occurred_at=now, queued_at=now,
                status=status, attempts=attempts, next_attempt_at=now, last_attempt_at=now,
                last_error="HTTP 503"))
        return endpoint.id


def rows(app, model, *where):
    with unit_of_work(app) as session:
        return [row for row in session.scalars(select(model).where(*where))
                if session.expunge(row) or True]


def test_the_page_shows_backlog_and_failures(app):
    endpoint_id = endpoint_of(app, "TPBK")
    page = signed_in(app, "admin").get("/admin/webhooks/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    row = text[text.index(f'data-id="{endpoint_id}"'):]
    assert '<td class="pending">1</td>' in row and '<td class="dead">1</td>' in row
    assert "HTTP 503" in row and "lần thử" in row


def test_replay_requeues_given_up_events_and_is_audited(app):
    endpoint_id = endpoint_of(app, "TPBK")
    answer = signed_in(app, "admin").post(f"/admin/webhooks/{endpoint_id}/replay", data={
        "csrf_token": CSRF, "since": "2020-01-01T00:00"})
    assert answer.status_code == 302
    found = rows(app, WebhookDelivery, WebhookDelivery.endpoint_id == endpoint_id)
    assert {(row.status, row.attempts) for row in found} == {(PENDING, 0)}
    [audit] = rows(app, AdminAudit, AdminAudit.action == "replay",
                   AdminAudit.entity_id == endpoint_id)
    assert audit.after["events"] == 2


def test_an_admin_creates_edits_and_deletes_an_endpoint_audited_without_secret(app):
    admin = signed_in(app, "admin")
    created = admin.post("/admin/webhooks/new", data={
        "csrf_token": CSRF, "name": "iGate", "url": "https://igate.example/qms",
        "site_id": "", "kinds": ["ticket.called", "bogus"], "include_personal": ["phone"],
        "active": "on"})
    assert created.status_code == 302
    [endpoint] = rows(app, WebhookEndpoint, WebhookEndpoint.name == "iGate")
    assert (endpoint.site_id, endpoint.kinds, endpoint.include_personal) == (
        None, ["ticket.called"], ["phone"])
    assert len(endpoint.secret) >= 40
    edited = admin.post(f"/admin/webhooks/{endpoint.id}", data={
        "csrf_token": CSRF, "name": "iGate", "url": "ftp://igate.example/",
        "kinds": ["ticket.called"]})
    assert edited.status_code == 422
    assert admin.post(f"/admin/webhooks/{endpoint.id}/delete",
                      data={"csrf_token": CSRF}).status_code == 302
    assert rows(app, WebhookEndpoint, WebhookEndpoint.id == endpoint.id) == []
    audits = rows(app, AdminAudit, AdminAudit.entity == "webhooks",
                  AdminAudit.entity_id == endpoint.id)
    assert [audit.action for audit in audits] == ["create", "delete"]
    assert all(endpoint.secret not in str((a.before, a.after)) for a in audits)
    assert admin.get("/admin/audit?entity=webhooks").status_code == 200


def test_a_site_admin_is_kept_to_their_own_site(app):
    city_endpoint = endpoint_of(app, "TPBK")
    ward_endpoint = endpoint_of(app, "DUCXUAN")
    ward_admin = signed_in(app, "ward-admin")
    listing = ward_admin.get("/admin/webhooks/").get_data(as_text=True)
    assert f'data-id="{ward_endpoint}"' in listing
    assert f'data-id="{city_endpoint}"' not in listing
    for path in (f"/admin/webhooks/{city_endpoint}", f"/admin/webhooks/{city_endpoint}/replay",
                 f"/admin/webhooks/{city_endpoint}/delete"):
        method = ward_admin.get if path.endswith(str(city_endpoint)) else ward_admin.post
        assert method(path, data={"csrf_token": CSRF, "since": "2020-01-01T00:00"}
                      ).status_code == 404, path
    city_id = rows(app, WebhookEndpoint, WebhookEndpoint.id == city_endpoint)[0].site_id
    refused = ward_admin.post("/admin/webhooks/new", data={
        "csrf_token": CSRF, "name": "x", "url": "https://x.example/", "site_id": str(city_id),
        "kinds": ["ticket.issued"]})
    assert refused.status_code == 403
    assert rows(app, WebhookEndpoint, WebhookEndpoint.name == "x") == []


def test_staff_other_than_admins_cannot_open_the_page(app):
    assert signed_in(app, "quay1").get("/admin/webhooks/").status_code == 403


def test_the_api_lists_backlogs_and_deliveries_in_the_admin_s_scope(app):
    city_endpoint = endpoint_of(app, "TPBK")
    ward_endpoint = endpoint_of(app, "DUCXUAN")
    listed = signed_in(app, "admin").get("/api/v1/webhooks").get_json()["webhooks"]
    city = next(row for row in listed if row["id"] == city_endpoint)
    assert (city["site"], city["pending"], city["dead"], city["last_error"]) == (
        "TPBK", 1, 1, "HTTP 503")
    assert "secret" not in city
    ward_admin = signed_in(app, "ward-admin")
    seen = {row["id"]: row["site"]
            for row in ward_admin.get("/api/v1/webhooks").get_json()["webhooks"]}
    assert ward_endpoint in seen and set(seen.values()) == {"DUCXUAN"}
    assert ward_admin.get(f"/api/v1/webhooks/{city_endpoint}/deliveries").status_code == 404
    dead = ward_admin.get(f"/api/v1/webhooks/{ward_endpoint}/deliveries?status=dead")
    assert [(row["status"], row["attempts"]) for row in dead.get_json()["deliveries"]] == [
        ("dead", 40)]
    assert signed_in(app, "quay1").get("/api/v1/webhooks").status_code == 403

"""PUT /api/v1/webhooks, the counterpart of GET, in process: the set of endpoints declared,
secrets made once or kept, deletions, audit; each role, devices, another site's admin, no
credentials, malformed bodies."""

import pytest
from sqlalchemy import select

from server.models import AdminAudit, WebhookEndpoint
from server.provision import add_user, find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo

pytestmark = []  # the fast tier: in process, SQLite

HOOK = {"name": "Một cửa tỉnh", "url": "https://motcua.example.gov.vn/qms",
        "kinds": ["ticket.called", "dossier.linked"]}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("webhooks-put"))
    app = centre.app()
    with unit_of_work(app) as session:
        add_user(session, "ward-admin", centre.password, "admin",
                 site=find_site(session, "DUCXUAN"))
        add_user(session, "city-admin", centre.password, "admin",
                 site=find_site(session, "TPBK"))
    client = app.test_client()
    desk = {"app": app, "client": client, "software": _bearer(
        centre.add_device("integration", "Phần mềm một cửa"))}
    for username in ("admin", "ward-admin", "city-admin", "quanly", "quay1"):
        answer = client.post("/api/v1/auth/token", json={"username": username,
                                                         "password": centre.password})
        desk[username] = _bearer(answer.get_json()["token"])
    for kind in ("kiosk", "display", "vote-pad"):
        desk[kind] = _bearer(centre.tokens[kind])
    yield desk
    app.extensions["qms_engine"].dispose()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def put(desk, who, webhooks, site=None):
    path = "/api/v1/webhooks" + (f"?site={site}" if site else "")
    return desk["client"].put(path, json={"webhooks": webhooks},
                              headers=desk[who] if who else {})


def get(desk, who, site=None):
    path = "/api/v1/webhooks" + (f"?site={site}" if site else "")
    return desk["client"].get(path, headers=desk[who])


def endpoints(desk):
    with unit_of_work(desk["app"]) as session:
        return {e.name: (e.site_id, e.url, e.secret, sorted(e.kinds), e.active)
                for e in session.scalars(select(WebhookEndpoint))}


def writable(view: dict) -> dict:
    """What of GET's endpoint a PUT takes back."""
    return {key: view[key] for key in ("id", "site", "name", "url", "kinds",
                                       "include_personal", "active")}


def test_a_site_admin_declares_its_endpoints_and_gets_the_secret_once(desk):
    answer = put(desk, "city-admin", [HOOK])
    assert answer.status_code == 200, answer.get_json()
    [made] = answer.get_json()["webhooks"]
    assert made["site"] == "TPBK" and made["kinds"] == HOOK["kinds"]
    assert len(made["secret"]) >= 32 and made["pending"] == 0
    listed = get(desk, "city-admin").get_json()["webhooks"]
    assert [view["name"] for view in listed] == [HOOK["name"]]
    assert "secret" not in listed[0]
    # GET's answer PUT back as it is: nothing changes, no secret shown again.
    again = put(desk, "city-admin", listed)
    assert again.status_code == 200 and again.get_json()["webhooks"][0]["secret"] is None
    assert endpoints(desk)[HOOK["name"]][2] == made["secret"]
    with unit_of_work(desk["app"]) as session:
        audits = session.scalars(select(AdminAudit).where(AdminAudit.entity == "webhooks")).all()
        assert [a.action for a in audits] == ["create"]  # the unchanged PUT added nothing
        assert made["secret"] not in str(audits[0].after)


def test_a_secret_sent_is_set_and_one_left_out_is_deleted(desk):
    second = HOOK | {"name": "Cổng dịch vụ công", "kinds": ["rating.recorded"],
                     "secret": "s" * 24, "active": False}
    answer = put(desk, "city-admin", [HOOK | {"url": "https://motcua.example.gov.vn/v2"},
                                      second])
    assert answer.status_code == 200, answer.get_json()
    stored = endpoints(desk)
    assert stored[second["name"]][2] == "s" * 24 and stored[second["name"]][4] is False
    assert stored[HOOK["name"]][1].endswith("/v2")
    assert [v["secret"] for v in answer.get_json()["webhooks"]] == [None, None]
    kept = answer.get_json()["webhooks"][1]["id"]
    left = put(desk, "city-admin", [second | {"id": kept, "secret": None}])
    assert left.status_code == 200 and len(left.get_json()["deleted"]) == 1
    assert set(endpoints(desk)) == {second["name"]}
    assert endpoints(desk)[second["name"]][2] == "s" * 24  # kept: no secret sent


def test_the_global_admin_declares_one_site_or_everything(desk):
    ward = put(desk, "admin", [HOOK | {"name": "Xã"}], site="DUCXUAN")
    assert ward.status_code == 200 and ward.get_json()["webhooks"][0]["site"] == "DUCXUAN"
    assert {view["site"] for view in get(desk, "admin").get_json()["webhooks"]} == {
        "TPBK", "DUCXUAN"}
    assert [v["name"] for v in get(desk, "ward-admin").get_json()["webhooks"]] == ["Xã"]
    everything = [writable(v) for v in get(desk, "admin").get_json()["webhooks"]]
    everything.append(HOOK | {"name": "Mọi đơn vị"})
    answer = put(desk, "admin", everything)
    assert answer.status_code == 200, answer.get_json()
    assert {v["site"] for v in answer.get_json()["webhooks"]} == {"TPBK", "DUCXUAN", None}
    assert answer.get_json()["deleted"] == []


def test_another_sites_endpoints_are_out_of_reach(desk):
    ward_id = next(v["id"] for v in get(desk, "admin").get_json()["webhooks"]
                   if v["site"] == "DUCXUAN")
    assert put(desk, "city-admin", [HOOK | {"site": "DUCXUAN"}]).status_code == 403
    assert put(desk, "city-admin", [HOOK], site="DUCXUAN").status_code == 403
    assert get(desk, "city-admin", site="DUCXUAN").status_code == 403
    taken = put(desk, "city-admin", [HOOK | {"id": ward_id}])
    assert (taken.status_code, taken.get_json()["error"]["code"]) == (404, "webhook_not_found")
    assert put(desk, "admin", [HOOK], site="NOPE").status_code == 404
    assert "Xã" in endpoints(desk)


@pytest.mark.parametrize("who, status", [
    ("quanly", 403), ("quay1", 403), ("kiosk", 403), ("display", 403), ("vote-pad", 403),
    ("software", 403), (None, 401)])
def test_only_admins_declare(desk, who, status):
    before = endpoints(desk)
    assert put(desk, who, [HOOK]).status_code == status
    assert endpoints(desk) == before


@pytest.mark.parametrize("webhooks, code", [
    ([HOOK | {"url": "ftp://example.vn/hook"}], "invalid_payload"),
    ([HOOK | {"kinds": []}], "invalid_payload"),
    ([HOOK | {"kinds": ["ticket.teleported"]}], "invalid_payload"),
    ([HOOK | {"include_personal": ["id_number"]}], "invalid_payload"),
    ([HOOK | {"secret": "short"}], "invalid_payload"),
    ([HOOK | {"pending": -3}], "invalid_payload"),
    ([HOOK | {"secret_hash": "x"}], "invalid_payload"),
    ([{"name": "x"}], "invalid_payload"),
    ([HOOK, HOOK], "invalid_webhook"),
    ([HOOK | {"url": "http:///no-host"}], "invalid_webhook")])
def test_malformed_declarations_change_nothing(desk, webhooks, code):
    before = endpoints(desk)
    answer = put(desk, "admin", webhooks, site="TPBK")
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (422, code)
    assert endpoints(desk) == before


def test_a_body_that_is_not_a_list_is_refused(desk):
    answer = desk["client"].put("/api/v1/webhooks", json={"webhooks": HOOK},
                                headers=desk["admin"])
    assert answer.status_code == 422
    answer = desk["client"].put("/api/v1/webhooks", data="[]", headers=desk["admin"] | {
        "Content-Type": "application/json"})
    assert answer.status_code in (400, 422)

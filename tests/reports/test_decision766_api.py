"""GET /api/v1/reports/766 with ?group=, in process: each role, each device kind, a manager
of another site, no credentials, malformed queries."""

import uuid

import pytest

from server.provision import add_user, find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo

pytestmark = []  # the fast tier: in process, SQLite
PERIOD = "from=2026-01-01&to=2026-12-31"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("report-766"))
    software = centre.add_device("integration", "Phần mềm một cửa")
    app = centre.app(KIOSK_RATE_LIMIT="1000/60")
    with unit_of_work(app) as session:
        add_user(session, "ward-manager", centre.password, "manager",
                 site=find_site(session, "DUCXUAN"))
    client = app.test_client()
    desk = {"client": client, "integration": {"Authorization": f"Bearer {software}"}}
    for username in ("admin", "quanly", "ward-manager", "quay1"):
        token = client.post("/api/v1/auth/token", json={
            "username": username, "password": centre.password}).get_json()["token"]
        desk[username] = {"Authorization": f"Bearer {token}"}
    for kind in ("kiosk", "display", "vote-pad"):
        desk[kind] = {"Authorization": f"Bearer {centre.tokens[kind]}"}
    for service in ("DD", "XD"):
        assert client.post("/api/v1/tickets", headers=desk["kiosk"], json={
            "service": service, "request_id": uuid.uuid4().hex}).status_code == 201
    yield desk
    app.extensions["qms_engine"].dispose()


def report(desk, who, query):
    return desk["client"].get(f"/api/v1/reports/766?{query}", headers=desk[who] if who else {})


@pytest.mark.parametrize("group", ["site", "service", "procedure", "clerk"])
def test_managers_and_admins_read_every_grouping(desk, group):
    for who in ("admin", "quanly"):
        answer = report(desk, who, f"{PERIOD}&group={group}")
        assert answer.status_code == 200, answer.get_json()
        assert answer.get_json()["group"] == group
        rows = answer.get_json()["rows"]
        assert sum(row["counts"]["tickets"] for row in rows) == 2
    if group == "service":
        keys = {row["key"] for row in rows if row["counts"]["tickets"]}
        assert keys == {"TPBK/DD", "TPBK/XD"}


def test_a_manager_of_another_site_sees_only_their_own(desk):
    answer = report(desk, "ward-manager", f"{PERIOD}&group=service")
    assert answer.status_code == 200
    assert {row["site"] for row in answer.get_json()["rows"]} <= {"DUCXUAN"}
    assert sum(row["counts"]["tickets"] for row in answer.get_json()["rows"]) == 0
    assert report(desk, "ward-manager", f"{PERIOD}&site=TPBK").status_code == 403


@pytest.mark.parametrize("who, status", [
    ("quay1", 403), ("kiosk", 403), ("display", 403), ("vote-pad", 403),
    ("integration", 403), (None, 401)])
def test_others_are_refused(desk, who, status):
    assert report(desk, who, f"{PERIOD}&group=clerk").status_code == status


@pytest.mark.parametrize("query", [f"{PERIOD}&group=counter", f"{PERIOD}&group=",
                                   "from=2026-12-31&to=2026-01-01", "from=2026-13-01&to=x",
                                   f"{PERIOD}&group=site&extra=1"])
def test_malformed_queries_are_refused(desk, query):
    answer = report(desk, "admin", query)
    assert answer.status_code == 422, (query, answer.get_json())

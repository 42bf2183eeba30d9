"""A site admin manages only their own site, through every admin page and action."""

import re

import pytest
from sqlalchemy import select

from server.models import Device, User
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.staff import StaffBrowser

pytestmark = []  # in process: tests/support/in_process.py


def ids(centre) -> dict:
    """Ids of the city's and the ward's rows, and of the global admin."""
    app = centre.app()
    with unit_of_work(app) as session:
        city, ward = find_site(session, "TPBK"), find_site(session, "DUCXUAN")
        found = {
            "city": city.id, "ward": ward.id,
            "city_service": city.services[0].id, "ward_service": ward.services[0].id,
            "city_counter": city.counters[0].id, "ward_counter": ward.counters[0].id,
            "city_clerk": session.scalar(select(User.id).where(User.username == "quay1")),
            "global_admin": session.scalar(select(User.id).where(User.username == "admin")),
            "city_kiosk": session.scalar(select(Device.id).where(Device.site_id == city.id)),
        }
    app.extensions["qms_engine"].dispose()
    return found


@pytest.fixture(scope="module")
def rows(centre):
    centre.add_user("adm2", "admin", site="DUCXUAN")
    centre.add_device("kiosk", "Máy lấy số phường", site="DUCXUAN")
    return ids(centre)


@pytest.fixture(scope="module")
def site_admin(server, centre, rows):
    return StaffBrowser(server.url, "adm2", centre.password)


def user_row(centre, username: str) -> dict | None:
    app = centre.app()
    with unit_of_work(app) as session:
        user = session.scalar(select(User).where(User.username == username))
        row = user and {"site_id": user.site_id, "active": user.active,
                        "password_hash": user.password_hash,
                        "counters": [counter.id for counter in user.counters]}
    app.extensions["qms_engine"].dispose()
    return row


@pytest.mark.parametrize("entity", ["sites", "services", "counters", "users", "devices"])
def test_lists_show_only_the_admins_site(site_admin, entity):
    listing = site_admin.get(f"/admin/{entity}/")
    assert listing.status_code == 200
    assert "TPBK" not in listing.text and "quay1" not in listing.text
    assert "Máy lấy số sảnh chính" not in listing.text
    if entity in ("sites", "services", "counters", "devices"):
        assert "DUCXUAN" in listing.text or "Đức Xuân" in listing.text


@pytest.mark.parametrize(("entity", "key"), [
    ("sites", "city"), ("services", "city_service"), ("counters", "city_counter"),
    ("users", "city_clerk"), ("users", "global_admin"), ("devices", "city_kiosk")])
def test_another_sites_rows_cannot_be_opened_edited_or_deleted(site_admin, rows, entity, key):
    path = f"/admin/{entity}/{rows[key]}"
    assert site_admin.get(path).status_code == 404
    assert site_admin.post(path, {"name": "Chiếm quyền"}).status_code == 404
    assert site_admin.post(path + "/delete", {}).status_code in (403, 404)


def test_own_sites_rows_can_be_opened(site_admin, rows):
    for entity, key in [("sites", "ward"), ("services", "ward_service"),
                        ("counters", "ward_counter")]:
        assert site_admin.get(f"/admin/{entity}/{rows[key]}").status_code == 200


def test_forms_offer_only_the_admins_site(site_admin):
    form = site_admin.get("/admin/devices/new").text
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', form)
    assert options and all("TPBK" not in label and "tỉnh Thái Nguyên" not in label
                           for _value, label in options)


def test_a_site_admin_cannot_make_a_global_or_another_sites_account(site_admin, centre, rows):
    user = {"username": "leo-thang", "full_name": "Leo thang", "role": "admin",
            "active": "on", "password": "mat-khau-dai-1"}
    for site in ("", str(rows["city"])):
        response = site_admin.post("/admin/users/new", {**user, "site_id": site})
        assert response.status_code == 422
        assert user_row(centre, "leo-thang") is None
    response = site_admin.post("/admin/users/new", {**user, "site_id": str(rows["ward"])})
    assert response.status_code == 302
    assert user_row(centre, "leo-thang")["site_id"] == rows["ward"]


def test_a_site_admin_cannot_give_a_clerk_another_sites_counter(site_admin, centre, rows):
    clerk = {"username": "can-bo-phuong", "full_name": "Cán bộ", "role": "clerk",
             "site_id": str(rows["ward"]), "active": "on", "password": "mat-khau-dai-1",
             "counters": str(rows["city_counter"])}
    # The other site's counter is not among the form's choices: it is dropped, the clerk
    # is created with none.
    assert site_admin.post("/admin/users/new", clerk).status_code == 302
    assert user_row(centre, "can-bo-phuong")["counters"] == []


def test_a_site_admin_cannot_create_a_site_or_a_device_elsewhere(site_admin, rows):
    assert site_admin.get("/admin/sites/new").status_code == 403
    assert site_admin.post("/admin/sites/new", {"code": "X", "name": "X"}).status_code == 403
    device = {"site_id": str(rows["city"]), "kind": "kiosk", "name": "Máy lạ"}
    response = site_admin.post("/admin/devices/new", device)
    assert response.status_code == 422 and "qmsd_" not in response.text


def test_actions_on_another_sites_accounts_and_devices_are_refused(site_admin, centre, rows):
    before = user_row(centre, "admin")
    for path in (f"/admin/users/{rows['global_admin']}/password",
                 f"/admin/users/{rows['global_admin']}/deactivate",
                 f"/admin/users/{rows['city_clerk']}/deactivate",
                 f"/admin/devices/{rows['city_kiosk']}/revoke",
                 f"/admin/devices/{rows['city_kiosk']}/token"):
        response = site_admin.post(path, {"password": "mat-khau-moi-123"})
        assert response.status_code == 404, path
        assert "qmsd_" not in response.text
    after = user_row(centre, "admin")
    assert (after["password_hash"], after["active"]) == (before["password_hash"], True)
    assert user_row(centre, "quay1")["active"]


def test_audit_shows_only_the_sites_changes(site_admin, server, centre):
    global_admin = StaffBrowser(server.url, "admin", centre.password)
    global_admin.post("/admin/services/new", {
        "site_id": "1", "code": "BIMAT", "name": "Lĩnh vực bí mật", "number_start": "1",
        "number_end": "9", "number_width": "0", "sort_order": "0", "target_wait_s": "15",
        "default_service_s": "300"})
    assert "BIMAT" in global_admin.get("/admin/audit").text
    assert "BIMAT" not in site_admin.get("/admin/audit").text
    assert "BIMAT" not in site_admin.get("/admin/").text


def test_global_admin_still_sees_every_site(server, centre):
    global_admin = StaffBrowser(server.url, "admin", centre.password)
    listing = global_admin.get("/admin/sites/").text
    assert "TPBK" in listing and "DUCXUAN" in listing
    assert global_admin.get("/admin/sites/new").status_code == 200

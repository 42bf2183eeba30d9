"""Every page, picture, sound and static file is served in process to the one who may see it,
and the staff pages' forms take their posts."""

from pathlib import Path

import pytest
from sqlalchemy import select

from server.demo import DEMO_FORM_FILES
from server.models import Counter
from tests.appointments.support import booking, make_bookable, slots
from tests.support.admin import audit_rows
from tests.support.clients import Api
from tests.support.staff import StaffBrowser


@pytest.fixture(scope="module")
def staff(server, centre):
    """Logged-in browsers of a clerk, a manager and the admin."""
    return {who: StaffBrowser(server.url, user, centre.password)
            for who, user in (("clerk", "quay1"), ("manager", "quanly"), ("admin", "admin"))}


@pytest.fixture(scope="module")
def api(server):
    return Api(server.url)


@pytest.fixture(scope="module")
def ticket(api, centre):
    issued = api.issue(centre.tokens["kiosk"], "DD")
    assert issued.status_code == 201, issued.text
    return issued.json()


@pytest.mark.parametrize("path, who, kind", [
    ("/", None, "text/html"),
    ("/login", None, "text/html"),
    ("/kiosk/", None, "text/html"),
    ("/display/", None, "text/html"),
    ("/vote/", None, "text/html"),
    ("/booking/", None, "text/html"),
    ("/booking/qr.svg", None, "image/svg+xml"),
    ("/gop-y/", None, "text/html"),
    ("/gop-y/qr.svg", None, "image/svg+xml"),
    ("/hs/", None, "text/html"),
    ("/healthz", None, "application/json"),
    ("/readyz", None, "application/json"),
    ("/metrics", None, "text/plain"),
    ("/api/openapi.json", None, "application/json"),
    ("/counter/", "clerk", "text/html"),
    ("/me", "clerk", "application/json"),
    ("/dashboard/", "manager", "text/html"),
    ("/reports/", "manager", "text/html"),
    ("/reports/overview", "manager", "text/html"),
    ("/reports/feedback", "manager", "text/html"),
    ("/reports/roster", "manager", "text/html"),
    ("/admin/", "admin", "text/html"),
    ("/admin/sites/", "admin", "text/html"),
    ("/admin/sites/1", "admin", "text/html"),
    ("/admin/services/new", "admin", "text/html"),
    ("/admin/procedures/", "admin", "text/html"),
    ("/admin/procedures/new", "admin", "text/html"),
    ("/admin/webhooks/new", "admin", "text/html"),
])
def test_each_page_is_served_to_its_reader(server, staff, path, who, kind):
    answer = staff[who].get(path) if who else staff["clerk"].http.get(
        server.url + path, allow_redirects=False)
    if path == "/":  # the root sends everyone to the sign-in page
        assert answer.status_code == 302, answer.text
        assert answer.headers["Location"].endswith("/login")
        return
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Type"].startswith(kind)


def test_every_static_folder_serves_its_files(server, staff):
    rules = [rule for rule in server.app.url_map.iter_rules() if rule.endpoint.endswith("static")]
    assert len(rules) >= 9
    for rule in rules:
        folder = Path(server.app.blueprints[rule.endpoint.split(".")[0]].static_folder
                      if "." in rule.endpoint else server.app.static_folder)
        name = next(path for path in sorted(folder.rglob("*")) if path.is_file())
        answer = staff["clerk"].get(rule.rule.replace("<path:filename>",
                                                      name.relative_to(folder).as_posix()))
        assert answer.status_code == 200 and answer.content == name.read_bytes(), rule.rule


def test_a_tickets_pages_and_the_kiosks_own_answers(server, api, centre, ticket):
    code, kiosk = ticket["public_code"], centre.tokens["kiosk"]
    assert code in api.call("GET", f"/t/{code}").text
    assert api.call("GET", f"/t/{code}/qr.svg").content.startswith(b"<?xml")
    setup = api.call("GET", "/kiosk/setup", kiosk)
    assert setup.status_code == 200 and setup.json()["services"]
    job = api.call("GET", f"/kiosk/print-jobs/{ticket['print']['job']}", kiosk)
    assert job.status_code == 200 and job.json()["state"] == "queued"
    board = api.call("GET", "/display/board", centre.tokens["display"])
    assert board.status_code == 200 and board.json()["fields"]
    procedure = next(iter(DEMO_FORM_FILES))  # a procedure with a form file
    form = api.call("GET", f"/api/v1/procedures/{procedure}").json()["forms"][0]
    qr = api.call("GET", f"/kiosk/procedures/{procedure}/qr/{form['id']}.svg")
    assert qr.status_code == 200 and qr.content.startswith(b"<?xml")


@pytest.mark.parametrize("path", ["/display/audio/calls.wav?calls=1023-3&chime=0",
                                  "/kiosk/read-aloud/services.wav"])
def test_spoken_answers_are_wave_files(api, centre, path):
    answer = api.call("GET", path, centre.tokens["kiosk"])
    assert answer.status_code == 200, answer.text
    assert answer.content[:4] == b"RIFF" and answer.headers["Content-Type"] == "audio/wav"


def test_feedback_pages_and_the_inbox_form(server, api, staff):
    sent = api.call("POST", "/api/v1/feedback", json={"category": "other", "text": "Cảm ơn."})
    code = sent.json()["code"]
    assert code in staff["manager"].get(f"/gop-y/{code}").text
    assert staff["manager"].get(f"/gop-y/{code}/qr.svg").content.startswith(b"<?xml")
    closed = staff["manager"].post(f"/reports/feedback/{code}", {"action": "close"})
    assert closed.status_code == 302
    assert api.call("GET", f"/api/v1/feedback/{code}").json()["status"] == "closed"


def test_the_roster_page_saves_and_copies_a_week_then_its_manager_signs_out(server, centre):
    manager = StaffBrowser(server.url, "quanly", centre.password)
    saved = manager.post("/reports/roster", {})
    assert saved.status_code == 302
    copied = manager.post("/reports/roster/copy", {})
    assert copied.status_code == 302
    assert "0 ca" in manager.get(saved.headers["Location"].removeprefix(server.url)).text
    assert manager.post("/logout", {}).status_code == 302
    assert manager.get("/dashboard/").status_code == 302  # signed out


def test_the_admins_forms_save_edit_lock_and_delete(server, staff, centre):
    admin, procedure = staff["admin"], next(iter(DEMO_FORM_FILES))
    assert procedure in admin.get(f"/admin/procedures/{procedure}").text
    hook = {"name": "iGate", "url": "https://igate.example/qms", "site_id": "",
            "kinds": "ticket.called", "active": "on"}
    created = admin.post("/admin/webhooks/new", hook)
    assert created.status_code == 302
    page = created.headers["Location"].removeprefix(server.url)
    assert "iGate" in admin.get(page).text
    assert admin.post(page, {**hook, "name": "iGate tỉnh"}).status_code == 302
    assert "iGate tỉnh" in admin.get(page).text
    user = admin.post("/admin/users/new", {"username": "tam-thoi", "full_name": "Tạm thời",
                                           "role": "clerk", "site_id": "1", "active": "on",
                                           "password": "mat-khau-123"})
    assert user.status_code == 302
    user_id = audit_rows(centre, "users")[-1].entity_id
    assert admin.post(f"/admin/users/{user_id}/deactivate", {}).status_code == 302
    day = admin.post("/admin/calendar/new", {"day": "02/01/2030", "kind": "off",
                                             "site_id": "1", "name": "Nghỉ bù"})
    assert day.status_code == 302, day.text
    day_id = audit_rows(centre, "calendar")[-1].entity_id
    assert admin.post(f"/admin/calendar/{day_id}/delete", {}).status_code == 302
    assert [row.action for row in audit_rows(centre, "calendar")][-2:] == ["create", "delete"]
    assert [row.action for row in audit_rows(centre, "users")][-1] == "deactivate"


def test_a_booking_has_its_page(api, centre):
    make_bookable(centre, "HT")
    made = api.call("POST", "/api/v1/appointments",
                    json=booking("HT", slots(api, "HT")[0]["start"], 7))
    assert made.status_code == 201, made.text
    page = api.call("GET", f"/booking/{made.json()['code']}")
    assert page.status_code == 200 and made.json()["code"] in page.text


def test_a_counters_office_printer_is_checked_before_it_is_saved(staff, centre):
    admin = staff["admin"]
    counter = [("site_id", "1"), ("number", "42"), ("name", "Quầy 42"), ("services", "5")]
    for refused, why in (("network://192.168.1.60:9100", "Máy in văn phòng của quầy: không"),
                         ("usb://04b8:0202", "Máy in văn phòng của quầy: không"),
                         ("tcp://127.0.0.1:9100", "chỉ được dùng địa chỉ IP")):
        page = admin.post("/admin/counters/new", counter + [("office_printer_uri", refused)])
        assert page.status_code == 422 and why in page.text, refused
    saved = admin.post("/admin/counters/new",
                       counter + [("office_printer_uri", " tcp://192.168.1.60:9100 ")])
    assert saved.status_code == 302, saved.text
    with centre.session() as session:
        assert session.scalars(select(Counter.office_printer_uri).where(
            Counter.number == 42)).one() == "tcp://192.168.1.60:9100"

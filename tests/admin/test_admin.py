"""Admin screens over real HTTP: roles, CSRF, validation, audit, token revocation."""

import html
import re

import pytest
import requests

from admin.hours import HoursError, format_hours, parse_hours
from server.models import Device
from server.printing.worker import PrintWorker
from server.storage import unit_of_work
from tests.support.admin import SERVICE, audit_rows, new_device, shown_token
from tests.support.staff import StaffBrowser
from tests.support.waiting import wait_until

pytestmark = []  # in process: tests/support/in_process.py


@pytest.fixture(scope="module")
def admin(server, centre):
    return StaffBrowser(server.url, "admin", centre.password)


def test_only_admins_reach_admin_pages(server, centre):
    assert requests.get(server.url + "/admin/", allow_redirects=False).status_code == 302
    manager = StaffBrowser(server.url, "quanly", centre.password)
    assert manager.get("/admin/").status_code == 403
    assert manager.get("/dashboard/").status_code == 200


def test_form_post_without_csrf_token_is_refused(admin, centre):
    before = len(audit_rows(centre, "services"))
    response = admin.post("/admin/services/new", {**SERVICE, "code": "NOCSRF"}, csrf=False)
    assert response.status_code == 400
    assert len(audit_rows(centre, "services")) == before
    assert "NOCSRF" not in admin.get("/admin/services/").text


def test_service_created_with_opening_hours_and_audited(admin, centre):
    response = admin.post("/admin/services/new", SERVICE)
    assert response.status_code == 302, response.text
    row = audit_rows(centre, "services")[-1]
    assert (row.username, row.action, row.before) == ("admin", "create", None)
    assert row.after["opening_hours"]["sat"] == [["07:30", "11:30"]]
    assert row.after["opening_hours"]["mon"] == [["07:30", "11:30"], ["13:30", "17:00"]]
    form = admin.get(f"/admin/services/{row.entity_id}").text
    assert "T2-T6 07:30-11:30, 13:30-17:00; T7 07:30-11:30" in html.unescape(form)
    audit_page = admin.get("/admin/audit?entity=services").text
    assert 'data-action="create"' in audit_page and "TEST1" in audit_page


@pytest.mark.parametrize(("change", "message"), [
    ({"number_end": "0", "number_start": "10"}, "Số cuối phải lớn hơn hoặc bằng số đầu"),
    ({"opening_hours": "mon-fri 17:00-07:30"}, "giờ mở trước giờ đóng"),
    ({"opening_hours": "thu2 07:30-11:30"}, "cần ghi ngày trước, như T2-T6"),
    ({"target_wait_s": "abc"}, "phải là số nguyên"),
    ({"code": ""}, "Mã lĩnh vực: không được để trống"),
    ({"code": "TEST1"}, "đã có"),
])
def test_invalid_service_forms_get_a_vietnamese_error(admin, centre, change, message):
    before = len(audit_rows(centre, "services"))
    if change.get("code") == "TEST1":
        admin.post("/admin/services/new", SERVICE)
        before = len(audit_rows(centre, "services"))
    response = admin.post("/admin/services/new", {**SERVICE, "code": "BAD", **change})
    assert response.status_code == 422
    assert message in response.text
    assert len(audit_rows(centre, "services")) == before


def test_site_texts_are_edited_and_a_bad_template_refused(admin, centre, api, server):
    tv = server.socket("/display", {"token": centre.add_device("display", "TV phường",
                                                               site="DUCXUAN")})
    assert [event["name"] for event in tv.get_received("/display")] == ["snapshot"]
    form = admin.get("/admin/sites/2").text
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', form))
    fields.update(rollover_at="00:00", priority_policy="ratio", active="on", tier="commune",
                  citizen_address="quy_khach",
                  notice="Nghỉ trưa từ 11h30 đến 13h30.")
    bad = admin.post("/admin/sites/2", {**fields, "announcement_template": "Mời số {so}"})
    assert bad.status_code == 422 and "{number}" in bad.text
    good = admin.post("/admin/sites/2", fields)
    assert good.status_code == 302
    row = audit_rows(centre, "sites")[-1]
    assert row.action == "update" and row.after["notice"] == "Nghỉ trưa từ 11h30 đến 13h30."
    assert row.before["notice"] != row.after["notice"]
    pushed = tv.get_received("/display")  # the ward's TV shows it without waiting
    assert [(event["name"], event["args"][0]) for event in pushed] == [
        ("notice_changed", {"site": "DUCXUAN", "notice": "Nghỉ trưa từ 11h30 đến 13h30."})]


def test_site_tier_and_citizen_address_are_chosen_in_the_site_form(admin, centre):
    form = admin.get("/admin/sites/2").text
    assert "Cấp trung tâm" in form and "Cách xưng hô với người dân" in form
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', form))
    fields.update(rollover_at="00:00", priority_policy="ratio", active="on")
    refused = admin.post("/admin/sites/2", {**fields, "tier": "huyen",
                                            "citizen_address": "quy_khach"})
    assert refused.status_code == 422 and "Cấp trung tâm" in refused.text
    saved = admin.post("/admin/sites/2", {**fields, "tier": "commune", "citizen_address": "ong_ba"})
    assert saved.status_code == 302
    row = audit_rows(centre, "sites")[-1]
    assert row.after["citizen_address"] == "ong_ba" and row.after["tier"] == "commune"
    listing = admin.get("/admin/sites/").text
    assert "Trung tâm cấp tỉnh" in listing and "Trung tâm cấp xã" in listing
    restored = admin.post("/admin/sites/2", {**fields, "tier": "commune",
                                             "citizen_address": "quy_khach"})
    assert restored.status_code == 302


def test_role_change_and_password_reset_revoke_staff_tokens(admin, centre, api):
    created = admin.post("/admin/users/new", {
        "username": "canbo-moi", "full_name": "Cán bộ mới", "role": "clerk", "site_id": "1",
        "active": "on", "password": "mat-khau-123"})
    assert created.status_code == 302, created.text
    user_id = audit_rows(centre, "users")[-1].entity_id
    token = api.staff_token("canbo-moi", "mat-khau-123")
    assert api.call("GET", "/api/v1/counters", token).status_code == 200
    changed = admin.post(f"/admin/users/{user_id}", {
        "username": "canbo-moi", "full_name": "Cán bộ mới", "role": "manager", "site_id": "1",
        "active": "on"})
    assert changed.status_code == 302
    assert api.call("GET", "/api/v1/counters", token).status_code == 401
    token = api.staff_token("canbo-moi", "mat-khau-123")
    reset = admin.post(f"/admin/users/{user_id}/password", {"password": "mat-khau-456"})
    assert reset.status_code == 302
    assert api.call("GET", "/api/v1/counters", token).status_code == 401
    assert api.staff_token("canbo-moi", "mat-khau-456")
    actions = [row.action for row in audit_rows(centre, "users") if row.entity_id == user_id]
    assert actions == ["create", "update", "reset_password"]


def test_device_token_is_shown_once_then_revoked(admin, centre, api, server):
    response = admin.post("/admin/devices/new", {
        "site_id": "1", "kind": "kiosk", "name": "Máy lấy số tầng 2",
        "printer_uri": "preview://", "settings": "{}"})
    assert response.status_code == 303 and "qmsd_" not in response.text
    page = response.headers["Location"].removeprefix(admin.base_url)
    token = shown_token(admin.get(page))
    device_id = audit_rows(centre, "devices")[-1].entity_id
    # Reloading the token page neither shows the token again nor makes another device.
    again = admin.get(page)
    assert again.status_code == 302 and "qmsd_" not in again.text
    assert "chỉ hiện một lần" in html.unescape(admin.get("/admin/devices/").text)
    listing = admin.get("/admin/devices/").text
    assert len([row for row in re.findall(r"<tr.*?</tr>", listing, re.S)
                if "Máy lấy số tầng 2" in row]) == 1
    assert api.issue(token, "DD").status_code == 201
    with server.app.app_context():  # one pass of the spooler `qms run` runs
        PrintWorker(server.app).drain(device_id)
    # The spooler printed the slip, so this kiosk's row shows its printer ready.
    row = _device_row(admin, "Máy lấy số tầng 2", "sẵn sàng")
    assert row and token not in row
    assert admin.post(f"/admin/devices/{device_id}/revoke", {}).status_code == 302
    assert api.issue(token, "DD").status_code == 401
    reissued = admin.post(f"/admin/devices/{device_id}/token", {})
    assert reissued.status_code == 303 and "qmsd_" not in reissued.text
    new_token = shown_token(admin.get(f"/admin/devices/{device_id}/token"))
    assert new_token != token and admin.get(f"/admin/devices/{device_id}/token").status_code == 302
    assert api.issue(new_token, "DD").status_code == 201
    assert admin.post(f"/admin/devices/{device_id}/revoke", {}).status_code == 302
    app = centre.app()
    with unit_of_work(app) as session:
        device = session.get(Device, device_id)
        assert device.revoked_at is not None and device.last_seen_at is not None
    app.extensions["qms_engine"].dispose()
    actions = [row.action for row in audit_rows(centre, "devices") if row.entity_id == device_id]
    assert actions == ["create", "revoke", "issue_token", "revoke"]


def _device_row(admin, name: str, text: str) -> str | None:
    """Return the device list's row for ``name`` once it shows ``text``."""
    listing = admin.get("/admin/devices/").text
    rows = [row for row in re.findall(r"<tr.*?</tr>", listing, re.S) if name in row]
    return rows[0] if rows and text in rows[0] else None


@pytest.mark.parametrize("uri", ["network://127.0.0.1:22", "network://169.254.169.254:80",
                                 "network://8.8.8.8:53", "network://localhost:9100"])
def test_network_printers_outside_the_allowed_subnets_are_refused(admin, uri):
    response = admin.post("/admin/devices/new", {
        "site_id": "1", "kind": "kiosk", "name": "Máy dò cổng", "printer_uri": uri,
        "settings": "{}"})
    assert response.status_code == 422
    assert "dải mạng được phép" in html.unescape(response.text)
    assert "192.168.0.0/16" in response.text and "Máy dò cổng" not in _device_names(admin)


def test_a_refused_printer_address_shows_no_reachability(admin, centre):
    centre.add_device("kiosk", "Máy in cổng nội bộ", printer_uri="network://127.0.0.1:9")
    allowed = new_device(admin, {
        "site_id": "1", "kind": "kiosk", "name": "Máy in mạng LAN",
        "printer_uri": "network://192.168.77.10:9100", "settings": "{}"})
    assert allowed.status_code == 200 and shown_token(allowed)
    # The spooler checks every printer; a refused address must not say whether it answered.
    row = wait_until(lambda: _device_row(admin, "Máy in cổng nội bộ", "không được phép"))
    assert "mất kết nối" not in row and "sẵn sàng" not in row


def _device_names(admin) -> str:
    return admin.get("/admin/devices/").text


def test_vote_pad_without_counter_is_refused(admin):
    response = admin.post("/admin/devices/new", {"site_id": "1", "kind": "vote-pad",
                                                 "name": "Máy đánh giá", "settings": "{}"})
    assert response.status_code == 422 and "phải gắn với một quầy" in response.text


def test_opening_hours_text_round_trips():
    hours = parse_hours("mon-fri 07:30-11:30,13:30-17:00\nsat 07:30-11:30")
    assert hours["fri"] == [["07:30", "11:30"], ["13:30", "17:00"]] and "sun" not in hours
    assert format_hours(hours) == "T2-T6 07:30-11:30, 13:30-17:00; T7 07:30-11:30"
    assert parse_hours(format_hours(hours)) == hours
    assert parse_hours("T2-T6 7h30-11h30, 13h30-17h; T7 7h30-11h30") == hours
    assert parse_hours("thứ 2 - thứ 6 7h30-11h30,13h30-17h00\nthứ bảy 7h30-11h30") == hours
    assert parse_hours("CN 8h-11h") == {"sun": [["08:00", "11:00"]]}
    assert parse_hours("") == {}
    for wrong in ("mon 11:30-07:30", "T2 25h-26h", "T2 7h30", "T2", "sáng 7h-8h", "T6-T2 7h-8h"):
        with pytest.raises(HoursError):
            parse_hours(wrong)


def test_kiosk_printing_through_its_agent_is_set_on_the_admin_screen(admin, centre, server):
    token = shown_token(new_device(admin, {
        "site_id": "1", "kind": "kiosk", "name": "Máy lấy số có máy in USB",
        "printer_uri": "agent://", "settings": "{}"}))
    # Before its agent ever connects, the kiosk's printer shows offline, not "unknown".
    assert _device_row(admin, "Máy lấy số có máy in USB", "mất kết nối")
    agent = server.socket("/print-agent", {"token": token})
    assert agent.emit("printer_status", {"state": "paper_out", "message": "paper roll is empty"},
                      namespace="/print-agent", callback=True) == {"ok": True}
    assert wait_until(lambda: _device_row(admin, "Máy lấy số có máy in USB", "hết giấy"))
    agent.disconnect(namespace="/print-agent")  # no agent connected: the printer shows offline
    assert wait_until(lambda: _device_row(admin, "Máy lấy số có máy in USB", "mất kết nối"))


def test_a_counter_print_agent_is_added_on_the_admin_screen_and_shows_its_printer(admin,
                                                                                  server):
    form = admin.get("/admin/devices/new").text
    assert 'value="print-agent"' in form and "Chương trình in của quầy" in form
    token = shown_token(new_device(admin, {
        "site_id": "1", "kind": "print-agent", "name": "Máy tính quầy 2", "settings": "{}"}))
    # Listed with the site's printers, offline until its agent connects.
    assert _device_row(admin, "Máy tính quầy 2", "mất kết nối")
    agent = server.socket("/print-agent", {"token": token})
    assert agent.is_connected("/print-agent")
    assert agent.emit("printer_status", {"state": "online", "message": ""},
                      namespace="/print-agent", callback=True) == {"ok": True}
    assert wait_until(lambda: _device_row(admin, "Máy tính quầy 2", "sẵn sàng"))
    assert server.socket("/kiosk", {"token": token}).is_connected("/kiosk") is False


def test_feedback_contact_is_edited_in_named_boxes_not_json(admin, centre):
    form = admin.get("/admin/sites/2").text
    assert "Nơi nhận phản ánh, kiến nghị" in form and 'name="feedback_contact.phone"' in form
    assert "JSON" not in form.split("Nơi nhận phản ánh")[1].split("</fieldset>")[0]
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', form))
    fields.update(rollover_at="00:00", priority_policy="ratio", active="on", tier="commune",
                  citizen_address="quy_khach")
    refused = admin.post("/admin/sites/2", {**fields, "feedback_contact.email": "khong-phai-thu",
                                            "feedback_contact.phone": "gọi tôi"})
    assert refused.status_code == 422
    errors = re.search(r'id="form-errors">(.*?)</div>', refused.text, re.S).group(1)
    assert "Thư điện tử" in errors and "Điện thoại" in errors  # both wrong boxes, at once
    assert 'value="khong-phai-thu"' in refused.text  # what was typed is kept
    contact = {"office": "Văn phòng UBND phường", "phone": "0208 3850 123"}
    saved = admin.post("/admin/sites/2", {**fields, "feedback_contact.office": contact["office"],
                                          "feedback_contact.phone": contact["phone"],
                                          "feedback_contact.email": ""})
    assert saved.status_code == 302
    assert audit_rows(centre, "sites")[-1].after["feedback_contact"] == contact
    audit_page = html.unescape(admin.get("/admin/audit?entity=sites").text)
    assert "Điện thoại: 0208 3850 123" in audit_page and '"phone"' not in audit_page


def test_every_wrong_field_of_a_form_is_shown(admin):
    refused = admin.post("/admin/services/new", {
        **SERVICE, "code": "ALL ERR", "target_wait_s": "abc", "opening_hours": "T2 9h-8h"})
    assert refused.status_code == 422
    errors = re.findall(r"<li>(.*?)</li>", re.search(
        r'id="form-errors">(.*?)</div>', refused.text, re.S).group(1))
    assert len(errors) == 3 and "Cần sửa 3 chỗ" in refused.text


def test_an_impossible_date_is_called_so_not_a_wrong_format(admin):
    refused = admin.post("/admin/calendar/new", {"day": "31/02/2026", "kind": "off"})
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert "không phải ngày có thật" in text and "phải dạng dd/mm/yyyy" not in text
    wrong = html.unescape(admin.post("/admin/calendar/new", {"day": "mai", "kind": "off"}).text)
    assert "phải dạng dd/mm/yyyy" in wrong


def test_the_site_form_sets_where_remote_numbers_may_be_taken(admin, centre):
    form = admin.get("/admin/sites/2").text
    assert "Vĩ độ của trung tâm" in form and "bán kính (mét)" in form
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', form))
    fields.update(rollover_at="00:00", priority_policy="ratio", active="on", tier="commune",
                  citizen_address="quy_khach")
    no_position = admin.post("/admin/sites/2", {**fields, "remote_radius_m": "3000"})
    assert no_position.status_code == 422 and "vĩ độ và kinh độ" in no_position.text
    half = admin.post("/admin/sites/2", {**fields, "latitude": "21,5942"})
    assert half.status_code == 422 and "phải nhập cùng nhau" in half.text
    off_earth = admin.post("/admin/sites/2", {**fields, "latitude": "121.5",
                                              "longitude": "105.8"})
    assert off_earth.status_code == 422 and "Vĩ độ của trung tâm" in off_earth.text
    saved = admin.post("/admin/sites/2", {**fields, "latitude": "21,5942",
                                          "longitude": "105.8482", "remote_radius_m": "3000"})
    assert saved.status_code == 302, saved.text
    after = audit_rows(centre, "sites")[-1].after
    assert (after["latitude"], after["longitude"], after["remote_radius_m"]) == (
        21.5942, 105.8482, 3000)
    cleared = admin.post("/admin/sites/2", {**fields, "latitude": "", "longitude": "",
                                            "remote_radius_m": "0"})
    assert cleared.status_code == 302

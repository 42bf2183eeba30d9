"""Admin forms a new administrator can use: the role is chosen, minutes and Vietnamese hours,
a device's address and QR code, a question before irreversible actions, a readable audit."""

import html
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import Service, User
from tests.support.admin import SERVICE, audit_rows, new_device
from tests.support.browser import log_in
from tests.support.staff import StaffBrowser
from tests.support.visits import database

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def admin(live_server, centre):
    return StaffBrowser(live_server.url, "admin", centre.password)


def test_new_user_role_is_a_required_choice_without_default(admin, centre):
    form = admin.get("/admin/users/new").text
    role = re.search(r'<select name="role"[^>]*>(.*?)</select>', form, re.S)
    assert "required" in role.group(0).split(">")[0]
    assert re.search(r'<option value="" selected disabled', role.group(1))
    response = admin.post("/admin/users/new", {"username": "norole", "full_name": "Chưa chọn",
                                               "password": "mat-khau-dai", "active": "on"})
    assert response.status_code == 422 and "Vai trò: không được để trống" in response.text
    with database(centre) as session:
        assert session.scalar(select(User).where(User.username == "norole")) is None


def test_target_wait_in_minutes_and_hours_in_vietnamese(admin, centre):
    body = {**SERVICE, "code": "PHUT", "target_wait_s": "20",
            "opening_hours": "thứ 2 - thứ 6 7h30-11h30, 13h30-17h; T7 7h30-11h30"}
    assert admin.post("/admin/services/new", body).status_code == 302
    with database(centre) as session:
        service = session.scalar(select(Service).where(Service.code == "PHUT"))
        assert service.target_wait_s == 1200
        assert service.opening_hours["fri"] == [["07:30", "11:30"], ["13:30", "17:00"]]
        assert service.opening_hours["sat"] == [["07:30", "11:30"]] and "sun" not in \
            service.opening_hours
        service_id = service.id
    form = html.unescape(admin.get(f"/admin/services/{service_id}").text)
    assert re.search(r'name="target_wait_s" value="20"', form)
    assert "T2-T6 07:30-11:30, 13:30-17:00; T7 07:30-11:30" in form
    bad = admin.post(f"/admin/services/{service_id}", {**body, "opening_hours": "T6-T2 7h-8h"})
    assert bad.status_code == 422 and "ngày bắt đầu phải trước ngày kết thúc" in bad.text


def test_a_field_can_stop_issuing_from_a_time_or_after_a_daily_count(admin, centre):
    body = {**SERVICE, "code": "DUSO", "last_ticket_at": "16:00", "daily_ticket_limit": "120"}
    assert admin.post("/admin/services/new", body).status_code == 302
    with database(centre) as session:
        service = session.scalar(select(Service).where(Service.code == "DUSO"))
        assert (service.last_ticket_at.isoformat(), service.daily_ticket_limit) == ("16:00:00",
                                                                                   120)
        service_id = service.id
    form = html.unescape(admin.get(f"/admin/services/{service_id}").text)
    assert "Ngừng cấp số từ" in form and re.search(r'name="daily_ticket_limit" value="120"', form)
    cleared = {**body, "last_ticket_at": "", "daily_ticket_limit": ""}
    assert admin.post(f"/admin/services/{service_id}", cleared).status_code == 302
    with database(centre) as session:
        service = session.get(Service, service_id)
        assert service.last_ticket_at is None and service.daily_ticket_limit is None


def test_audit_log_reads_in_vietnamese(admin, centre):
    body = {**SERVICE, "code": "NHATKY", "target_wait_s": "30"}
    assert admin.post("/admin/services/new", body).status_code == 302
    service_id = audit_rows(centre, "services")[-1].entity_id
    changed = {**body, "target_wait_s": "45"}
    changed.pop("active")
    assert admin.post(f"/admin/services/{service_id}", changed).status_code == 302
    page = html.unescape(admin.get("/admin/audit?entity=services").text)
    assert "<b>Thời gian chờ mục tiêu (phút)</b>: 30 → 45" in page
    assert "<b>Đang hoạt động</b>: Có → Không" in page
    for raw in ("target_wait_s", "True", "False", "{'", "+00:00"):
        assert raw not in page, raw


def test_new_device_shows_its_address_as_text_and_qr(admin, live_server):
    response = new_device(admin, {"site_id": "1", "kind": "display",
                                  "name": "Màn hình tầng 2", "settings": "{}"})
    assert response.status_code == 200, response.text[:300]
    address = re.search(r'<pre id="device-address" class="token">([^<]+)</pre>', response.text)
    token = re.search(r'<pre id="device-token" class="token">([^<]+)</pre>', response.text)
    assert address.group(1) == f"{live_server.url}/display/?token={token.group(1)}"
    assert '<div class="device-qr"' in response.text and "<svg" in response.text


@pytest.mark.browser
def test_copy_button_and_confirmation_before_locking(page, live_server, centre, admin):
    assert admin.post("/admin/users/new", {"username": "khoathu", "full_name": "Tài khoản thử",
                                           "role": "clerk", "site_id": "1",
                                           "password": "mat-khau-dai", "active": "on"}
                      ).status_code == 302
    log_in(page, live_server.url, "admin", centre.password, "/admin/users/")
    row = page.locator("#rows tr", has_text="khoathu")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Khoá").click()
    expect(row.get_by_role("button", name="Khoá")).to_be_visible()
    with database(centre) as session:
        assert session.scalar(select(User.active).where(User.username == "khoathu")) is True
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Khoá").click()
    expect(page.locator("p[role=status]")).to_contain_text("Đã khoá tài khoản khoathu")
    assert "khoathu" in questions[0]

    page.goto(live_server.url + "/admin/devices/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#rows tr", has_text="Màn hình phòng chờ").get_by_role(
        "button", name="Cấp mã mới").click()
    page.get_by_role("button", name="Sao chép địa chỉ").click()
    expect(page.locator('[data-copied-for="device-address"]')).to_have_text("Đã sao chép")


@pytest.mark.browser
def test_hours_editor_writes_days_and_times_the_server_reads(page, live_server, centre, admin):
    log_in(page, live_server.url, "admin", centre.password, "/admin/services/new")
    editor = page.locator(".hours-editor")
    # 24-hour text fields: the browser's time picker would follow its locale (4:30 PM).
    assert editor.locator('input[type="time"]').count() == 0
    editor.locator('[data-part="afternoon-to"]').fill("16:30")
    editor.get_by_role("button", name="Thêm các ngày này").click()
    editor.locator('input[value="T2"]').uncheck()
    for day in ("T3", "T4", "T5", "T6"):
        editor.locator(f'input[value="{day}"]').uncheck()
    editor.locator('input[value="T7"]').check()
    editor.locator('[data-part="afternoon-from"]').fill("")
    editor.get_by_role("button", name="Thêm các ngày này").click()
    hours = page.locator("#hours-opening_hours")
    expect(hours).to_have_value("T2-T6 07:30-11:30, 13:30-16:30; T7 07:30-11:30")
    form = {**SERVICE, "code": "BIEUMAU", "opening_hours": hours.input_value()}
    assert admin.post("/admin/services/new", form).status_code == 302
    with database(centre) as session:
        stored = session.scalar(select(Service).where(Service.code == "BIEUMAU")).opening_hours
        assert stored["mon"] == [["07:30", "11:30"], ["13:30", "16:30"]]
        assert stored["sat"] == [["07:30", "11:30"]] and "sun" not in stored

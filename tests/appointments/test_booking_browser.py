"""A whole booked visit in Chromium: book on the phone page, check in at the kiosk with the
code, and be called at the slot ahead of a walk-in who came earlier."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-screens/appointments"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _book_on_phone(browser, base_url: str) -> str:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + "/booking/?site=TPBK")
    page.locator('button.service[data-code="DD"]').click()
    page.locator("button.day", has_text="Hôm nay").click()
    page.locator("button.slot:not([disabled])").first.click()
    _shot(page, "phone-choose-time-390x844")
    page.fill("#name", "Nguyễn Thị Hoa")
    page.fill("#phone", "0912 345 678")
    _shot(page, "phone-details-390x844")
    page.locator("#submit").click()
    page.wait_for_url(re.compile(r"/booking/[A-Z0-9]{8}$"))
    expect(page.locator("#code")).to_have_text(re.compile(r"^[A-Z0-9]{8}$"))
    expect(page.locator("#state")).to_contain_text("Đã đặt lịch")
    _shot(page, "phone-booked-390x844")
    code = page.locator("#code").text_content()
    context.close()
    return code


def _check_in_at_kiosk(browser, base_url: str, token: str, code: str) -> str:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.goto(f"{base_url}/kiosk/?token={token}")
    expect(page.locator("#checkin-start")).to_be_visible()
    _shot(page, "kiosk-start-1080x1920")
    page.locator("#checkin-start").click()
    for key in code:  # the on-screen keyboard
        page.locator("#checkin-keys button.key", has_text=re.compile(f"^{key}$")).click()
    _shot(page, "kiosk-checkin-1080x1920")
    page.locator("#checkin-submit").click()
    expect(page.locator("#result-appointment")).to_be_visible()
    number = page.locator("#result-number").text_content()
    _shot(page, "kiosk-appointment-ticket-1080x1920")
    page.set_viewport_size({"width": 1366, "height": 768})
    _shot(page, "kiosk-appointment-ticket-1366x768")
    context.close()
    return number


def test_booked_citizen_is_called_at_the_slot_ahead_of_an_earlier_walk_in(
        browser, api, live_server, centre, clerk_tokens):
    walk_in = api.issue(centre.tokens["kiosk"], "DD")
    assert walk_in.status_code == 201
    code = _book_on_phone(browser, live_server.url)
    number = _check_in_at_kiosk(browser, live_server.url, centre.tokens["kiosk"], code)
    called = api.counter(clerk_tokens[1], 1, "call-next")
    assert called.status_code == 200, called.text
    assert called.json()["number"] == number != walk_in.json()["number"]
    assert called.json()["appointment"] is True
    assert api.counter(clerk_tokens[1], 1, "finish").status_code == 200
    then = api.counter(clerk_tokens[1], 1, "call-next")
    assert then.json()["number"] == walk_in.json()["number"]


def test_a_scanner_typing_on_the_start_screen_checks_in(browser, api, live_server, centre):
    from tests.appointments.support import booking, slots

    start = slots(api)[0]["start"]
    code = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 77)).json()["code"]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/?token={centre.tokens['kiosk']}")
    expect(page.locator("#checkin-start")).to_be_visible()
    _shot(page, "kiosk-start-1366x768")
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    expect(page.locator("#result-appointment")).to_be_visible()
    early = api.call("POST", "/api/v1/appointments/NOTACODE/check-in", centre.tokens["kiosk"])
    assert early.status_code == 404
    context.close()


# Records what the page would show or do on a real phone.
FAKE_DEVICE = """
window.__notes = []; window.__buzz = 0;
window.Notification = class { constructor(title) { window.__notes.push(title); }
  static requestPermission() { return Promise.resolve("granted"); } };
window.Notification.permission = "granted";
navigator.vibrate = () => { window.__buzz += 1; return true; };
"""


def test_remote_number_from_the_phone_alerts_when_the_turn_is_near(
        browser, api, live_server, centre, clerk_tokens):
    for _ in range(5):
        assert api.issue(centre.tokens["kiosk"], "HT").status_code == 201
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.add_init_script(FAKE_DEVICE)
    page.goto(live_server.url + "/booking/?site=TPBK")
    page.select_option("#remote-service", "HT")
    page.fill("#remote-phone", "0944 555 666")
    page.locator("#remote-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/t/"))
    expect(page.locator("#ahead")).to_contain_text("Còn 5 người trước quý khách")
    expect(page.locator("#near")).to_be_hidden()
    page.locator("#alerts").click()
    expect(page.locator("#alerts-on")).to_be_visible()
    _shot(page, "phone-live-ticket-390x844")
    for _ in range(2):
        assert api.counter(clerk_tokens[8], 8, "call-next").status_code == 200
        assert api.counter(clerk_tokens[8], 8, "finish").status_code == 200
    expect(page.locator("#near")).to_be_visible()
    expect(page.locator("#ahead")).to_contain_text("Còn 3 người")
    assert page.evaluate("window.__notes") == [
        f"Sắp đến lượt số {page.locator('#number').text_content()}"]
    assert page.evaluate("window.__buzz") == 1
    _shot(page, "phone-live-ticket-near-390x844")
    context.close()


def test_days_off_are_shown_closed_not_offered(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/booking/?site=TPBK")
    page.locator('button.service[data-code="DD"]').click()
    # The second week's Sunday: past the days the suite makes working days for itself.
    sunday = page.locator("button.day", has_text="Chủ nhật").last
    expect(sunday).to_be_disabled()
    expect(sunday).to_contain_text("Nghỉ: Chủ nhật")
    open_days = page.locator("button.day:not([disabled])")
    assert open_days.count() >= 8  # the working days stay offered

"""Staff see the day's bookings: the console and the dashboard panels, and the report."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from server.engine.days import VIETNAM
from tests.appointments.support import booking, slots
from tests.appointments.test_booking_browser import _shot
from tests.support.browser import log_in
from tests.support.console import open_console

pytestmark = [pytest.mark.live, pytest.mark.browser]


def _booked_and_one_checked_in(api, centre) -> tuple[dict, dict]:
    start = slots(api)[0]["start"]
    came = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 901)).json()
    absent = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 902)).json()
    arrived = api.call("POST", f"/api/v1/appointments/{came['code']}/check-in",
                       centre.tokens["kiosk"])
    assert arrived.status_code == 201
    return came, absent


def test_console_and_dashboard_list_todays_bookings(browser, api, live_server, centre):
    _booked_and_one_checked_in(api, centre)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 768})
    page = context.new_page()
    open_console(page, live_server.url, "quay1", centre.password, 1)
    agenda = page.locator("[data-agenda]")
    expect(agenda).to_contain_text("Công dân 901")
    expect(agenda.locator(".agenda-checked_in", has_text="Công dân 901")).to_contain_text("đã đến")
    expect(agenda.locator(".agenda-booked", has_text="Công dân 902")).to_contain_text("chưa đến")
    expect(page.locator("#waiting li .badge.appointment")).to_contain_text("Hẹn ")
    _shot(page, "console-agenda-1366x768")
    context.close()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, live_server.url, "quanly", centre.password, "/dashboard/")
    page.wait_for_function(
        "() => Number(document.getElementById('dashboard').dataset.refreshes) >= 1")
    expect(page.locator("[data-agenda]")).to_contain_text("Công dân 902")
    page.locator("[data-agenda]").scroll_into_view_if_needed()
    _shot(page, "dashboard-agenda-1366x768")
    context.close()


def test_report_counts_bookings_and_compares_waits(api, centre):
    _booked_and_one_checked_in(api, centre)
    manager = api.staff_token("quanly", centre.password)
    today = datetime.now(VIETNAM).date().isoformat()
    query = {"from": today, "to": today, "site": "TPBK"}
    report = api.call("GET", "/api/v1/reports/appointments", manager, params=query)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["booked"] >= 2 and body["checked_in"] >= 1
    assert 0 < body["check_in_rate"] <= 1
    assert set(body["wait"]) == {"booked", "walk_in"}
    clerk = api.staff_token("quay1", centre.password)
    assert api.call("GET", "/api/v1/reports/appointments", clerk, params=query).status_code == 403
    assert api.call("GET", "/api/v1/reports/appointments", params=query).status_code == 401
    ward = api.staff_token("ducxuan", centre.password)
    assert api.call("GET", "/api/v1/reports/appointments", ward,
                    params=query).status_code == 403


def test_tv_board_shows_the_booking_qr(browser, live_server, centre):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    qr = page.locator("#book-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src") == "/booking/qr.svg?site=TPBK"
    page.wait_for_function("() => document.getElementById('book-qr').naturalWidth > 0")
    box = qr.bounding_box()
    assert box["y"] + box["height"] <= 1080 and box["x"] + box["width"] <= 1920
    _shot(page, "tv-booking-qr-1920x1080")
    context.close()

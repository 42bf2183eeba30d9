"""The phone page where the centre checks phones, in Chromium: the code sent through the
gateway (a local sink) is typed on the page before a booking or a remote number counts."""

import re

import pytest
from playwright.sync_api import expect

from tests.appointments.sink import Sink
from tests.appointments.support import bookable_centre
from tests.support.server import LiveServer
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.live, pytest.mark.browser]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, sink):
    centre = bookable_centre(tmp_path_factory.mktemp("instance"), remote_tickets=True)
    env = {"QMS_NOTIFY_WEBHOOK_URL": sink.url, "QMS_BOOKING_RATE_LIMIT": "500/60"}
    server = LiveServer(centre.instance, env=env).start()
    yield server
    server.stop()


def _phone(browser, url: str):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(url + "/booking/?site=TPBK")
    return page


def _code_sent_to(sink: Sink, phone: str) -> str:
    message = wait_until(lambda: [m for m in sink.delivered(phone)
                                  if m["event"] == "phone_code"])[-1]
    return re.search(r"\b(\d{6})\b", message["text"]).group(1)


def test_a_booking_is_confirmed_with_the_code_sent_to_the_phone(browser, live_server, sink):
    page = _phone(browser, live_server.url)
    page.locator('button.service[data-code="DD"]').click()
    page.locator("button.day", has_text="Hôm nay").click()
    page.locator("button.slot:not([disabled])").first.click()
    page.fill("#name", "Nguyễn Thị Hoa")
    page.fill("#phone", "0912 345 671")
    page.locator("#submit").click()
    expect(page.locator("#step-code")).to_be_visible()
    expect(page.locator("#code-sent")).to_contain_text("*******671")
    page.fill("#otp", "000000" if _code_sent_to(sink, "0912345671") != "000000" else "111111")
    page.locator("#otp-submit").click()
    expect(page.locator("#error")).to_contain_text("Mã xác nhận không đúng")
    page.fill("#otp", _code_sent_to(sink, "0912345671"))
    page.locator("#otp-submit").click()
    page.wait_for_url(re.compile(r"/booking/[A-Z0-9]{8}$"))
    expect(page.locator("#state")).to_contain_text("Đã đặt lịch")
    page.context.close()


def test_a_remote_number_is_issued_once_the_code_is_typed(browser, live_server, sink):
    page = _phone(browser, live_server.url)
    page.select_option("#remote-service", "DD")
    page.fill("#remote-phone", "0944 555 667")
    page.locator("#remote-form button[type=submit]").click()
    expect(page.locator("#step-code")).to_be_visible()
    page.fill("#otp", _code_sent_to(sink, "0944555667"))
    page.locator("#otp-submit").click()
    page.wait_for_url(re.compile(r"/t/"))
    expect(page.locator("#number")).not_to_be_empty()
    page.context.close()

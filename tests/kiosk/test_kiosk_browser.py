"""Headless Chromium at the kiosk: tap a service, see the number, get the slip."""

import pytest
from playwright.sync_api import expect

from printers import render_ticket
from tests.support.slips import expected_slip, kiosk_with_printer, same_image

pytestmark = [pytest.mark.live, pytest.mark.browser]


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    with kiosk_with_printer(tmp_path_factory.mktemp("kiosk-browser"), "K2") as kiosk:
        kiosk["manager"] = kiosk["api"].staff_token("quanly", kiosk["centre"].password)
        yield kiosk


def waiting_tickets(kiosk, service: str) -> int:
    queue = kiosk["api"].call("GET", "/api/v1/queue", kiosk["manager"]).json()
    return sum(1 for ticket in queue["tickets"] if ticket["service"] == service)


def open_kiosk(page, kiosk):
    page.goto(f"{kiosk['server'].url}/kiosk/?token={kiosk['token']}")
    page.locator(".tile", has_text="Đăng ký kinh doanh").wait_for()
    assert "token=" not in page.url  # the token does not linger in the address bar


def tap_tile(page, kiosk, tile: str) -> dict:
    """Open the kiosk, empty the printer's tray and tap ``tile``; return the issue answer."""
    open_kiosk(page, kiosk)
    kiosk["printer"].clear()
    with page.expect_response("**/api/v1/tickets") as answer:
        page.locator(".tile", has_text=tile).click()
    return answer.value.json()


def test_tap_shows_the_number_and_the_printer_gets_the_slip(page, kiosk):
    issued = tap_tile(page, kiosk, "Đăng ký kinh doanh")
    page.locator("#result-number").wait_for()
    assert page.locator("#result-number").inner_text() == issued["number"]
    assert "Số thứ tự của quý khách" in page.locator("#screen-result").inner_text()
    assert kiosk["printer"].wait_for_cut(timeout=10)
    assert same_image(kiosk["printer"].images()[0], render_ticket(expected_slip(issued)))


def test_reprint_button_prints_the_same_slip_again(page, kiosk):
    issued = tap_tile(page, kiosk, "Hộ tịch")
    assert kiosk["printer"].wait_for_cut(timeout=10)
    with page.expect_response("**/api/v1/tickets/reprint") as reprinted:
        page.locator("#reprint").click()
    assert reprinted.value.status == 202
    expect(page.locator("#reprint-message")).to_have_text("Đã gửi lệnh in lại.")
    assert kiosk["printer"].wait_for_cut(timeout=10, count=2)
    first, second = kiosk["printer"].images()[:2]
    assert same_image(first, second) and same_image(second, render_ticket(expected_slip(issued)))


def test_double_tap_issues_exactly_one_ticket(page, kiosk):
    open_kiosk(page, kiosk)
    before = waiting_tickets(kiosk, "XD")
    page.locator(".tile", has_text="Xây dựng").dblclick()
    page.locator("#result-number").wait_for()
    page.wait_for_load_state("networkidle")
    assert waiting_tickets(kiosk, "XD") == before + 1


def test_english_toggle_translates_the_tiles(page, kiosk):
    open_kiosk(page, kiosk)
    page.locator("#lang-toggle").click()
    assert page.locator(".tile", has_text="Business registration").count() == 1
    assert page.locator("#lang-toggle").inner_text() == "Tiếng Việt"


def test_public_page_follows_the_ticket_until_called(page, kiosk):
    api = kiosk["api"]
    issued = api.issue(kiosk["token"], "CDCS").json()
    page.goto(f"{kiosk['server'].url}/t/{issued['public_code']}")
    assert page.locator("#number").inner_text() == issued["number"]
    page.locator("#status", has_text="Đang chờ").wait_for()
    clerk = api.staff_token("quay5", kiosk["centre"].password)
    assert api.counter(clerk, 5, "open").status_code == 200
    called = api.counter(clerk, 5, "call-next")
    assert called.status_code == 200, called.text
    page.locator("#status", has_text="Mời quý khách đến quầy số 5").wait_for(timeout=10000)


def test_server_unreachable_says_so_and_issues_nothing(page, kiosk):
    open_kiosk(page, kiosk)
    kiosk["server"].stop()
    page.locator(".tile", has_text="Đất đai").click()
    page.locator("#error-message", has_text="Không kết nối được với máy chủ").wait_for(
        timeout=20000)
    assert page.locator("#screen-result").is_hidden()
    assert page.locator("#result-number").inner_text() == ""

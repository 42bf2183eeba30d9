"""The kiosk's screens at its two real sizes: what shows, where, and for how long."""

import pytest
from playwright.sync_api import expect

from tests.support.centre import provision_demo
from tests.support.slips import start_server

pytestmark = [pytest.mark.live, pytest.mark.browser]


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("kiosk-screens"))
    server = start_server(centre)
    yield {"url": server.url, "token": centre.tokens["kiosk"]}
    server.stop()


def open_kiosk(browser, kiosk, width: int, height: int):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{kiosk['url']}/kiosk/?token={kiosk['token']}")
    expect(page.locator(".tile").first).to_be_visible()
    return page


def test_ordinary_ticket_is_not_marked_priority_and_no_empty_priority_bar(browser, kiosk):
    page = open_kiosk(browser, kiosk, 1366, 768)
    expect(page.locator("#priority-banner")).to_be_hidden()
    page.locator(".tile", has_text="Hộ tịch").click()
    expect(page.locator("#result-number")).not_to_be_empty()
    expect(page.locator("#result-priority")).to_be_hidden()
    page.click("#done")
    page.click("#priority-start")
    page.locator(".category").first.click()
    expect(page.locator("#priority-banner")).to_be_visible()
    page.locator(".tile", has_text="Hộ tịch").click()
    expect(page.locator("#result-priority")).to_be_visible()
    page.context.close()


def test_portrait_kiosk_tiles_use_the_screen_height(browser, kiosk):
    page = open_kiosk(browser, kiosk, 1080, 1920)
    expect(page.locator(".tile").first).to_be_visible()  # drawn once the services arrive
    tiles = page.locator("#tiles").bounding_box()
    assert tiles["height"] > 1920 / 2, tiles
    first_tile = page.locator(".tile").first.bounding_box()
    assert first_tile["height"] >= 250, first_tile
    page.context.close()


def test_landscape_result_keeps_its_buttons_and_countdown_on_screen(browser, kiosk):
    page = open_kiosk(browser, kiosk, 1366, 768)
    page.locator(".tile", has_text="Chứng thực").click()
    for selector in ("#reprint", "#done", "#countdown", "#more-time"):
        expect(page.locator(selector)).to_be_in_viewport(ratio=1)
    page.context.close()


def test_a_citizen_can_ask_for_more_time_on_the_result(browser, kiosk):
    page = open_kiosk(browser, kiosk, 1080, 1920)
    page.locator(".tile", has_text="Xây dựng").click()
    expect(page.locator("#countdown")).to_contain_text("sau 15 giây")
    expect(page.locator("#countdown")).to_contain_text("sau 14 giây")
    page.click("#more-time")
    expect(page.locator("#countdown")).to_contain_text("sau 60 giây")
    expect(page.locator("#screen-result")).to_be_visible()
    page.context.close()


def test_kiosk_allows_pinch_zoom(browser, kiosk):
    page = open_kiosk(browser, kiosk, 1080, 1920)
    viewports = page.eval_on_selector_all("meta[name=viewport]",
                                          "metas => metas.map(meta => meta.content)")
    assert viewports and not any("user-scalable=no" in v.replace(" ", "") for v in viewports)
    page.context.close()

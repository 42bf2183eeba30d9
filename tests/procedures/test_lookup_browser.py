"""Headless Chromium: kiosk → Tra cứu → on-screen keyboard → procedure → number → console."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.console import action_button, open_console

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-shots/procedures"))
SIZES = {"landscape": (1366, 768), "portrait": (1080, 1920)}


def type_on_screen(page, text: str) -> None:
    """Type ``text`` by tapping the kiosk's own keys."""
    keys = page.locator("#lookup-keys")
    for letter in text:
        keys.get_by_text("Dấu cách" if letter == " " else letter, exact=True).click()


def open_lookup(page, live_server, kiosk_token):
    page.goto(f"{live_server.url}/kiosk/?token={kiosk_token}")
    page.locator(".tile", has_text="Hộ tịch").wait_for()
    page.locator("#lookup-start").click()
    expect(page.locator("#screen-lookup")).to_be_visible()


def test_look_up_take_a_number_and_the_clerk_sees_the_procedure(page, browser, live_server,
                                                                 kiosk_token, centre):
    open_lookup(page, live_server, kiosk_token)
    type_on_screen(page, "khai sinh")
    expect(page.locator("#lookup-query")).to_have_value("khai sinh")
    first = page.locator(".result-item").first
    expect(first).to_contain_text("Đăng ký khai sinh")
    expect(first.locator(".result-item-name")).to_have_text("Đăng ký khai sinh")
    first.click()
    expect(page.locator("#procedure-name")).to_have_text("Đăng ký khai sinh")
    expect(page.locator("#procedure-documents")).to_contain_text("Giấy chứng sinh")
    expect(page.locator("#procedure-days")).to_have_text("Giải quyết trong ngày")
    page.wait_for_function("() => [...document.querySelectorAll('.procedure-qr img')]"
                           ".every((image) => image.complete && image.naturalWidth > 0)")
    assert page.locator(".procedure-qr img").count() == 2  # the form and the online service
    with page.expect_response("**/api/v1/tickets") as answer:
        page.locator("#procedure-take").click()
    ticket = answer.value.json()
    assert ticket["procedure"]["code"] == "1.001193" and ticket["service"] == "HT"
    expect(page.locator("#result-number")).to_have_text(ticket["number"])
    expect(page.locator("#result-procedure")).to_have_text("Đăng ký khai sinh")

    clerk = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    console = clerk.new_page()
    open_console(console, live_server.url, "quay8", centre.password, 8)
    expect(console.locator("#waiting")).to_contain_text("Đăng ký khai sinh")
    action_button(console, "Gọi số tiếp").click()
    expect(console.locator("#current-number")).to_have_text(ticket["number"])
    expect(console.locator("#current-procedure")).to_contain_text("Đăng ký khai sinh")
    SHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SHOTS / "console-1366x768.png"))
    clerk.close()


def test_tone_keys_and_fields(page, live_server, kiosk_token):
    open_lookup(page, live_server, kiosk_token)
    type_on_screen(page, "chung thuc")
    expect(page.locator(".result-item").first).to_contain_text("Chứng thực")
    page.locator("#lookup-clear").click()
    type_on_screen(page, "đa")
    page.locator("#screen-lookup").get_by_label("Dấu ngã").click()
    expect(page.locator("#lookup-query")).to_have_value("đã")
    page.locator("#lookup-clear").click()
    page.locator(".field-chip", has_text="Xây dựng").click()
    expect(page.locator(".result-item")).to_have_count(9)  # the sample's construction field
    names = page.locator(".result-item-meta").all_inner_texts()
    assert all(text.startswith("Xây dựng") for text in names)


def test_a_long_list_comes_a_page_at_a_time(page, live_server, kiosk_token):
    open_lookup(page, live_server, kiosk_token)
    page.locator(".field-chip", has_text="Tất cả").click()
    expect(page.locator("#lookup-count")).to_have_text("57 thủ tục")  # the sample catalogue
    expect(page.locator(".result-item")).to_have_count(30)
    more = page.locator("#lookup-more")
    expect(more).to_have_text("Xem thêm (còn 27 thủ tục)")
    first_page = page.locator(".result-item-name").all_inner_texts()
    more.click()
    expect(page.locator(".result-item")).to_have_count(57)
    expect(more).to_have_count(0)
    names = page.locator(".result-item-name").all_inner_texts()
    assert names[:30] == first_page and len(set(names)) == 57


@pytest.mark.parametrize("shape", SIZES)
def test_screens_fit_at_kiosk_sizes(browser, live_server, kiosk_token, shape):
    width, height = SIZES[shape]
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/kiosk/?token={kiosk_token}")
    page.locator(".tile", has_text="Hộ tịch").wait_for()
    page.screenshot(path=str(SHOTS / f"kiosk-start-{width}x{height}.png"))
    expect(page.locator("#lookup-start")).to_be_in_viewport()
    page.locator("#lookup-start").click()
    type_on_screen(page, "dkkd")
    expect(page.locator("#lookup-count")).to_have_text("9 thủ tục")
    page.screenshot(path=str(SHOTS / f"kiosk-lookup-{width}x{height}.png"))
    for key in ("#lookup-back", "#screen-lookup .key-space", "#screen-lookup .key-tone >> nth=4"):
        expect(page.locator(key)).to_be_in_viewport(ratio=1)
    page.locator(".result-item").first.click()
    expect(page.locator("#procedure-take")).to_be_in_viewport(ratio=1)
    expect(page.locator("#procedure-back")).to_be_in_viewport(ratio=1)
    page.screenshot(path=str(SHOTS / f"kiosk-procedure-{width}x{height}.png"))
    context.close()


def test_the_list_and_keys_follow_the_language_toggle(page, live_server, kiosk_token):
    open_lookup(page, live_server, kiosk_token)
    page.locator(".field-chip", has_text="Xây dựng").click()
    expect(page.locator("#lookup-count")).to_have_text("9 thủ tục")
    page.locator("#lang-toggle").click()
    expect(page.locator("#lookup-count")).to_have_text("9 procedures")
    metas = page.locator(".result-item-meta")
    expect(metas).to_have_count(9)
    expect(metas.first).to_contain_text("Construction")
    assert not any("Xây dựng" in text or "ngày làm việc" in text
                   for text in metas.all_inner_texts())
    expect(page.locator("#screen-lookup .key-space")).to_have_text("Space")
    page.locator(".result-item").first.click()
    expect(page.locator("#procedure-meta")).to_contain_text("Field: Construction")

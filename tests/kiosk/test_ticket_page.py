"""The citizen's phone page hears every change of its ticket at once, and stays readable."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.live, pytest.mark.browser]

PUSH_WITHIN_MS = 5000  # well under the page's 20 s poll: only a push arrives this soon


def open_ticket(page, live_server, api, kiosk_token, service):
    issued = api.issue(kiosk_token, service).json()
    page.goto(f"{live_server.url}/t/{issued['public_code']}")
    expect(page.locator("#status")).to_contain_text("Đang chờ")
    return issued


@pytest.mark.parametrize(("service", "counter", "steps"), [
    ("CT", 6, [("start", "Đang được phục vụ"), ("finish", "Đã hoàn thành")]),
    ("HT", 9, [("no-show", "vắng mặt")]),
], ids=["finish", "no-show"])
def test_counter_actions_are_pushed_to_the_phone(page, live_server, api, kiosk_token,
                                                 clerk_tokens, service, counter, steps):
    open_ticket(page, live_server, api, kiosk_token, service)
    for action, shown in [("open", None), ("call-next", f"quầy số {counter}"), *steps]:
        assert api.counter(clerk_tokens[counter], counter, action).status_code == 200
        if shown is not None:
            expect(page.locator("#status")).to_contain_text(shown, timeout=PUSH_WITHIN_MS)


def test_english_line_in_the_green_call_box_is_as_readable_as_the_vietnamese(
        page, live_server, api, kiosk_token, clerk_tokens):
    open_ticket(page, live_server, api, kiosk_token, "XD")
    assert api.counter(clerk_tokens[3], 3, "open").status_code == 200
    assert api.counter(clerk_tokens[3], 3, "call-next").status_code == 200
    english = page.locator("#status [lang=en]")
    expect(english).to_be_visible(timeout=PUSH_WITHIN_MS)
    box_colour = page.locator("#status").evaluate("el => getComputedStyle(el).color")
    assert english.evaluate("el => getComputedStyle(el).color") == box_colour


def test_pages_load_without_a_missing_icon(page, live_server, api, kiosk_token):
    missing = []
    page.on("response", lambda response: response.status == 404 and missing.append(response.url))
    issued = api.issue(kiosk_token, "DD").json()
    for path in ("/login", f"/kiosk/?token={kiosk_token}", f"/t/{issued['public_code']}"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith("favicon.svg")
    assert not missing


def test_phone_page_has_one_heading(page, live_server, api, kiosk_token):
    open_ticket(page, live_server, api, kiosk_token, "DD")
    expect(page.locator("h1")).to_have_count(1)

"""The kiosk's feedback screen has its own on-screen keyboard, for the message and the
contact fields alike, and it fits the kiosk in portrait and landscape."""

import pytest
from playwright.sync_api import expect

from tests.screens.layout_checks import layout_problems
from tests.screens.test_all_screens import (
    KIOSK_LANDSCAPE,
    KIOSK_PORTRAIT,
    kiosk_feedback,
    screens,  # noqa: F401 (the live centre's fixture, shared with the all-screens test)
)

pytestmark = [pytest.mark.live, pytest.mark.browser]


def press(page, *keys):
    for key in keys:
        page.locator("#feedback-keys .key", has_text=key).first.click()


@pytest.mark.parametrize("size", [KIOSK_PORTRAIT, KIOSK_LANDSCAPE], ids=["portrait", "landscape"])
def test_feedback_is_typed_on_the_screen_keyboard(browser, screens, size):  # noqa: F811
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        kiosk_feedback(page, screens)
        expect(page.locator("#feedback-keys")).to_be_visible()
        press(page, "g", "h", "ê")
        page.locator("#feedback-keys .key[aria-label='Dấu huyền']").click()
        expect(page.locator("#feedback-text")).to_have_value("ghề")
        page.locator("#feedback-phone").click()
        press(page, "0", "9")
        expect(page.locator("#feedback-phone")).to_have_value("09")
        expect(page.locator("#feedback-text")).to_have_value("ghề")
        problems = layout_problems(page, fixed_screen=True)
    finally:
        context.close()
    assert not problems, problems

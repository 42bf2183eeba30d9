"""Single-key shortcuts never steal a key from a focused control, and a clerk can switch
them off (WCAG 2.1.4); the console page has its heading and landmarks."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import log_in
from tests.support.console import open_console

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_space_on_a_focused_button_presses_that_button_not_call_next(
        live_server, api, centre, kiosk_token, page):
    open_console(page, live_server.url, "quay6", centre.password, 6)
    assert api.issue(kiosk_token, "CT").status_code == 201
    expect(page.locator("#waiting li")).not_to_have_count(0)
    toggle = page.get_by_role("button", name="VI / EN")
    toggle.focus()
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the button was pressed
    expect(page.locator("#current-number")).to_have_text("—")  # and nobody was called
    page.locator("#requeue").focus()
    page.keyboard.press("f")
    expect(page.locator("#current-number")).to_have_text("—")


def test_clerk_switches_letter_shortcuts_off_and_f1_still_calls(
        live_server, api, centre, kiosk_token, page):
    open_console(page, live_server.url, "quay7", centre.password, 7)
    issued = api.issue(kiosk_token, "CT").json()
    expect(page.locator(f'#waiting li[data-number="{issued["number"]}"]')).to_be_visible()
    page.locator("#letter-keys").uncheck()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Space")
    page.keyboard.press("g")
    expect(page.locator("#call-dialog")).not_to_be_visible()
    expect(page.locator("#current-number")).to_have_text("—")
    page.reload()
    expect(page.locator("#letter-keys")).not_to_be_checked()  # the choice is remembered
    expect(page.locator("button[data-action=call-next]")).to_be_enabled()
    page.keyboard.press("F1")
    expect(page.locator("#current-number")).not_to_have_text("—")


def test_console_has_a_heading_and_the_counter_picker_is_in_a_landmark(live_server, centre,
                                                                         page):
    log_in(page, live_server.url, "quay8", centre.password, "/counter/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main #picker")).to_be_visible()


def test_space_after_a_dialog_closes_calls_next_instead_of_reopening_the_dialog(
        live_server, api, centre, kiosk_token, page):
    open_console(page, live_server.url, "quay8", centre.password, 8)
    issued = api.issue(kiosk_token, "HT").json()
    expect(page.locator(f'#waiting li[data-number="{issued["number"]}"]')).to_be_visible()
    page.click("#dossier-update")
    expect(page.locator("#dossier-status-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#dossier-status-dialog")).not_to_be_visible()
    # The dialog's close event (a task after Escape) moves focus from its button to the page.
    expect(page.locator("#console-page")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#current-number")).to_have_text(issued["number"])
    expect(page.locator("#dossier-status-dialog")).not_to_be_visible()


def test_a_refused_status_change_keeps_the_dialog_and_what_was_typed(
        live_server, centre, page):
    open_console(page, live_server.url, "quay9", centre.password, 9)
    page.click("#dossier-update")
    page.fill("#dossier-status-form input[name=code]", "KHONG-CO-MA-NAY")
    page.fill("#dossier-status-form input[name=reason]", "Thiếu giấy tờ")
    page.click("#dossier-status-form button.primary")
    expect(page.locator("#dossier-status-error")).not_to_be_empty()
    expect(page.locator("#dossier-status-dialog")).to_be_visible()
    expect(page.locator("#dossier-status-form input[name=code]")).to_have_value("KHONG-CO-MA-NAY")
    expect(page.locator("#dossier-status-form input[name=reason]")).to_have_value("Thiếu giấy tờ")

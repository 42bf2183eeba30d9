"""Every screen at its real sizes in Chromium: layout holds, axe-core finds nothing serious,
and a screenshot of each state is saved (``QMS_SCREENSHOT_DIR``, else the test's temp folder)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.screens.layout_checks import (
    accessibility_problems,
    clipped_text_problems,
    layout_problems,
)
from tests.support.browser import log_in
from tests.support.console import open_console

pytestmark = [pytest.mark.live, pytest.mark.browser]

KIOSK_PORTRAIT, KIOSK_LANDSCAPE = (1080, 1920), (1366, 768)
TV, TV_SMALL = (1920, 1080), (1366, 768)
PAD, PHONE, DESK = (1280, 800), (390, 844), (1366, 768)


def kiosk_start(page, env):
    page.goto(f"{env['url']}/kiosk/?token={env['tokens']['kiosk']}")
    expect(page.locator(".tile").first).to_be_visible()


def kiosk_screen(button: str, shown: str):
    """Open the kiosk, tap ``button`` and wait for ``shown``."""
    def open_page(page, env):
        kiosk_start(page, env)
        page.click(button)
        expect(page.locator(shown).first).to_be_visible()
    return open_page


kiosk_priority = kiosk_screen("#priority-start", ".category")
kiosk_dossier_lookup = kiosk_screen("#dossier-lookup-start", "#screen-dossier")
kiosk_feedback = kiosk_screen("#feedback-start", ".category-choice")


def kiosk_result(page, env):
    kiosk_start(page, env)
    page.locator(".tile:not(.closed)").first.click()
    expect(page.locator("#result-number")).not_to_be_empty()


def kiosk_lookup_more(page, env):
    """Every procedure, a page at a time: the first page with its Xem thêm button."""
    kiosk_start(page, env)
    page.click("#lookup-start")
    page.locator(".field-chip", has_text="Tất cả").click()
    expect(page.locator("#lookup-more")).to_be_visible()


def kiosk_procedure(page, env):
    kiosk_lookup_more(page, env)
    page.locator(".result-item").first.click()
    expect(page.locator("#procedure-take")).to_be_visible()


def in_english(opener, toggle: str = "#lang-toggle"):
    """The same state after the screen's language toggle."""
    def open_page(page, env):
        opener(page, env)
        page.locator(toggle).first.click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    open_page.__name__ = opener.__name__ + "_in_english"
    return open_page


def kiosk_feedback_in_english(page, env):
    in_english(kiosk_start)(page, env)
    page.click("#feedback-start")
    expect(page.locator("#feedback-text")).to_have_attribute("placeholder", "Your message")


def tv_idle(page, env):
    page.goto(f"{env['url']}/display/?token={env['tokens']['display']}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")


def tv_calling(page, env):
    tv_idle(page, env)
    ticket = env["call"](2)
    expect(page.locator("#latest-number")).to_have_text(ticket["number"])


def tv_busy(page, env):
    """Calls at three counters within a moment: the recent calls list and several tiles fill."""
    tv_idle(page, env)
    for counter in (3, 4, 6):
        ticket = env["call"](counter)
    # The big number follows the voice, which says the calls one after another.
    expect(page.locator("#latest-number")).to_have_text(ticket["number"], timeout=30_000)


def pad_idle(page, env):
    page.goto(f"{env['url']}/vote/?token={env['tokens']['vote-pad']}")
    expect(page.locator("#pad-counter")).to_contain_text("Quầy")


def pad_rating(page, env):
    pad_idle(page, env)
    env["serve"](1)
    expect(page.locator("#screen-rating")).to_be_visible()


def pad_reasons(page, env):
    pad_rating(page, env)
    page.keyboard.press("4")
    expect(page.locator("#screen-reasons")).to_be_visible()


def phone_waiting(page, env):
    issued = env["api"].issue(env["tokens"]["kiosk"], "CDCS").json()
    page.goto(f"{env['url']}/t/{issued['public_code']}")
    expect(page.locator("#status")).not_to_be_empty()


def phone_called(page, env):
    ticket = env["call"](5)
    page.goto(f"{env['url']}/t/{ticket['public_code']}")
    expect(page.locator("#status")).to_contain_text("5")


def public_page(path: str, ready: str):
    def open_page(page, env):
        page.goto(env["url"] + path)
        expect(page.locator(ready).first).to_be_visible()
    open_page.__name__ = path
    return open_page


def login_page(page, env):
    page.goto(f"{env['url']}/login")


def console_picker(page, env):
    log_in(page, env["url"], "quay10", env["password"], "/counter/")
    expect(page.locator("#picker")).to_be_visible()


def console_serving(page, env):
    env["api"].issue(env["tokens"]["kiosk"], "HT")
    open_console(page, env["url"], "quay8", env["password"], 8)
    page.locator("button[data-action=call-next]").click()
    expect(page.locator("#current-number")).not_to_have_text("—")


def console_serving_in_english(page, env):
    in_english(console_serving, "[data-lang-toggle]")(page, env)
    expect(page.locator("[data-agenda-totals]")).to_contain_text("Booked 0")


def console_dossier_dialog(page, env):
    console_serving(page, env)
    page.click("#dossier-new")
    expect(page.locator("#dossier-dialog")).to_be_visible()


def staff_page(path: str, username: str = "admin"):
    def open_page(page, env):
        log_in(page, env["url"], username, env["password"], path)
    open_page.__name__ = path
    return open_page


def audit_log(page, env):
    staff_page("/admin/audit")(page, env)
    expect(page.locator(".audit tbody tr").first).not_to_be_empty()  # says so when nothing changed


def dashboard_with_data(page, env):
    log_in(page, env["url"], "quanly", env["password"], "/dashboard/")
    expect(page.locator("#services tbody tr").first).to_be_visible()


def dashboard_in_english(page, env):
    in_english(dashboard_with_data)(page, env)
    expect(page.locator("#live-state")).to_have_text("Live")


def reports_with_data(page, env):
    log_in(page, env["url"], "quanly", env["password"], "/reports/")
    page.click("#report-form button[type=submit]")
    expect(page.locator("#report-table tbody tr").first).to_be_visible()


def overview_with_data(page, env):
    log_in(page, env["url"], "quanly", env["password"], "/reports/overview")
    expect(page.locator("#overview-table tbody tr").first).to_be_visible()
    expect(page.locator("#chart-trend svg")).to_be_visible()


# (name, opener, viewport, fixed screen: every button must be on screen without scrolling)
STATES = [
    ("kiosk-start-portrait", kiosk_start, KIOSK_PORTRAIT, True),
    ("kiosk-start-landscape", kiosk_start, KIOSK_LANDSCAPE, True),
    ("kiosk-priority-portrait", kiosk_priority, KIOSK_PORTRAIT, True),
    ("kiosk-priority-landscape", kiosk_priority, KIOSK_LANDSCAPE, True),
    ("kiosk-result-portrait", kiosk_result, KIOSK_PORTRAIT, True),
    ("kiosk-result-landscape", kiosk_result, KIOSK_LANDSCAPE, True),
    ("kiosk-start-english", in_english(kiosk_start), KIOSK_LANDSCAPE, True),
    ("kiosk-lookup-portrait", kiosk_lookup_more, KIOSK_PORTRAIT, True),
    ("kiosk-lookup-landscape", kiosk_lookup_more, KIOSK_LANDSCAPE, True),
    ("kiosk-lookup-english", in_english(kiosk_lookup_more), KIOSK_LANDSCAPE, True),
    ("kiosk-procedure-portrait", kiosk_procedure, KIOSK_PORTRAIT, True),
    ("kiosk-dossier-landscape", kiosk_dossier_lookup, KIOSK_LANDSCAPE, True),
    ("kiosk-feedback-portrait", kiosk_feedback, KIOSK_PORTRAIT, True),
    ("kiosk-feedback-landscape", kiosk_feedback, KIOSK_LANDSCAPE, True),
    ("kiosk-feedback-english", kiosk_feedback_in_english, KIOSK_PORTRAIT, True),
    ("tv-idle", tv_idle, TV, True),
    ("tv-calling", tv_calling, TV, True),
    ("tv-calling-small", tv_calling, TV_SMALL, True),
    ("tv-busy", tv_busy, TV, True),
    ("tv-busy-small", tv_busy, TV_SMALL, True),
    ("pad-idle", pad_idle, PAD, True),
    ("pad-rating", pad_rating, PAD, True),
    ("pad-reasons", pad_reasons, PAD, True),
    ("pad-reasons-english", in_english(pad_reasons, "[data-lang-toggle]"), PAD, True),
    ("phone-waiting", phone_waiting, PHONE, False),
    ("phone-called", phone_called, PHONE, False),
    ("booking-phone", public_page("/booking/?site=TPBK", "h1"), PHONE, False),
    ("dossier-search-phone", public_page("/hs/", "h1"), PHONE, False),
    ("feedback-phone", public_page("/gop-y/", "textarea"), PHONE, False),
    ("login", login_page, DESK, True),
    ("console-picker", console_picker, DESK, True),
    ("console-serving", console_serving, DESK, True),
    ("console-serving-english", console_serving_in_english, DESK, True),
    ("console-dossier", console_dossier_dialog, DESK, True),
    ("admin-home", staff_page("/admin/"), DESK, False),
    ("admin-users", staff_page("/admin/users/"), DESK, False),
    ("admin-user-new", staff_page("/admin/users/new"), DESK, False),
    ("admin-devices", staff_page("/admin/devices/"), DESK, False),
    ("admin-sites", staff_page("/admin/sites/"), DESK, False),
    ("admin-site-edit", staff_page("/admin/sites/1"), DESK, False),
    ("admin-services", staff_page("/admin/services/"), DESK, False),
    ("admin-audit", audit_log, DESK, False),
    ("admin-procedures", staff_page("/admin/procedures/"), DESK, False),
    ("dashboard", dashboard_with_data, DESK, False),
    ("dashboard-english", dashboard_in_english, DESK, False),
    ("reports", reports_with_data, DESK, False),
    ("reports-english", in_english(reports_with_data), DESK, False),
    ("reports-dossiers", staff_page("/reports/dossiers", "quanly"), DESK, False),
    ("reports-feedback", staff_page("/reports/feedback", "quanly"), DESK, False),
    ("reports-roster", staff_page("/reports/roster", "quanly"), DESK, False),
    ("reports-overview", overview_with_data, DESK, False),
    ("reports-overview-wall", overview_with_data, TV, False),
]


@pytest.fixture(scope="module")
def screens(live_server, api, centre, clerk_tokens):
    """The live centre with helpers that put a ticket on a counter for the screens to show."""
    kiosk = centre.tokens["kiosk"]

    def call(counter: int) -> dict:
        service = {2: "DD", 3: "XD", 4: "DKKD", 5: "CDCS", 6: "CT"}[counter]
        api.counter(clerk_tokens[counter], counter, "open")
        assert api.issue(kiosk, service).status_code == 201
        called = api.counter(clerk_tokens[counter], counter, "call-next")
        assert called.status_code == 200, called.text
        return called.json()

    def serve(counter: int) -> None:
        """Serve every waiting Đất đai ticket at ``counter`` so its vote pad asks for a rating."""
        clerk = clerk_tokens[counter]
        api.counter(clerk, counter, "open")
        assert api.issue(kiosk, "DD").status_code == 201
        while api.counter(clerk, counter, "call-next").status_code == 200:
            assert api.counter(clerk, counter, "finish").status_code == 200

    return {"url": live_server.url, "api": api, "tokens": centre.tokens,
            "password": centre.password, "call": call, "serve": serve}


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("QMS_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(("name", "opener", "size", "fixed_screen"), STATES,
                         ids=[state[0] for state in STATES])
def test_screen_holds_at_its_size(browser, screens, shots, name, opener, size, fixed_screen):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        opener(page, screens)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(shots / f"{name}.png"))
        problems = layout_problems(page, fixed_screen=fixed_screen)
        problems += clipped_text_problems(page)
        problems += accessibility_problems(page)
    finally:
        context.close()
    assert not problems, f"{name} at {size[0]}×{size[1]}:\n" + "\n".join(problems)

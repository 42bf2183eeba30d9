"""Security headers on every answer, and a Content-Security-Policy every page passes: each
screen is opened in Chromium, works, and reports no violation."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.support.browser import log_in
from tests.support.console import open_console

pytestmark = pytest.mark.live

WATCH = ("window.qmsCsp = [];"
         "document.addEventListener('securitypolicyviolation', (e) =>"
         " window.qmsCsp.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.mark.parametrize("path", ["/login", "/api/v1/services", "/kiosk/", "/display/",
                                  "/nothing-here", "/static/qms.css"])
def test_every_answer_carries_the_security_headers(live_server, path):
    headers = requests.get(live_server.url + path, timeout=10).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    page.csp_console = []
    page.on("console", lambda message: page.csp_console.append(message.text)
            if "Content Security Policy" in message.text else None)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.qmsCsp") + page.csp_console


@pytest.mark.browser
def test_device_screens_run_under_the_policy(watched, live_server, centre, api):
    page = watched
    page.goto(f"{live_server.url}/kiosk/?token={centre.tokens['kiosk']}")
    page.locator(".tile", has_text="Đất đai").wait_for()
    assert violations(page) == []
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    assert violations(page) == []
    page.goto(f"{live_server.url}/vote/?token={centre.tokens['vote-pad']}")
    expect(page.locator("#pad-counter")).to_contain_text("Quầy")
    assert violations(page) == []
    issued = api.issue(centre.tokens["kiosk"], "DD").json()
    page.goto(f"{live_server.url}/t/{issued['public_code']}")
    expect(page.locator("body")).to_contain_text(issued["number"])
    assert violations(page) == []
    # The watch does see a violation: an injected inline script is blocked and reported.
    page.evaluate("() => { const s = document.createElement('script');"
                  " s.textContent = 'window.injected = 1'; document.body.append(s); }")
    page.wait_for_function("() => window.qmsCsp.length > 0")
    assert page.evaluate("window.injected") is None


@pytest.mark.browser
def test_staff_pages_run_under_the_policy(watched, live_server, centre):
    page = watched
    open_console(page, live_server.url, "quay3", centre.password, 3)
    assert violations(page) == []
    log_in(page, live_server.url, "admin", centre.password, "/admin/")
    for path in ("/admin/", "/admin/devices/", "/admin/audit", "/dashboard/", "/reports/",
                 "/admin/no-such-thing/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert violations(page) == [], path


@pytest.mark.browser
def test_confirmations_and_auto_submits_work_without_inline_script(watched, live_server,
                                                                    centre):
    page = watched
    log_in(page, live_server.url, "admin", centre.password, "/admin/")
    page.goto(live_server.url + "/admin/audit")
    with page.expect_navigation():
        page.select_option("select[name=entity]", "devices")
    assert "entity=devices" in page.url
    page.goto(live_server.url + "/admin/services/1")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("form[data-confirm] button").click()
    expect(page).to_have_url(re.compile(r"/admin/services/1$"))  # dismissed: nothing deleted
    assert violations(page) == []

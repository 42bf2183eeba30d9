"""The live dashboard: its JSON numbers, and the page updating in Chromium without reload."""

import pytest

from tests.support.browser import log_in

pytestmark = pytest.mark.live


def dashboard(api, token, site="TPBK"):
    response = api.call("GET", "/api/v1/dashboard", token, params={"site": site})
    assert response.status_code == 200, response.text
    return response.json()


def waiting_for(numbers: dict, code: str) -> int:
    return next(s["waiting"] for s in numbers["services"] if s["code"] == code)


def test_dashboard_numbers_follow_issue_and_call(api, centre, kiosk_token, clerk_tokens):
    manager = api.staff_token("quanly", centre.password)
    before = dashboard(api, manager)
    assert api.issue(kiosk_token, "DKKD").status_code == 201
    issued = dashboard(api, manager)
    assert waiting_for(issued, "DKKD") == waiting_for(before, "DKKD") + 1
    assert issued["longest_wait_s"] is not None and issued["today"]["issued"] == \
        before["today"]["issued"] + 1
    assert api.counter(clerk_tokens[4], 4, "open").status_code == 200
    assert api.counter(clerk_tokens[4], 4, "call-next").status_code == 200
    assert api.counter(clerk_tokens[4], 4, "finish").status_code == 200
    after = dashboard(api, manager)
    assert waiting_for(after, "DKKD") == waiting_for(before, "DKKD")
    assert after["today"]["served"] == before["today"]["served"] + 1
    assert after["today"]["avg_wait_s"] is not None
    assert after["counters"]["open"] >= 1


def test_clerks_may_not_read_the_dashboard(api, clerk_tokens):
    response = api.call("GET", "/api/v1/dashboard", clerk_tokens[1])
    assert response.status_code == 403


@pytest.mark.browser
def test_dashboard_page_updates_live_without_reload(page, live_server, api, centre, kiosk_token,
                                                    clerk_tokens):
    log_in(page, live_server.url, "quanly", centre.password, "/dashboard/")
    page.wait_for_selector("#live-state[data-state=live]")
    page.wait_for_function(
        "() => Number(document.getElementById('dashboard').dataset.refreshes) >= 1")
    page.evaluate("window.__sameDocument = true")
    cell = "#services tr[data-code=XD] td:nth-child(2)"
    waiting = int(page.inner_text(cell))
    serving = int(page.inner_text("#n-serving"))
    served = int(page.inner_text("#n-served"))

    assert api.issue(kiosk_token, "XD").status_code == 201
    page.wait_for_function(
        f"() => document.querySelector('{cell}').textContent === '{waiting + 1}'")
    assert page.inner_text("#n-longest") != "–"

    assert api.counter(clerk_tokens[3], 3, "open").status_code == 200
    assert api.counter(clerk_tokens[3], 3, "call-next").status_code == 200
    page.wait_for_function(f"() => document.querySelector('{cell}').textContent === '{waiting}'")
    page.wait_for_function(
        f"() => document.getElementById('n-serving').textContent === '{serving + 1}'")

    assert api.counter(clerk_tokens[3], 3, "finish").status_code == 200
    page.wait_for_function(
        f"() => document.getElementById('n-served').textContent === '{served + 1}'")
    assert page.evaluate("window.__sameDocument") is True

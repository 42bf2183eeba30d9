"""The counter console and vote pad in headless Chromium: a whole visit, and the clerk's keys."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import Counter, Service, Ticket, User, Vote
from tests.support.console import action_button, open_console
from tests.support.visits import database

pytestmark = [pytest.mark.live, pytest.mark.browser]


def waiting_numbers(api, token) -> list[str]:
    response = api.call("GET", "/api/v1/queue", token)
    assert response.status_code == 200
    return [ticket["number"] for ticket in response.json()["tickets"]]


def test_whole_visit_from_kiosk_to_vote(live_server, centre, kiosk_token, page):
    """A citizen taps the kiosk, the TV calls them, the clerk serves, the citizen votes."""
    kiosk = page.context.new_page()
    kiosk.goto(f"{live_server.url}/kiosk/?token={kiosk_token}")
    with kiosk.expect_response("**/api/v1/tickets") as answer:
        kiosk.locator(".tile", has_text="Đất đai").click()
    issued = answer.value.json()
    expect(kiosk.locator("#result-number")).to_have_text(issued["number"])

    tv = page.context.new_page()
    tv.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    expect(tv.locator("#connection")).to_have_attribute("data-state", "connected")

    open_console(page, live_server.url, "quay1", centre.password, 1)
    expect(page.locator(f'#waiting li[data-number="{issued["number"]}"]')).to_be_visible()
    action_button(page, "Gọi số tiếp theo").click()
    expect(page.locator("#current-number")).to_have_text(issued["number"])
    expect(tv.locator("#latest-number")).to_have_text(issued["number"])
    expect(tv.locator("#latest-counter")).to_have_text("1")

    pad = page.context.new_page()
    pad.goto(f"{live_server.url}/vote/?token={centre.tokens['vote-pad']}")
    expect(pad.locator("#pad-counter")).to_contain_text("Quầy 1")
    expect(pad.locator("#screen-idle")).to_be_visible()
    assert "token" not in pad.url  # read once, kept in localStorage

    action_button(page, "Kết thúc").click()
    expect(pad.locator("#screen-rating")).to_be_visible()
    expect(pad.locator("#rating-number")).to_have_text(issued["number"])
    pad.get_by_role("button", name="Rất hài lòng").click()
    expect(pad.locator("#screen-thanks")).to_be_visible()

    with database(centre) as session:
        vote = session.scalar(select(Vote).where(Vote.ticket_id == issued["id"]))
        assert vote is not None and vote.rating == 4
        assert session.get(Counter, vote.counter_id).number == 1
        assert session.get(User, vote.clerk_id).username == "quay1"
        assert session.get(Service, vote.service_id).code == "DD"
        assert session.get(Ticket, vote.ticket_id).status == "done"


def test_double_click_on_call_next_calls_exactly_one_ticket(live_server, api, centre,
                                                            kiosk_token, clerk_tokens, page):
    first, second = (api.issue(kiosk_token, "XD").json() for _ in range(2))
    open_console(page, live_server.url, "quay3", centre.password, 3)
    call_next = action_button(page, "Gọi số tiếp theo")
    expect(call_next).to_be_enabled()
    call_next.dblclick()
    expect(page.locator("#current-number")).to_have_text(first["number"])
    expect(call_next).to_be_enabled()  # every request the double click made has answered
    assert second["number"] in waiting_numbers(api, clerk_tokens[3])
    counters = api.call("GET", "/api/v1/counters", clerk_tokens[3]).json()["counters"]
    assert next(c for c in counters if c["number"] == 3)["ticket"]["number"] == first["number"]


def test_expired_session_is_said_plainly(live_server, centre, page):
    open_console(page, live_server.url, "quay4", centre.password, 4)
    page.context.clear_cookies()
    page.keyboard.press("F1")
    banner = page.locator("#expired")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Phiên đăng nhập đã hết hạn")
    expect(banner.get_by_role("link", name="Đăng nhập lại")).to_have_attribute(
        "href", "/login?next=/counter/")
    expect(action_button(page, "Gọi số tiếp theo")).to_be_disabled()


def test_expired_session_is_noticed_without_a_click(live_server, centre, page):
    open_console(page, live_server.url, "quay2", centre.password, 2)
    page.context.clear_cookies()
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # back to the tab
    expect(page.locator("#expired")).to_contain_text("Phiên đăng nhập đã hết hạn")


def test_keyboard_shortcuts_live_list_transfer_call_and_pause(live_server, api, centre,
                                                              kiosk_token, clerk_tokens, page):
    open_console(page, live_server.url, "quay5", centre.password, 5)
    plain = api.issue(kiosk_token, "CDCS").json()
    urgent = api.issue(kiosk_token, "CDCS", priority=True).json()
    later = api.issue(kiosk_token, "CDCS").json()
    urgent_row = page.locator(f'#waiting li[data-number="{urgent["number"]}"]')
    expect(urgent_row.locator(".badge.priority")).to_have_text("Ưu tiên")  # live, no reload
    expect(page.locator("#waiting li")).to_have_count(3)

    # A counter's first call of the day takes the priority ticket (then 3 walk-ins to 1).
    page.keyboard.press("Space")
    expect(page.locator("#current-number")).to_have_text(urgent["number"])
    page.keyboard.press("t")
    page.select_option('#transfer-dialog select[name="service"]', "CT")
    page.locator("#transfer-dialog").get_by_role("button", name="Chuyển").click()
    expect(page.locator("#current-number")).to_have_text("—")
    queue = api.call("GET", "/api/v1/queue", clerk_tokens[5]).json()["tickets"]
    assert next(t for t in queue if t["id"] == urgent["id"])["service"] == "CT"

    page.keyboard.press("g")
    page.fill('#call-dialog input[name="number"]', later["number"])
    page.keyboard.press("Enter")
    expect(page.locator("#current-number")).to_have_text(later["number"])
    assert plain["number"] in waiting_numbers(api, clerk_tokens[5])

    page.keyboard.press("f")
    expect(page.locator("#current-number")).to_have_text("—")
    page.keyboard.press("p")
    expect(page.locator("#current-status")).to_have_text("Tạm dừng")
    expect(action_button(page, "Gọi số tiếp theo")).to_be_disabled()
    page.keyboard.press("p")
    expect(page.locator("#current-status")).to_have_text("Đang mở")

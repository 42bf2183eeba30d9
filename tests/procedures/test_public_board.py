"""The public board on TVs: what it posts, who may read it, and a call taking over at once."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.engine.days import VIETNAM
from server.models import utcnow

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-shots/procedures"))


def test_board_posts_procedures_roster_and_contacts(api, centre, clerk_tokens):
    board = api.call("GET", "/display/board", centre.tokens["display"]).json()
    fields = {field["service"]: field for field in board["fields"]}
    assert [field["service"] for field in board["fields"]] == ["DD", "XD", "DKKD", "CDCS", "CT",
                                                               "HT"]
    assert "Đăng ký khai sinh" in [p["name"] for p in fields["HT"]["procedures"]]
    today = utcnow().astimezone(VIETNAM).date()
    roster = api.call("GET", "/api/v1/roster", clerk_tokens[1],
                      params={"date": today.isoformat()}).json()["roster"]
    assert [entry["counter"] for entry in board["roster"]] == [e["counter"] for e in roster]
    assert board["date"] == today.strftime("%d/%m/%Y")
    assert board["feedback"]["office"].startswith("Văn phòng UBND tỉnh Thái Nguyên")


def test_only_displays_read_the_board(api, kiosk_token, clerk_tokens):
    assert api.call("GET", "/display/board").status_code == 401
    assert api.call("GET", "/display/board", kiosk_token).status_code == 403
    assert api.call("GET", "/display/board", clerk_tokens[1]).status_code == 403


def test_a_call_takes_over_the_board_at_once(browser, live_server, centre, api, kiosk_token,
                                             clerk_tokens):
    token = centre.add_device("display", "TV sảnh", settings={"board": "always"})
    context = browser.new_context(locale="vi-VN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{live_server.url}/display/?token={token}")
    board = page.locator("#public-board")
    expect(board).to_be_visible()
    expect(board.locator("h2")).to_have_text("Thủ tục hành chính — Đất đai")
    expect(page.locator("#recent-box")).to_be_hidden()
    expect(board.locator(".pb-page")).to_be_in_viewport(ratio=1)
    expect(board.locator("li").last).to_be_in_viewport(ratio=1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "tv-board-1920x1080.png"))
    ticket = api.issue(kiosk_token, "DD").json()
    api.counter(clerk_tokens[1], 1, "open")
    assert api.counter(clerk_tokens[1], 1, "call", number=ticket["number"]).status_code == 200
    expect(page.locator("#latest-number")).to_have_text(ticket["number"])
    expect(board).to_be_hidden()
    expect(page.locator("#recent-box")).to_be_visible()
    context.close()

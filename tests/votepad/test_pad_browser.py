"""The vote pad page in headless Chromium: keys, reasons, the time-out and the language toggle."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import Vote
from tests.support.pad import open_pad
from tests.support.visits import database, serve_visit

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_unhappy_vote_with_reasons_from_a_keypad(live_server, api, centre, kiosk_token,
                                                 clerk_tokens, pads, page):
    open_pad(page, live_server.url, pads[9])
    ticket = serve_visit(api, kiosk_token, clerk_tokens[9], 9, "HT")
    expect(page.locator("#rating-number")).to_have_text(ticket["number"])
    expect(page.locator('.rating[data-key="4"]')).to_contain_text("Không hài lòng")
    page.keyboard.press("4")
    expect(page.locator("#screen-reasons")).to_be_visible()
    page.keyboard.press("1")
    page.keyboard.press("3")
    expect(page.locator('#reasons [aria-pressed="true"]')).to_have_count(2)
    page.keyboard.press("Enter")
    expect(page.locator("#screen-thanks")).to_be_visible()
    with database(centre) as session:
        vote = session.scalar(select(Vote).where(Vote.ticket_id == ticket["id"]))
        assert (vote.rating, vote.reason) == (1, "Chờ lâu; Hướng dẫn chưa rõ")


def test_happy_vote_by_key_and_reload_keeps_the_token(live_server, api, centre, kiosk_token,
                                                      clerk_tokens, pads, page):
    open_pad(page, live_server.url, pads[8])
    page.goto(f"{live_server.url}/vote/")  # the token stays in localStorage
    expect(page.locator("#pad-counter")).to_contain_text("Quầy 8")
    ticket = serve_visit(api, kiosk_token, clerk_tokens[8], 8, "HT")
    expect(page.locator("#screen-rating")).to_be_visible()
    page.keyboard.press("2")
    expect(page.locator("#screen-thanks")).to_be_visible()
    with database(centre) as session:
        assert session.scalar(select(Vote.rating).where(Vote.ticket_id == ticket["id"])) == 3


def test_unanswered_pad_times_out_to_idle(live_server, api, centre, kiosk_token, clerk_tokens,
                                          page):
    token = centre.add_device("vote-pad", "Máy đánh giá nhanh quầy 6", counter_number=6,
                              settings={"vote_timeout_s": 1})
    open_pad(page, live_server.url, token)
    serve_visit(api, kiosk_token, clerk_tokens[6], 6, "CT")
    expect(page.locator("#screen-rating")).to_be_visible()
    expect(page.locator("#screen-idle")).to_be_visible()


def test_language_toggle_and_unknown_token(live_server, centre, page):
    open_pad(page, live_server.url, centre.tokens["vote-pad"])
    page.get_by_role("button", name="VI / EN").click()
    expect(page.locator('.rating[data-rating="4"] .label')).to_have_text("Very satisfied")
    page.goto(f"{live_server.url}/vote/?token=qmsd_not-a-real-token")
    expect(page.locator("#pad-error")).to_be_visible()

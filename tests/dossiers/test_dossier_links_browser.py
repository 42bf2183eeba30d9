"""Linking a dossier on the console and rating it on the vote pad, in headless Chromium."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import DossierRating, TicketDossier
from tests.support.console import action_button, open_console
from tests.support.pad import open_pad
from tests.support.visits import database

pytestmark = [pytest.mark.live, pytest.mark.browser]

BODY = {"procedure": "Cấp giấy phép xây dựng", "applicant_name": "Trần Thị Bình",
        "received_at": "2026-12-01T08:15:00+07:00", "due_date": "2030-12-20",
        "status": "received", "phone": "0912 345 678"}


@pytest.fixture(scope="module")
def software(centre):
    return centre.add_device("integration", "Phần mềm một cửa tỉnh")


def put_dossier(api, software, code):
    answer = api.call("PUT", f"/api/v1/dossiers/{code}", software, json=BODY)
    assert answer.status_code == 201, answer.text
    return code


def call_and_open_the_link_dialog(page, url, centre, counter: int, number: str) -> None:
    """At counter ``counter``'s console, call ``number`` and open the dialog that links a
    dossier to that visit."""
    open_console(page, url, f"quay{counter}", centre.password, counter)
    action_button(page, "Gọi số tiếp theo").click()
    expect(page.locator("#current-number")).to_have_text(number)
    page.get_by_role("button", name="Gắn hồ sơ").click()
    expect(page.locator("#dossier-link-ticket")).to_contain_text(number)


def test_scanning_the_receipt_on_the_console_links_the_dossier(live_server, centre, api,
                                                               kiosk_token, software, page):
    code = put_dossier(api, software, "000.00.12.H26-261207-2001")
    issued = api.issue(kiosk_token, "DD").json()
    call_and_open_the_link_dialog(page, live_server.url, centre, 2, issued["number"])
    # A keyboard-wedge scanner types the QR's address, in lower case, then Enter.
    page.locator("#dossier-link-form input[name=code]").type(
        f"https://hcc.example.vn/hs/{code.lower()}\n")
    expect(page.locator("#dossier-link-dialog")).not_to_be_visible()
    with database(centre) as session:
        links = session.scalars(select(TicketDossier).where(
            TicketDossier.ticket_id == issued["id"])).all()
        assert [(link.kind, link.source) for link in links] == [("received", "counter")]


def test_the_pad_rates_the_dossier_then_the_visit(live_server, centre, api, kiosk_token,
                                                 clerk_tokens, pads, software, page):
    open_pad(page, live_server.url, pads[3])
    issued = api.issue(kiosk_token, "XD").json()
    called = api.counter(clerk_tokens[3], 3, "call-next")
    assert called.json()["id"] == issued["id"]
    code = put_dossier(api, software, "000.00.12.H26-261207-2002")
    assert api.call("POST", f"/api/v1/dossiers/{code}/link", software,
                    json={"counter": 3}).status_code == 201
    expect(page.locator("#screen-dossier")).to_be_visible()
    expect(page.locator("#dossier-rating-code")).to_have_text(code)
    expect(page.locator('[data-criterion="attitude"] button[data-score="4"]')).to_have_text(
        "Rất hài lòng")
    for criterion, score in [("attitude", 4), ("guidance", 3), ("time", 2)]:
        page.locator(f'[data-criterion="{criterion}"] button[data-score="{score}"]').click()
    # The visit finishes meanwhile: its own rating waits for the dossier's.
    assert api.counter(clerk_tokens[3], 3, "finish").status_code == 200
    expect(page.locator("#screen-dossier")).to_be_visible()
    page.locator('[data-criterion="result"] button[data-score="4"]').click()
    expect(page.locator("#screen-dossier-thanks")).to_be_visible()
    with database(centre) as session:
        rating = session.scalar(select(DossierRating))
        assert rating.scores == {"attitude": 4, "guidance": 3, "time": 2, "result": 4}
        assert rating.channel == "pad" and rating.ticket_id == issued["id"]
    expect(page.locator("#screen-rating")).to_be_visible()
    expect(page.locator("#rating-number")).to_have_text(issued["number"])


def test_the_clerk_scans_a_dossier_while_serving_then_the_citizen_rates_it_on_the_pad(
        live_server, centre, api, kiosk_token, pads, software, page, browser):
    """One visit end to end: the console links through POST /counters/4/serving/dossiers,
    the pad at that counter asks and rates through POST /ratings."""
    pad_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                      viewport={"width": 1280, "height": 800})
    pad = pad_context.new_page()
    try:
        open_pad(pad, live_server.url, pads[4])
        code = put_dossier(api, software, "000.00.12.H26-261207-2003")
        issued = api.issue(kiosk_token, "DKKD").json()
        call_and_open_the_link_dialog(page, live_server.url, centre, 4, issued["number"])
        with page.expect_response("**/api/v1/counters/4/serving/dossiers") as linked:
            page.locator("#dossier-link-form input[name=code]").type(code + "\n")
        assert linked.value.status == 201
        expect(page.locator("#dossier-link-dialog")).not_to_be_visible()
        # The citizen, at the pad of the same counter, is asked about this dossier.
        expect(pad.locator("#screen-dossier")).to_be_visible()
        expect(pad.locator("#dossier-rating-code")).to_have_text(code)
        with pad.expect_response("**/api/v1/ratings") as rated:
            for criterion, score in [("attitude", 4), ("guidance", 4), ("time", 3),
                                     ("result", 3)]:
                pad.locator(f'[data-criterion="{criterion}"] '
                            f'button[data-score="{score}"]').click()
        assert rated.value.status == 201
        expect(pad.locator("#screen-dossier-thanks")).to_be_visible()
        pad.screenshot(path=str(live_server.instance / "pad-dossier-thanks.png"))
    finally:
        pad_context.close()
    with database(centre) as session:
        [link] = session.scalars(select(TicketDossier).where(
            TicketDossier.ticket_id == issued["id"])).all()
        assert (link.kind, link.source) == ("received", "counter")
        rating = session.scalar(select(DossierRating).where(
            DossierRating.ticket_id == issued["id"]))
        assert rating.scores == {"attitude": 4, "guidance": 4, "time": 3, "result": 3}
        assert (rating.channel, rating.kind, rating.clerk_id) == ("pad", "received",
                                                                  link.clerk_id)

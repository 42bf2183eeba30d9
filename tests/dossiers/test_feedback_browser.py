"""Feedback in Chromium: the vote pad invites it after an unhappy vote, the phone sends it,
the manager replies in the inbox, the citizen reads the reply; the kiosk's form."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import log_in
from tests.support.pad import open_pad
from tests.support.visits import serve_visit

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-screenshots"))


def context(browser, width, height):
    return browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                               viewport={"width": width, "height": height})


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_unhappy_vote_to_reply_read_on_the_phone(live_server, api, centre, kiosk_token,
                                                 clerk_tokens, pads, browser):
    pad = context(browser, 1280, 800).new_page()
    open_pad(pad, live_server.url, pads[9])
    ticket = serve_visit(api, kiosk_token, clerk_tokens[9], 9, "HT")
    expect(pad.locator("#rating-number")).to_have_text(ticket["number"])
    pad.keyboard.press("4")
    expect(pad.locator("#screen-reasons")).to_be_visible()
    pad.keyboard.press("Enter")
    expect(pad.locator("#feedback-invite")).to_be_visible()
    expect(pad.locator("#feedback-qr")).to_have_attribute(
        "src", f"/gop-y/qr.svg?ticket={ticket['public_code']}")
    pad.wait_for_function("() => document.getElementById('feedback-qr').naturalWidth > 0")
    fits(pad)
    shot(pad, "votepad-feedback-invite-1280x800")

    phone = context(browser, 390, 844).new_page()
    phone.goto(f"{live_server.url}/gop-y/?ticket={ticket['public_code']}")
    phone.select_option("#category", "waiting")
    phone.fill("#text", "Chờ hơn một giờ mà không được hướng dẫn <b>gì</b>.")
    phone.fill("#name", "Phạm Văn Dũng")
    shot(phone, "phone-feedback-form-390x844")
    with phone.expect_response("**/api/v1/feedback") as sent:
        phone.get_by_role("button", name=re.compile("Gửi")).click()
    code = sent.value.json()["code"]
    expect(phone.locator("#feedback-code")).to_have_text(code)
    fits(phone)
    shot(phone, "phone-feedback-sent-390x844")

    inbox = context(browser, 1366, 768).new_page()
    log_in(inbox, live_server.url, "quanly", centre.password, "/reports/feedback")
    item = inbox.locator(f"#feedback-{code}")
    expect(item).to_contain_text("<b>gì</b>")  # shown as typed, never as markup
    expect(item).to_contain_text(f"phiếu {ticket['number']}")
    item.locator("textarea[name=reply]").fill("Xin lỗi quý khách, trung tâm đã bố trí thêm quầy.")
    item.get_by_role("button", name="Trả lời").click()
    expect(inbox.locator(f"#feedback-{code} .feedback-reply")).to_contain_text("bố trí thêm quầy")
    fits(inbox)
    shot(inbox, "reports-feedback-inbox-1366x768")

    phone.goto(f"{live_server.url}/gop-y/{code}")
    expect(phone.locator("#feedback-reply")).to_contain_text("bố trí thêm quầy")
    expect(phone.locator(".status")).to_contain_text("Đã trả lời")
    shot(phone, "phone-feedback-reply-390x844")
    for page in (pad, phone, inbox):
        page.context.close()


def test_kiosk_feedback_form(live_server, kiosk_token, browser):
    for width, height in ((1080, 1920), (1366, 768)):
        kiosk = context(browser, width, height).new_page()
        kiosk.goto(f"{live_server.url}/kiosk/?token={kiosk_token}")
        kiosk.locator("#feedback-start").click()
        expect(kiosk.locator("#screen-feedback")).to_be_visible()
        phone = kiosk.locator("#feedback-phone")
        expect(phone).to_have_attribute("placeholder", "Số điện thoại (không bắt buộc)")
        kiosk.locator("#lang-toggle").click()  # the hints follow the toggle on the form itself
        expect(phone).to_have_attribute("placeholder", "Phone (optional)")
        kiosk.locator("#lang-toggle").click()
        expect(phone).to_have_attribute("placeholder", "Số điện thoại (không bắt buộc)")
        kiosk.locator(".category-choice", has_text="Thái độ phục vụ").click()
        expect(kiosk.locator(".category-choice.chosen")).to_have_text("Thái độ phục vụ")
        kiosk.fill("#feedback-text", "Cán bộ quầy 3 rất tận tình.")
        with kiosk.expect_response("**/api/v1/feedback") as sent:
            kiosk.get_by_role("button", name="Gửi phản ánh").click()
        assert sent.value.status == 201
        code = sent.value.json()["code"]
        expect(kiosk.locator("#feedback-message")).to_contain_text(code)
        expect(kiosk.locator("#feedback-message")).not_to_contain_text("/gop-y/")
        expect(kiosk.locator("#feedback-form-qr")).to_have_attribute("src", f"/gop-y/{code}/qr.svg")
        kiosk.wait_for_function(
            "() => document.getElementById('feedback-form-qr').naturalWidth > 0")
        expect(kiosk.locator("#feedback-qr-caption")).to_have_text(
            "Quét mã để xem câu trả lời của Bộ phận một cửa.")
        fits(kiosk)
        shot(kiosk, f"kiosk-feedback-{width}x{height}")
        assert kiosk.locator("#feedback-message").bounding_box()["y"] < height
        done = kiosk.locator("#feedback-done")
        expect(done).to_be_in_viewport(ratio=1)  # a citizen who has sent it can leave
        done.click()
        expect(kiosk.locator("#screen-services")).to_be_visible()
        kiosk.locator("#feedback-start").click()
        expect(kiosk.locator("#feedback-form-qr")).to_have_attribute("src", "/gop-y/qr.svg")
        expect(done).to_be_hidden()
        back = kiosk.locator("#feedback-back")
        kiosk.goto(f"{live_server.url}/kiosk/")
        kiosk.locator("#feedback-start").click()
        box = back.bounding_box()
        assert box["y"] + box["height"] <= height, "Back is below the fold"
        kiosk.context.close()

"""The TV page in headless Chromium: live calls, queued announcements, settings, layout."""

import pytest
from playwright.sync_api import expect

from tests.support.display import call_at_counter

pytestmark = [pytest.mark.live, pytest.mark.browser]

# Play announcements 16× faster: the test checks order and completeness, not speech speed.
FAST_AUDIO = ("() => { const audio = window.qmsDisplay.announcer.audio;"
              " audio.defaultPlaybackRate = 16; audio.playbackRate = 16; }")
PLAYED = "() => window.qmsDisplay.announcer.played"


def open_display(page, live_server, token):
    page.goto(f"{live_server.url}/display/?token={token}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    page.evaluate(FAST_AUDIO)


def test_without_a_token_the_page_explains_the_setup(page, live_server):
    page.goto(f"{live_server.url}/display/")
    expect(page.locator("#setup")).to_be_visible()
    expect(page.locator("#setup h1")).to_have_text("Màn hình chưa được cài đặt")


def test_token_is_kept_and_stripped_from_the_address(page, live_server, centre):
    token = centre.tokens["display"]
    open_display(page, live_server, token)
    assert "token" not in page.url
    assert page.evaluate("localStorage.getItem('qms.display.token')") == token
    page.reload()  # no token in the address any more: it comes from localStorage
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(page.locator("#site-name")).to_have_text(
        "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên")


def test_call_shows_and_is_announced_then_recalled(
        page, live_server, centre, api, kiosk_token, clerk_tokens):
    audio_requests = []
    page.on("request", lambda request: "/display/audio/" in request.url
            and audio_requests.append(request.url))
    open_display(page, live_server, centre.tokens["display"])
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[3], 3, "XD")
    number = ticket["number"]
    expect(page.locator("#latest-number")).to_have_text(number)
    expect(page.locator("#latest-counter")).to_have_text("3")
    expect(page.locator('[data-counter="3"] .counter-ticket')).to_have_text(number)
    expect(page.locator("#recent li").first).to_have_attribute("data-ticket", number)

    assert api.counter(clerk_tokens[3], 3, "recall").status_code == 200
    key = str(ticket["id"])
    page.wait_for_function(f"() => window.qmsDisplay.announcer.played.includes('{key}:1')")
    played = [k for k in page.evaluate(PLAYED) if k.startswith(key + ":")]
    assert played == [f"{key}:0", f"{key}:1"]  # the call, then the recall, one after the other
    assert any(f"/display/audio/calls.wav?calls={number}-3&" in url for url in audio_requests)


def test_same_event_delivered_twice_is_announced_once(page, live_server, centre):
    open_display(page, live_server, centre.tokens["display"])
    accepted = page.evaluate("""() => {
        const call = {id: 999999, number: "9999", counter: 2, recall_count: 0,
                      audio_url: "/display/audio/9999/2.wav?site=TPBK"};
        const announcer = window.qmsDisplay.announcer;
        return [announcer.enqueue(call), announcer.enqueue(Object.assign({}, call)),
                announcer.enqueue(Object.assign({}, call, {recall_count: 1}))];
    }""")
    assert accepted == [True, False, True]


def test_waiting_counts_follow_the_queue(page, live_server, centre, api, kiosk_token):
    open_display(page, live_server, centre.tokens["display"])
    count = page.locator('[data-service="DKKD"] .count')
    before = int(count.inner_text())
    assert api.issue(kiosk_token, "DKKD").status_code == 201
    expect(count).to_have_text(str(before + 1))


def test_a_call_brings_the_counter_and_the_waiting_counts_with_it(
        page, live_server, centre, api, kiosk_token, clerk_tokens):
    open_display(page, live_server, centre.tokens["display"])
    count = page.locator('[data-service="HT"] .count')
    before = int(count.inner_text())
    assert api.issue(kiosk_token, "HT").status_code == 201
    expect(count).to_have_text(str(before + 1))
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[9], 9, "HT")  # issues one more
    expect(page.locator('[data-counter="9"] .counter-ticket')).to_have_text(ticket["number"])
    # Applied with the call, not by a later queue_changed: one waits, one was called.
    assert count.inner_text() == str(before + 1)
    expect(page.locator('[data-counter="9"]')).to_have_class("counter status-open is-latest")


def test_per_display_settings(page, live_server, centre, api, kiosk_token, clerk_tokens):
    token = centre.add_device("display", "Phòng chờ tầng 2", settings={
        "counters": [8, 9], "layout": "list", "language": "en", "last_calls": 3})
    open_display(page, live_server, token)
    expect(page.locator(".counter")).to_have_count(2)
    expect(page.locator("body")).to_have_class("layout-list")
    expect(page.locator("[data-i18n=recent]")).to_have_text("Recent calls")
    expect(page.locator("#date")).to_contain_text("day, ")
    expect(page.locator("#waiting li")).to_have_count(1)  # HT is what counters 8 and 9 serve
    other = call_at_counter(api, kiosk_token, clerk_tokens[4], 4, "DKKD")
    mine = call_at_counter(api, kiosk_token, clerk_tokens[8], 8, "HT")
    expect(page.locator("#latest-number")).to_have_text(mine["number"])
    expect(page.locator("#latest-service")).to_have_text("Civil status")
    assert f"{other['id']}:0" not in page.evaluate("() => window.qmsDisplay.announcer.seen")


@pytest.mark.parametrize("width, height", [(1920, 1080), (1366, 768)])
def test_layout_fits_the_tv(page, live_server, centre, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_display(page, live_server, centre.tokens["display"])
    overflow = page.evaluate("""() => {
        const bad = [];
        const fits = (el) => el.scrollWidth <= el.clientWidth + 1;
        document.querySelectorAll('.counter, .counter-ticket, .latest, .side section')
            .forEach((el) => {
                if (!fits(el)) bad.push(`${el.className} ${el.scrollWidth}/${el.clientWidth}`);
            });
        const root = document.documentElement;
        if (root.scrollHeight > innerHeight || root.scrollWidth > innerWidth) bad.push('page');
        return bad;
    }""")
    assert overflow == []
    number_height = page.locator("#latest-number").bounding_box()["height"]
    assert number_height > height * 0.10  # readable across the room

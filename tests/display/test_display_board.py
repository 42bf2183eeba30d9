"""What the TV's big panel and header say when nobody, or nobody any more, is invited."""

import pytest
from playwright.sync_api import expect

from tests.support.display import call_at_counter, device_with_token

pytestmark = [pytest.mark.live, pytest.mark.browser]


def open_display(page, live_server, token, width=1920, height=1080):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/display/?token={token}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")


def test_before_any_call_the_panel_asks_to_wait_instead_of_a_blank_invitation(
        page, live_server, centre):
    open_display(page, live_server, centre.tokens["display"])
    expect(page.locator("#latest-call")).to_be_hidden()  # no "Mời công dân có số — đến quầy"
    expect(page.locator("#latest-idle")).to_be_visible()
    expect(page.locator("#latest-idle")).to_contain_text("vui lòng chờ")


def test_a_finished_ticket_is_no_longer_invited(page, live_server, centre, api, kiosk_token,
                                                 clerk_tokens):
    open_display(page, live_server, centre.tokens["display"])
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[4], 4, "DKKD")
    expect(page.locator("#latest-number")).to_have_text(ticket["number"])
    assert api.counter(clerk_tokens[4], 4, "finish").status_code == 200
    expect(page.locator("#latest-idle")).to_be_visible()
    expect(page.locator("#latest-call")).to_be_hidden()
    expect(page.locator("#recent li").first).to_have_attribute("data-ticket", ticket["number"])


LONG_NAME = ("Trung tâm Phục vụ hành chính công cấp xã, Uỷ ban nhân dân phường Đức Xuân, "
             "tỉnh Thái Nguyên")


def test_site_name_stays_on_one_line_and_is_the_page_heading(page, live_server, centre):
    with device_with_token(centre, centre.tokens["display"]) as display:
        display.site.name = LONG_NAME
    for width, height in ((1920, 1080), (1366, 768)):
        open_display(page, live_server, centre.tokens["display"], width, height)
        heading = page.locator("h1#site-name")
        expect(heading).to_have_text(LONG_NAME)
        lines = heading.evaluate(
            "el => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)")
        assert lines < 1.5, (width, lines)
        assert heading.evaluate("el => el.scrollWidth <= el.clientWidth"), width


LONG_COUNTER_NAMES = {
    2: "Tiếp nhận và trả kết quả hồ sơ đất đai, tài nguyên và môi trường",
    3: "Quầy số 3 — Xây dựng, quy hoạch, giao thông và hạ tầng đô thị của phường",
}


def rename_counters(centre, names: dict[int, str]) -> dict[int, str]:
    """Give the display's counters new names; return the names they had."""
    with device_with_token(centre, centre.tokens["display"]) as display:
        counters = {c.number: c for c in display.site.counters}
        before = {number: counters[number].name for number in names}
        for number, name in names.items():
            counters[number].name = name
    return before


@pytest.fixture
def long_counter_names(centre):
    before = rename_counters(centre, LONG_COUNTER_NAMES)
    yield
    rename_counters(centre, before)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_a_long_counter_name_wraps_whole_and_keeps_the_counter_number(
        page, live_server, centre, long_counter_names, width, height):
    open_display(page, live_server, centre.tokens["display"], width, height)
    for number in LONG_COUNTER_NAMES:
        name = page.locator(f"[data-counter='{number}'] .counter-name")
        expect(name).to_contain_text(f"Quầy {number} · Tiếp nhận" if number == 2 else "Quầy số 3")
        inside = name.evaluate("""el => {
          const box = el.getBoundingClientRect(), card = el.parentElement.getBoundingClientRect();
          return el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1
            && box.left >= card.left - 1 && box.right <= card.right + 1
            && box.top >= card.top - 1 && box.bottom <= card.bottom + 1;
        }""")
        assert inside, (width, number, name.bounding_box())

"""Headless Chromium at the kiosk: a scanner types the card's line, the kiosk greets and issues."""

import pytest

from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.slips import start_server

pytestmark = [pytest.mark.live, pytest.mark.browser]

CARD = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Đức Xuân, Thái Nguyên|15042021"
ELDER = "019150001234||Trần Thị Bình|20031950|Nữ|Xã Tân Cương, Thái Nguyên|01072021"


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("idcard-browser"))
    token = centre.add_device("kiosk", "K-card")
    server = start_server(centre)
    yield {"server": server, "api": Api(server.url), "token": token}
    server.stop()


def open_kiosk(page, kiosk, size=(1080, 1920)):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{kiosk['server'].url}/kiosk/?token={kiosk['token']}")
    page.locator(".tile", has_text="Hộ tịch").wait_for()


def scan(page, line):
    """Send the keys a keyboard-wedge scanner in Unicode mode sends: one keydown per
    character (Vietnamese letters included), fast, with no field focused, then Enter.

    Playwright's keyboard knows only a US layout's keys, so the keys are dispatched here.
    """
    page.evaluate("""(line) => {
        document.activeElement && document.activeElement.blur();
        for (const key of [...line, "Enter"]) {
            document.body.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
        }
    }""", line)


def test_a_scan_greets_by_name_and_a_second_scan_gives_back_the_same_ticket(page, kiosk):
    open_kiosk(page, kiosk)
    scan(page, CARD)
    page.locator("#screen-citizen").wait_for()
    assert page.locator("#citizen-greeting").inner_text() == "Kính chào Ông Nguyễn Văn An"
    assert "3456" in page.locator("#citizen-id").inner_text()
    assert "001090123456" not in page.content()
    assert page.locator("#citizen-priority").is_hidden()
    page.locator("#citizen-continue").click()
    with page.expect_response("**/api/v1/tickets") as first:
        page.locator(".tile", has_text="Hộ tịch").click()
    assert first.value.status == 201
    number = first.value.json()["number"]
    page.locator("#done").click()
    scan(page, CARD)
    page.locator("#screen-citizen").wait_for()
    assert number in page.locator("#citizen-waiting").inner_text()
    page.locator("#citizen-continue").click()
    with page.expect_response("**/api/v1/tickets") as second:
        page.locator(".tile", has_text="Hộ tịch").click()
    assert second.value.status == 200 and second.value.json()["number"] == number
    page.locator("#result-existing").wait_for()
    assert page.locator("#result-number").inner_text() == number


def test_the_elderly_are_offered_the_priority_path(page, kiosk):
    open_kiosk(page, kiosk, size=(1366, 768))
    scan(page, ELDER)
    page.locator("#citizen-priority").wait_for()
    assert "Kính chào Bà Trần Thị Bình" in page.locator("#citizen-greeting").inner_text()
    page.screenshot(path=str(kiosk["server"].instance / "idcard-elder.png"))
    page.locator("#citizen-take-priority").click()
    assert page.locator("#priority-banner").is_visible()
    with page.expect_response("**/api/v1/tickets") as issued:
        page.locator(".tile", has_text="Hộ tịch").click()
    assert issued.value.json()["priority"] is True


def test_a_line_that_is_not_a_card_says_so_and_issues_nothing(page, kiosk):
    open_kiosk(page, kiosk)
    with page.expect_response("**/api/v1/citizens/scan") as answer:
        scan(page, "001190123456||Nguyễn Văn An|01011990|Nam|")
    assert answer.value.status == 422
    page.locator("#screen-error").wait_for()
    assert "không khớp" in page.locator("#error-message").inner_text()


def test_the_number_typed_on_the_keypad(page, kiosk):
    open_kiosk(page, kiosk)
    page.locator("#idcard-start").click()
    for digit in "00109012345":
        page.locator("#idcard-keys .key", has_text=digit).first.click()
    page.locator("#idcard-form button[type=submit]").click()
    assert "12 chữ số" in page.locator("#idcard-message").inner_text()
    page.locator("#idcard-keys .key", has_text="6").click()
    page.locator("#idcard-form button[type=submit]").click()
    page.locator("#screen-citizen").wait_for()
    assert "3456" in page.locator("#citizen-id").inner_text()

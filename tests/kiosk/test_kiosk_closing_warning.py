"""Headless Chromium at the kiosk near closing time: warned first, a number only if asked."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.slips import start_server

pytestmark = [pytest.mark.live, pytest.mark.browser]


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("kiosk-closing"))
    token = centre.add_device("kiosk", "K3")
    server = start_server(centre)
    api = Api(server.url)
    yield {"server": server, "api": api, "token": token,
           "manager": api.staff_token("quanly", centre.password)}
    server.stop()


def waiting_tickets(kiosk, service: str) -> int:
    queue = kiosk["api"].call("GET", "/api/v1/queue", kiosk["manager"]).json()
    return sum(1 for ticket in queue["tickets"] if ticket["service"] == service)


def late_in_the_day(route):
    """Answer the kiosk's setup as the server would at 16:45 with a long queue in XD."""
    answer = route.fetch()
    setup = answer.json()
    for service in setup["services"]:
        if service["code"] == "XD":
            assert isinstance(service["likely_served_today"], bool)  # the server says
            service.update(likely_served_today=False, estimated_wait_s=5400, bookable=True)
    route.fulfill(response=answer, body=json.dumps(setup))


def test_the_kiosk_warns_before_issuing_a_number_unlikely_to_be_served_today(page, kiosk):
    page.route("**/kiosk/setup", late_in_the_day)
    page.goto(f"{kiosk['server'].url}/kiosk/?token={kiosk['token']}")
    tile = page.locator(".tile", has_text="Xây dựng")
    tile.wait_for()
    before = waiting_tickets(kiosk, "XD")
    tile.click()
    warning = page.locator("#screen-late")
    expect(warning).to_be_visible()
    expect(page.locator("#late-message")).to_have_text(
        "Có thể không kịp phục vụ trong hôm nay — quý khách có muốn đặt lịch hẹn?")
    expect(page.locator("#late-wait")).to_have_text("Thời gian chờ dự kiến: khoảng 90 phút")
    expect(page.locator("#late-book")).to_be_visible()
    booking_qr = re.compile(r"^/booking/qr\.svg\?site=")
    expect(page.locator("#late-qr")).to_have_attribute("src", booking_qr)
    assert waiting_tickets(kiosk, "XD") == before  # nothing issued while the citizen decides
    with page.expect_response("**/api/v1/tickets") as answer:
        page.locator("#late-take").click()
    assert answer.value.status == 201
    page.locator("#result-number").wait_for()
    assert waiting_tickets(kiosk, "XD") == before + 1

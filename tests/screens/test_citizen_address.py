"""A site that addresses citizens as "Ông/Bà" is followed on the TV, the vote pad and the
booking pages."""

import pytest
from playwright.sync_api import expect

from tests.appointments.support import booking, make_bookable, slots
from tests.support.display import device_with_token

pytestmark = [pytest.mark.live, pytest.mark.browser]


@pytest.fixture
def ong_ba(centre):
    """The display's site addresses citizens as Ông/Bà for the test."""
    with device_with_token(centre, centre.tokens["display"]) as display:
        display.site.citizen_address = "ong_ba"
    yield
    with device_with_token(centre, centre.tokens["display"]) as display:
        display.site.citizen_address = "quy_khach"


def test_tv_and_vote_pad_address_the_citizen_as_the_site_does(page, live_server, centre, ong_ba):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    expect(page.locator("#latest-idle")).to_have_text(
        "Ông/Bà vui lòng chờ, số được gọi sẽ hiện tại đây")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/vote/?token={centre.tokens['vote-pad']}")
    expect(page.locator("#pad-counter")).to_contain_text("Quầy")
    expect(page.locator("#screen-idle h1")).to_have_text("Xin chào Ông/Bà")
    assert "quý khách" not in page.locator("body").inner_text().lower()


def test_booking_pages_address_the_citizen_as_the_site_does(page, live_server, api, centre,
                                                            ong_ba):
    make_bookable(centre)
    start = slots(api)[-1]["start"]
    booked = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 501, site="TPBK"))
    assert booked.status_code == 201, booked.text
    assert booked.json()["citizen"] == {"start": "Ông/Bà", "inside": "Ông/Bà"}
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{booked.json()['manage_url']}")
    expect(page.locator("#howto")).to_contain_text("Ông/Bà lấy số được từ")
    page.goto(f"{live_server.url}/booking/?site=TPBK")
    citizen = page.locator("#booking").get_attribute("data-citizen")
    assert citizen == '{"inside": "Ông/Bà", "start": "Ông/Bà"}'

"""The TV page heals itself: a server restart is survived with nobody touching the TV."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import Site
from server.storage import unit_of_work
from tests.support.display import call_at_counter

pytestmark = [pytest.mark.live, pytest.mark.browser]

NEW_NOTICE = "Từ thứ Hai, bộ phận một cửa làm việc cả sáng thứ Bảy."

# How long a restarted server may take to answer again on a loaded machine: a ceiling on
# waiting, not a speed requirement.
RESTART_MS = 60_000

def set_notice(centre, text):
    app = centre.app()
    with unit_of_work(app) as session:
        session.scalar(select(Site).where(Site.code == "TPBK")).notice = text
    app.extensions["qms_engine"].dispose()


def test_page_recovers_after_restart_with_fresh_state_and_one_socket(
        page, live_server, centre, api, kiosk_token):
    sockets = {"open": 0}
    page.on("websocket", lambda ws: (sockets.__setitem__("open", sockets["open"] + 1),
                                     ws.on("close", lambda _ws: sockets.__setitem__(
                                         "open", sockets["open"] - 1))))
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    connection = page.locator("#connection")
    expect(connection).to_have_attribute("data-state", "connected")
    first = call_at_counter(api, kiosk_token, api.staff_token("quay1", centre.password), 1, "DD")
    expect(page.locator("#latest-number")).to_have_text(first["number"])

    live_server.stop()
    try:
        expect(connection).to_have_attribute("data-state", "disconnected")
        set_notice(centre, NEW_NOTICE)  # changed while the TV could not hear about it
    finally:
        live_server.start()  # the module's other tests need it back whatever happened

    expect(connection).to_have_attribute("data-state", "connected", timeout=RESTART_MS)
    expect(page.locator("#notice")).to_have_text(NEW_NOTICE)
    expect(page.locator("#latest-number")).to_have_text(first["number"])  # from the snapshot

    clerk = api.staff_token("quay2", centre.password)
    second = call_at_counter(api, kiosk_token, clerk, 2, "DD")
    expect(page.locator("#latest-number")).to_have_text(second["number"])
    assert sockets["open"] == 1
    assert page.evaluate("() => window.qmsDisplay.snapshots") == 2


def test_plain_restart_reconnects_and_takes_a_fresh_snapshot(page, live_server, centre):
    page.goto(f"{live_server.url}/display/?token={centre.tokens['display']}")
    connection = page.locator("#connection")
    expect(connection).to_have_attribute("data-state", "connected")
    live_server.restart()
    page.wait_for_function("() => window.qmsDisplay.snapshots === 2", timeout=RESTART_MS)
    expect(connection).to_have_attribute("data-state", "connected")
    expect(page.locator(".counter")).to_have_count(10)

"""A kiosk printer fails: the console and the dashboard say so at once, and staff reprint
the slip of a waiting ticket from either screen."""

import pytest
import socketio
from playwright.sync_api import expect
from sqlalchemy import func, select

from server.models import PrintJob, Site
from server.provision import add_device
from tests.screens.test_all_screens import log_in
from tests.support.console import open_console
from tests.support.visits import database

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_a_failed_printer_shows_on_console_and_dashboard_and_staff_reprint(
        live_server, api, centre, browser):
    with database(centre) as session:
        site = session.scalar(select(Site).where(Site.code == "TPBK"))
        _device, kiosk = add_device(session, site, "kiosk", "Máy lấy số tầng 3",
                                    printer_uri="agent://")
    issued = api.issue(kiosk, "HT").json()
    contexts = [browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                    viewport={"width": 1366, "height": 768}) for _ in range(2)]
    console, dashboard = (context.new_page() for context in contexts)  # two staff, two logins
    open_console(console, live_server.url, "quay8", centre.password, 8)
    log_in(dashboard, live_server.url, "quanly", centre.password, "/dashboard/")
    expect(dashboard.locator("#live-state")).to_have_attribute("data-state", "live")

    agent = socketio.Client(reconnection=False)
    agent.connect(live_server.url, namespaces=["/print-agent"], auth={"token": kiosk},
                  wait_timeout=10)
    try:
        agent.call("printer_status", {"state": "paper_out", "message": "paper roll is empty"},
                   namespace="/print-agent", timeout=10)
        for page in (console, dashboard):
            alert = page.locator("#printer-alert")
            expect(alert).to_be_visible()
            expect(alert).to_contain_text("Máy lấy số tầng 3: hết giấy")

        console.fill("#reprint-form input[name=number]", issued["number"])
        console.click("#reprint-form button[type=submit]")
        expect(console.locator("#reprint-form [data-reprint-result]")).to_contain_text(
            f"Đã gửi lệnh in lại số {issued['number']}")
        dashboard.fill("#reprint-form input[name=number]", "Z999")
        dashboard.click("#reprint-form button[type=submit]")
        expect(dashboard.locator("#reprint-form [data-reprint-result]")).to_contain_text(
            "Không có số Z999")
    finally:
        agent.disconnect()
        for context in contexts:
            context.close()
    with database(centre) as session:
        reprints = session.scalar(select(func.count()).where(
            PrintJob.ticket_id == issued["id"], PrintJob.reason == "staff_reprint"))
    assert reprints == 1

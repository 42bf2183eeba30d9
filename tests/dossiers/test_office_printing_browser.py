"""The console's "In phiếu" with an office printer at the counter: the form goes to that
printer and the clerk reads "Đã gửi in", then "Đã in"; no PDF tab opens, and the kiosk prints
none of it. A printer that is off shows at the counter, in words, while the spooler
retries."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import Counter, Site
from tests.support.centre import provision_demo
from tests.support.console import open_console
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.server import free_port
from tests.support.slips import start_server

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-screenshots"))


def set_office_printer(centre, uri: str) -> None:
    with centre.session() as session:
        session.scalars(select(Counter).join(Site).where(
            Site.code == "TPBK", Counter.number == 6)).one().office_printer_uri = uri


def give_guidance(console) -> None:
    console.locator("#dossier-new").click()
    dialog = console.locator("#dossier-dialog")
    dialog.locator("input[name=procedure]").fill("Chứng thực chữ ký")
    dialog.locator("input[name=applicant_name]").fill("Trần Thị Bình")
    dialog.locator("#dossier-not-received summary").click()
    dialog.locator("textarea[name=missing]").fill("CCCD")
    dialog.get_by_role("button", name="Hướng dẫn bổ sung").click()
    expect(console.locator("#last-form")).to_contain_text("Mẫu 02")


def console_page(browser):
    return browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                               viewport={"width": 1366, "height": 768}).new_page()


def test_print_form_sends_the_pdf_to_the_counters_office_printer(tmp_path, browser):
    centre = provision_demo(tmp_path / "centre")
    with FakeEscposPrinter(answers_status=False) as office, FakeEscposPrinter() as kiosk:
        centre.add_device("kiosk", "Máy in giấy hẹn", printer_uri=kiosk.uri,
                          settings={"receipt_counters": [6]})
        set_office_printer(centre, f"tcp://127.0.0.1:{office.port}")
        server = start_server(centre)
        try:
            console = console_page(browser)
            open_console(console, server.url, "quay6", centre.password, 6)
            give_guidance(console)
            with console.expect_response("**/form/print") as sent:
                console.locator("#print-form").click()
            assert sent.value.status == 202
            expect(console.locator("#print-form-status")).to_have_text("Đã gửi in")
            assert len(console.context.pages) == 1  # no PDF tab: the printer has it
            assert office.wait_for_bytes(1000, timeout=15)
            printed = office.received
            assert printed.startswith(b"%PDF")
            # The console follows the job: once the spooler has sent it, it says so.
            expect(console.locator("#print-form-status")).to_have_text("Đã in", timeout=15000)
            SHOTS.mkdir(parents=True, exist_ok=True)
            console.screenshot(path=SHOTS / "console-form-sent-to-office-printer-1366x768.png")
            assert b"%PDF" not in kiosk.received
        finally:
            server.stop()


def test_an_office_printer_that_is_off_shows_at_the_counter(tmp_path, browser):
    centre = provision_demo(tmp_path / "centre")
    set_office_printer(centre, f"tcp://127.0.0.1:{free_port()}")  # nothing listens
    server = start_server(centre)
    try:
        console = console_page(browser)
        open_console(console, server.url, "quay6", centre.password, 6)
        give_guidance(console)
        console.locator("#print-form").click()
        status = console.locator("#print-form-status")
        # Said in words, Vietnamese first; the socket's own error only in the tooltip.
        expect(status).to_have_text("Chưa in được: Máy in từ chối kết nối (printer refused the "
                                    "connection); đang thử lại…", timeout=15000)
        assert "refused" in status.get_attribute("title").lower()
        assert "127.0.0.1" not in status.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        console.screenshot(path=SHOTS / "console-office-printer-off-1366x768.png")
        console.locator("[data-lang-toggle]").click()
        expect(status).to_have_text("Not printed yet: printer refused the connection; "
                                    "retrying…")
    finally:
        server.stop()

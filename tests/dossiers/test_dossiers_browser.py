"""A dossier end to end in Chromium: received at the console, receipt printed, looked up."""

import os
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from printers import decode_tickets
from tests.support.centre import provision_demo
from tests.support.console import action_button, open_console
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.slips import start_server

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-screenshots"))


@pytest.fixture(scope="module")
def centre_with_printer(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("dossier-browser"))
    printer = FakeEscposPrinter()
    printer.start()
    kiosk = centre.add_device("kiosk", "Máy in giấy hẹn", printer_uri=printer.uri,
                              settings={"receipt_counters": [6]})
    server = start_server(centre)
    yield centre, server, printer, kiosk
    server.stop()
    printer.stop()


def context(browser, width, height):
    return browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                               viewport={"width": width, "height": height})


def assert_on_screen(page, locator):
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["y"] >= 0 and box["x"] >= 0
    assert box["y"] + box["height"] <= viewport["height"], "below the fold"
    assert box["x"] + box["width"] <= viewport["width"], "cut off on the right"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def test_received_at_the_console_printed_and_found_on_the_kiosk_and_phone(
        centre_with_printer, browser):
    centre, server, printer, kiosk_token = centre_with_printer
    api_ticket = None
    console = context(browser, 1366, 768).new_page()
    kiosk = context(browser, 1080, 1920).new_page()
    kiosk.goto(f"{server.url}/kiosk/?token={kiosk_token}")
    with kiosk.expect_response("**/api/v1/tickets") as answer:
        kiosk.locator(".tile", has_text="Chứng thực").click()
    api_ticket = answer.value.json()
    printer.wait_for_cut(timeout=10)
    printer.clear()

    open_console(console, server.url, "quay6", centre.password, 6)
    action_button(console, "Gọi số tiếp theo").click()
    expect(console.locator("#current-number")).to_have_text(api_ticket["number"])
    console.locator("#dossier-new").click()
    dialog = console.locator("#dossier-dialog")
    expect(dialog).to_be_visible()
    expect(console.locator("#dossier-ticket")).to_contain_text(api_ticket["number"])
    dialog.locator("input[name=procedure]").fill("Chứng thực chữ ký")
    dialog.locator("input[name=applicant_name]").fill("Nguyễn Văn An")
    dialog.locator("input[name=applicant_address]").fill("Tổ 3, phường Phan Đình Phùng")
    dialog.locator("textarea[name=documents]").fill("Giấy ủy quyền; 1; 0\nCCCD; 0; 1")
    dialog.locator("input[name=processing_days]").fill("1")
    shot(console, "console-dossier-dialog-1366x768")
    with console.expect_response("**/api/v1/dossiers") as created:
        dialog.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    dossier = created.value.json()
    expect(dialog).to_be_hidden()
    expect(console.locator("#message")).to_contain_text(f"Đã tiếp nhận hồ sơ {dossier['code']}")
    # The message gives the due hour as well as the day.
    expect(console.locator("#message")).to_contain_text(" ngày ")
    expect(console.locator("#dossiers-today")).to_contain_text(dossier["code"])
    assert dossier["ticket_id"] == api_ticket["id"]
    # Mẫu 01 opens as A4 PDF for the office printer; the kiosk printed only the 80 mm slip.
    expect(console.locator("#last-form")).to_contain_text("Mẫu 01")
    form_url = f"/api/v1/dossiers/{dossier['code']}/forms/01.pdf"
    assert console.locator("#print-form").get_attribute("data-url") == form_url
    with console.context.expect_page() as opened:
        console.locator("#print-form").click()
    assert opened.value.url.endswith(form_url)
    opened.value.close()
    pdf = console.request.get(server.url + form_url)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert b"/FontFile2" in pdf.body()
    shot(console, "console-form-01-1366x768")
    console.reload()  # the "just received" list survives a reload
    expect(console.locator("#dossiers-today")).to_contain_text(dossier["code"])
    shot(console, "console-dossier-received-1366x768")

    # The next papers are incomplete: guidance (Mẫu 02), no dossier.
    console.locator("#dossier-new").click()
    dialog.locator("input[name=procedure]").fill("Chứng thực chữ ký")
    dialog.locator("input[name=applicant_name]").fill("Trần Thị Bình")
    dialog.locator("#dossier-not-received summary").click()
    dialog.locator("textarea[name=missing]").fill("Bản chính giấy tờ cần chứng thực\nCCCD")
    guidance = dialog.get_by_role("button", name="Hướng dẫn bổ sung")
    guidance.scroll_into_view_if_needed()  # the dialog scrolls on a 768-pixel screen
    assert_on_screen(console, guidance)
    shot(console, "console-dossier-guidance-1366x768")
    with console.expect_response("**/api/v1/counters/6/outcomes") as guided:
        dialog.get_by_role("button", name="Hướng dẫn bổ sung").click()
    outcome = guided.value.json()
    assert outcome["missing"] == ["Bản chính giấy tờ cần chứng thực", "CCCD"]
    assert outcome["dossier"] is None and outcome["ticket_id"] == api_ticket["id"]
    expect(dialog).to_be_hidden()
    expect(console.locator("#message")).to_contain_text("Hướng dẫn bổ sung")
    expect(console.locator("#last-form")).to_contain_text("Mẫu 02")
    assert console.locator("#print-form").get_attribute("data-url") == outcome["form_url"]

    assert printer.wait_for_cut(timeout=10)
    assert len(decode_tickets(printer.received)) == 1

    kiosk.locator("#dossier-lookup-start").click()
    expect(kiosk.locator("#screen-dossier")).to_be_visible()
    for key in dossier["code"][:4]:
        kiosk.locator("#dossier-keys .key", has_text=key).first.click()
    kiosk.locator("#dossier-code").fill(dossier["code"].lower())
    kiosk.get_by_role("button", name="Tra cứu", exact=True).click()
    result = kiosk.locator("#dossier-result")
    expect(result).to_contain_text("N***n V*n A")
    expect(result).to_contain_text("Chứng thực chữ ký")
    expect(result).to_contain_text("Đã tiếp nhận")
    assert "Nguyễn Văn An" not in result.inner_text()
    shot(kiosk, "kiosk-dossier-lookup-1080x1920")
    kiosk.set_viewport_size({"width": 1366, "height": 768})
    shot(kiosk, "kiosk-dossier-lookup-1366x768")
    assert_on_screen(kiosk, kiosk.locator("#dossier-back"))
    assert_on_screen(kiosk, result)
    kiosk.locator("#dossier-code").fill("")
    kiosk.locator("#dossier-code").press_sequentially("ZZZ")
    expect(kiosk.locator("#dossier-keys")).to_be_visible()
    assert_on_screen(kiosk, kiosk.locator("#dossier-keys .key-back"))
    assert_on_screen(kiosk, kiosk.locator("#dossier-back"))
    shot(kiosk, "kiosk-dossier-keys-1366x768")

    phone = context(browser, 390, 844).new_page()
    phone.goto(f"{server.url}/hs/{dossier['code']}")
    expect(phone.locator("h1")).to_contain_text(dossier["code"])
    expect(phone.locator(".facts")).to_contain_text("N***n V*n A")
    day, month, year = dossier["due_date"].split("-")[::-1]
    expect(phone.locator(".facts")).to_contain_text(f"{day}/{month}/{year}")
    shot(phone, "phone-dossier-390x844")
    phone.goto(f"{server.url}/hs/?code=260101-NXTHEREZ")
    expect(phone.locator(".problem")).to_contain_text("Không tìm thấy hồ sơ")
    shot(phone, "phone-dossier-missing-390x844")
    for page in (console, kiosk, phone):
        page.context.close()


def test_the_kiosk_asks_for_four_digits_for_the_softwares_code(centre_with_printer, browser):
    centre, server, _printer, kiosk_token = centre_with_printer
    software = centre.add_device("integration", "Phần mềm một cửa tỉnh")
    code = "000.00.12.H26-261207-0042"
    body = {"procedure": "Cấp giấy phép xây dựng", "applicant_name": "Trần Thị Bình",
            "phone": "0912 345 678", "received_at": "2026-12-01T08:15:00+07:00",
            "due_date": "2026-12-20", "status": "refused",
            "reason": "Ông Trần Văn Cường, CCCD 001203004567"}
    put = requests.put(f"{server.url}/api/v1/dossiers/{code}", json=body, timeout=10,
                       headers={"Authorization": f"Bearer {software}"})
    assert put.status_code == 201, put.text
    kiosk = context(browser, 1080, 1920).new_page()
    kiosk.goto(f"{server.url}/kiosk/?token={kiosk_token}")
    kiosk.locator("#dossier-lookup-start").click()
    kiosk.locator("#dossier-code").fill(code)
    kiosk.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(kiosk.locator("#dossier-check")).to_be_visible()
    expect(kiosk.locator("#dossier-result")).to_contain_text("4 số cuối")
    for key in "5678":  # the on-screen keys now type the 4 digits
        kiosk.locator("#dossier-keys .key", has_text=key).first.click()
    expect(kiosk.locator("#dossier-check")).to_have_value("5678")
    kiosk.get_by_role("button", name="Tra cứu", exact=True).click()
    result = kiosk.locator("#dossier-result")
    expect(result).to_contain_text("T**n T*ị B")
    expect(result).to_contain_text("Từ chối")
    assert "001203004567" not in result.inner_text() and "Cường" not in result.inner_text()
    shot(kiosk, "kiosk-dossier-check-1080x1920")
    kiosk.context.close()

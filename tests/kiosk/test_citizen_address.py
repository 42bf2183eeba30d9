"""Citizens are addressed formally, as the site chooses: kiosk, phone page and slip."""

import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from printers import render_ticket
from server.models import Site
from server.storage import unit_of_work
from tests.support.slips import CITY_NAME, expected_slip, kiosk_with_printer, same_image

pytestmark = [pytest.mark.live, pytest.mark.browser]

KIOSK_SIZES = [(1080, 1920), (1366, 768)]


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    with kiosk_with_printer(tmp_path_factory.mktemp("citizen-address"), "K-address") as kiosk:
        yield kiosk


def set_citizen_address(centre, value: str) -> None:
    app = centre.app()
    with unit_of_work(app) as session:
        session.scalar(select(Site).where(Site.code == "TPBK")).citizen_address = value
    app.extensions["qms_engine"].dispose()


def screenshot(page, tmp_path: Path, name: str) -> None:
    """Save what the screen shows; QMS_SCREENSHOTS=folder keeps them for a person to look at."""
    folder = Path(os.environ.get("QMS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def take_ticket(page, kiosk, service: str) -> dict:
    page.goto(f"{kiosk['server'].url}/kiosk/?token={kiosk['token']}")
    page.locator(".tile", has_text=service).wait_for()
    with page.expect_response("**/api/v1/tickets") as answer:
        page.locator(".tile", has_text=service).click()
    page.locator("#result-number").wait_for()
    return answer.value.json()


@pytest.mark.parametrize("width, height", KIOSK_SIZES)
def test_kiosk_and_slip_say_quy_khach_by_default(browser, kiosk, tmp_path, width, height):
    set_citizen_address(kiosk["centre"], "quy_khach")
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    kiosk["printer"].clear()
    issued = take_ticket(page, kiosk, "Chứng thực")
    result = page.locator("#screen-result").inner_text()
    screenshot(page, tmp_path, f"kiosk-result-quy-khach-{width}x{height}")
    context.close()
    assert "Số thứ tự của quý khách" in result
    assert "bạn" not in result.lower()
    assert kiosk["printer"].wait_for_cut(timeout=10)
    assert same_image(kiosk["printer"].images()[0], render_ticket(expected_slip(issued)))


def test_a_site_that_says_ong_ba_says_it_everywhere(browser, kiosk, tmp_path):
    set_citizen_address(kiosk["centre"], "ong_ba")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    kiosk["printer"].clear()
    page.goto(f"{kiosk['server'].url}/kiosk/?token={kiosk['token']}")
    page.locator("#priority-start").click()
    assert page.locator("#screen-priority h2").inner_text() == "Ông/Bà thuộc diện ưu tiên nào?"
    issued = take_ticket(page, kiosk, "Hộ tịch")
    result = page.locator("#screen-result").inner_text()
    screenshot(page, tmp_path, "kiosk-result-ong-ba-1080x1920")
    assert "Số thứ tự của Ông/Bà" in result
    assert "Quét mã để theo dõi lượt của Ông/Bà" in result
    assert "Ông/Bà" in page.locator("#result-ahead").inner_text()

    slip = expected_slip(issued)
    assert kiosk["printer"].wait_for_cut(timeout=10)
    assert same_image(kiosk["printer"].images()[0], render_ticket(replace(slip, citizen="Ông/Bà")))
    assert not same_image(kiosk["printer"].images()[0], render_ticket(slip))

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    ticket_page = phone.new_page()
    ticket_page.goto(f"{kiosk['server'].url}/t/{issued['public_code']}")
    ticket_page.locator("#status", has_text="Đang chờ").wait_for()
    text = ticket_page.locator("main").inner_text()
    screenshot(ticket_page, tmp_path, "ticket-page-ong-ba-390x844")
    phone.close()
    context.close()
    set_citizen_address(kiosk["centre"], "quy_khach")
    assert "Số thứ tự của Ông/Bà" in text
    assert "bạn" not in text.lower()


def test_the_site_name_heads_the_kiosk_once(browser, kiosk):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{kiosk['server'].url}/kiosk/?token={kiosk['token']}")
    page.locator("#centre-name", has_text=CITY_NAME).wait_for()
    heading = page.locator(".kiosk-head").inner_text()
    context.close()
    assert heading.count("Trung tâm Phục vụ hành chính công") == 1

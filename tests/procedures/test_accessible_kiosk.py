"""The accessible kiosk: the current screen read aloud offline, large type, reset after use."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.services import require_program
from voice.reading import procedure_sentences, services_sentences, ticket_sentences

pytestmark = [pytest.mark.live, pytest.mark.browser]

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-shots/procedures"))


def test_sentences_address_the_citizen_formally_and_spell_numbers():
    ticket = ticket_sentences({"number": "6001", "service_name": "Hộ tịch", "waiting_ahead": 2,
                               "estimated_wait_s": 610,
                               "procedure": {"name": "Đăng ký khai sinh"}})
    assert ticket[0] == ("Số thứ tự của quý khách là sáu nghìn không trăm linh một, "
                         "lĩnh vực Hộ tịch.")
    assert "Có hai người đang chờ trước quý khách." in ticket
    assert "Thời gian chờ dự kiến khoảng mười một phút." in ticket
    procedure = procedure_sentences({
        "name": "Đăng ký khai sinh", "service_name": "Hộ tịch", "processing_days": 0,
        "fee": "Miễn lệ phí", "documents": [{"name": "Giấy chứng sinh", "kind": "original",
                                             "count": 1}]})
    assert "Thời hạn giải quyết: trong ngày." in procedure
    half = procedure_sentences({"name": "Chứng thực chữ ký", "service_name": "Chứng thực",
                                "processing_days": 0.5, "fee": "", "documents": []})
    assert "Thời hạn giải quyết: nửa ngày làm việc." in half
    longer = procedure_sentences({"name": "Chứng thực chữ ký", "service_name": "Chứng thực",
                                  "processing_days": 1.5, "fee": "", "documents": []})
    assert "Thời hạn giải quyết: một ngày rưỡi làm việc." in longer
    assert "Giấy chứng sinh, bản chính, một bản." in procedure
    tiles = services_sentences([{"name": "Đất đai", "open": True, "waiting": 3},
                                {"name": "Xây dựng", "open": False, "waiting": 0}])
    assert "Đất đai: đang chờ ba người." in tiles
    spoken = " ".join(ticket + procedure + tiles).lower()
    assert "quý khách" in spoken and " bạn " not in f" {spoken} "


def _wav(api, token, screen, code=""):
    return api.call("GET", f"/kiosk/read-aloud/{screen}.wav", token, params={"code": code})


def test_each_screen_is_read_as_wav(api, kiosk_token):
    require_program("espeak-ng")
    ticket = api.issue(kiosk_token, None, procedure="1.001193").json()
    for screen, code in [("services", ""), ("procedure", "1.001193"),
                         ("ticket", ticket["public_code"])]:
        answer = _wav(api, kiosk_token, screen, code)
        assert answer.status_code == 200, (screen, answer.text)
        assert answer.headers["Content-Type"] == "audio/wav"
        assert answer.content[:4] == b"RIFF" and len(answer.content) > 20_000


def test_read_aloud_refusals(api, centre, kiosk_token):
    assert _wav(api, None, "services").status_code == 401
    display = centre.tokens["display"]
    assert _wav(api, display, "services").status_code == 403
    assert _wav(api, kiosk_token, "procedure", "0.000000").status_code == 404
    assert _wav(api, kiosk_token, "ticket", "nope").status_code == 404
    assert _wav(api, kiosk_token, "settings").status_code == 404
    ward_kiosk = centre.add_device("kiosk", "Máy phường", site="DUCXUAN")
    city_ticket = api.issue(kiosk_token, "HT").json()
    assert _wav(api, ward_kiosk, "ticket", city_ticket["public_code"]).status_code == 404


@pytest.mark.parametrize("size", [(1366, 768), (1080, 1920)])
def test_large_type_and_read_aloud_reset_for_the_next_citizen(browser, live_server,
                                                             kiosk_token, size):
    require_program("espeak-ng")
    context = browser.new_context(locale="vi-VN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/?token={kiosk_token}")
    page.locator(".tile", has_text="Hộ tịch").wait_for()
    page.locator("#large-type").click()
    expect(page.locator("body")).to_have_class("kiosk access-large")
    with page.expect_response("**/kiosk/read-aloud/services.wav*") as spoken:
        page.locator("#read-aloud").click()
    assert spoken.value.status == 200
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"kiosk-large-{size[0]}x{size[1]}.png"))
    page.locator("#lookup-start").click()
    page.locator(".result-item", has_text="Đăng ký kết hôn").first.click()
    expect(page.locator("#procedure-name")).to_have_text("Đăng ký kết hôn")
    page.wait_for_function("() => [...document.querySelectorAll('.procedure-qr img')]"
                           ".every((image) => image.complete && image.naturalWidth > 0)")
    page.screenshot(path=str(SHOTS / f"kiosk-large-procedure-{size[0]}x{size[1]}.png"))
    expect(page.locator("#procedure-take")).to_be_in_viewport(ratio=1)
    with page.expect_response("**/kiosk/read-aloud/procedure.wav?code=1.000894") as spoken:
        page.keyboard.press("NumpadAdd")
    assert spoken.value.status == 200
    page.locator("#procedure-take").click()
    expect(page.locator("#result-number")).not_to_be_empty()
    page.locator("#done").click()
    expect(page.locator("body")).to_have_class("kiosk")
    expect(page.locator("#large-type")).to_have_attribute("aria-pressed", "false")
    context.close()

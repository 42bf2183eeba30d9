"""A day off on the working calendar closes the kiosk with its reason; admins maintain it."""

import os
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from server.engine.days import VIETNAM
from server.models import AdminAudit, CalendarDay, Service
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.server import LiveServer
from tests.support.staff import StaffBrowser

pytestmark = [pytest.mark.live, pytest.mark.browser]

ALL_WEEK = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                   "sun")}
SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-screenshots"))


def today() -> datetime:
    return datetime.now(VIETNAM).date()


@pytest.fixture(scope="module")
def closed_centre(tmp_path_factory):
    """A demo centre whose services keep opening hours, with today declared a Tết day off."""
    centre = provision_demo(tmp_path_factory.mktemp("day-off"))
    app = centre.app()
    with unit_of_work(app) as session:
        for service in session.scalars(select(Service)):
            service.opening_hours = ALL_WEEK
        session.add(CalendarDay(day=today(), kind="off", name="Nghỉ Tết Nguyên đán",
                                name_en="Lunar New Year holiday"))
    app.extensions["qms_engine"].dispose()
    server = LiveServer(centre.instance).start()
    yield centre, server
    server.stop()


def test_services_are_closed_with_the_reason(closed_centre):
    centre, server = closed_centre
    api = Api(server.url)
    listing = api.call("GET", "/api/v1/services?site=TPBK").json()
    assert listing["day_off"] == {"reason": "Nghỉ Tết Nguyên đán",
                                  "reason_en": "Lunar New Year holiday"}
    assert not any(service["open"] for service in listing["services"])
    refused = api.issue(centre.tokens["kiosk"], "HT")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "site_closed_today"
    assert "Nghỉ Tết Nguyên đán" in refused.json()["error"]["message"]


@pytest.mark.parametrize("size", [(1080, 1920), (1366, 768)])
def test_kiosk_shows_the_site_closed(closed_centre, browser, size):
    centre, server = closed_centre
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(f"{server.url}/kiosk/?token={centre.tokens['kiosk']}")
    banner = page.locator("#closed-banner")
    banner.wait_for()
    assert "Hôm nay trung tâm nghỉ: Nghỉ Tết Nguyên đán" in banner.inner_text()
    tile = page.locator(".tile", has_text="Hộ tịch")
    assert tile.is_disabled()
    assert "Hôm nay nghỉ: Nghỉ Tết Nguyên đán" in tile.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"kiosk-day-off-{size[0]}x{size[1]}.png")
    context.close()


def test_admin_adds_a_make_up_day_and_refuses_a_bad_date(closed_centre):
    centre, server = closed_centre
    admin = StaffBrowser(server.url, "admin", centre.password)
    bad = admin.post("/admin/calendar/new", {"day": "31/02/2026", "kind": "off", "name": "x"})
    assert bad.status_code == 422
    assert "dd/mm/yyyy" in bad.text
    made_up = admin.post("/admin/calendar/new", {"day": "10/01/2026", "kind": "working",
                                                 "site_id": "1", "name": "Làm bù"})
    assert made_up.status_code == 302, made_up.text
    again = admin.post("/admin/calendar/new", {"day": "10/01/2026", "kind": "off",
                                               "site_id": "1", "name": "Trùng"})
    assert again.status_code == 422
    listing = admin.get("/admin/calendar/").text
    assert "10/01/2026" in listing and "Ngày làm bù" in listing
    app = centre.app()
    with unit_of_work(app) as session:
        audit = session.scalars(select(AdminAudit).where(AdminAudit.entity == "calendar")).all()
        days = session.scalars(select(CalendarDay).where(CalendarDay.site_id == 1)).all()
    app.extensions["qms_engine"].dispose()
    assert [(row.action, row.after["day"]) for row in audit] == [("create", "2026-01-10")]
    assert [(day.day.isoformat(), day.kind) for day in days] == [("2026-01-10", "working")]

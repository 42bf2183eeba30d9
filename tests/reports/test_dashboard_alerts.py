"""The dashboard says how many citizens wait beyond their target, and names its ratings."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.models import Service, Site
from tests.support.browser import log_in
from tests.support.visits import database
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.live, pytest.mark.browser]


def overdue_now(api, token) -> dict:
    body = api.call("GET", "/api/v1/dashboard", token, params={"site": "TPBK"}).json()
    return {"total": body["waiting_overdue"],
            "XD": next(s["waiting_overdue"] for s in body["services"] if s["code"] == "XD")}


def test_citizens_waiting_beyond_target_are_counted_and_alerted(page, live_server, api, centre,
                                                                kiosk_token):
    with database(centre) as session:
        site = session.scalar(select(Site).where(Site.code == "TPBK"))
        session.scalar(select(Service).where(Service.site_id == site.id,
                                             Service.code == "XD")).target_wait_s = 0
        session.commit()
    manager = api.staff_token("quanly", centre.password)
    assert overdue_now(api, manager) == {"total": 0, "XD": 0}
    assert api.issue(kiosk_token, "XD").status_code == 201
    assert api.issue(kiosk_token, "DD").status_code == 201  # within its 30-minute target
    wait_until(lambda: overdue_now(api, manager) == {"total": 1, "XD": 1})

    log_in(page, live_server.url, "quanly", centre.password, "/dashboard/")
    expect(page.locator("#n-overdue")).to_have_text("1")
    expect(page.locator("#overdue-alert")).to_be_visible()
    expect(page.locator("#overdue-alert")).to_contain_text("Xây dựng (1)")
    expect(page.locator("#votes li")).to_have_count(4)
    expect(page.locator("#votes li[data-rating=\"4\"]")).to_have_text(
        re.compile(r"^Rất hài lòng: \d+$"))
    expect(page.locator("#votes")).not_to_contain_text("★")

"""Remote tickets: today's number from the phone, where the site allows it, within limits."""

import pytest
from sqlalchemy import select

from server.models import Site
from tests.support.visits import database

pytestmark = pytest.mark.live


def _remote(api, phone: str, service: str = "HT", site: str = "TPBK"):
    return api.call("POST", f"/api/v1/tickets/remote?site={site}",
                    json={"service": service, "phone": phone})


def test_a_phone_takes_todays_number_and_follows_it(api):
    taken = _remote(api, "0933 000 001")
    assert taken.status_code == 201, taken.text
    ticket = taken.json()
    assert ticket["channel"] == "remote" and ticket["appointment"] is False
    page = api.call("GET", ticket["status_url"])
    assert page.status_code == 200 and ticket["number"] in page.text


def test_limits_per_phone_and_per_day(api):
    assert _remote(api, "0933000002").status_code == 201
    assert _remote(api, "0933000002", service="DD").status_code == 201
    third = _remote(api, "0933000002")
    assert third.status_code == 429 and third.json()["error"]["code"] == "remote_limit"


def test_refusals_are_clear(api, centre):
    ward = _remote(api, "0933000003", service="CTHT", site="DUCXUAN")
    assert ward.status_code == 403 and ward.json()["error"]["code"] == "remote_not_allowed"
    assert "quý khách" in ward.json()["error"]["message"]
    bad_phone = _remote(api, "12345678901")
    assert bad_phone.status_code == 422 and bad_phone.json()["error"]["code"] == "invalid_phone"
    unknown = _remote(api, "0933000003", service="NOPE")
    assert unknown.status_code == 404
    with database(centre) as session:
        session.scalar(select(Site).where(Site.code == "TPBK")).remote_min_waiting = 50
    try:
        few = _remote(api, "0933000004")
        assert few.status_code == 409 and few.json()["error"]["code"] == "remote_not_needed"
    finally:
        with database(centre) as session:
            session.scalar(select(Site).where(Site.code == "TPBK")).remote_min_waiting = 0

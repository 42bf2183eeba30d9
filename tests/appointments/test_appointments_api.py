"""The appointments API against the live server: contract, refusals, roles and devices."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from server.engine.days import VIETNAM
from server.models import Appointment
from tests.appointments.support import booking, slots, today
from tests.support.visits import database

pytestmark = pytest.mark.live


def book_at_once(api, start: str, count: int, first: int) -> list:
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(
            lambda n: api.call("POST", "/api/v1/appointments", json=booking("DD", start, n)),
            range(first, first + count)))


def stored_bookings(centre, start: str) -> int:
    """Count live bookings in the database for the slot starting at ``start`` (local ISO)."""
    with database(centre) as session:
        booked = session.scalars(select(Appointment).where(Appointment.status == "booked"))
        return sum(appointment.start.astimezone(VIETNAM).isoformat() == start
                   for appointment in booked)


def test_slots_contract(api):
    listed = slots(api)
    assert listed, "the service is bookable around the clock"
    first = listed[0]
    assert set(first) == {"start", "capacity", "available"}
    assert first["start"].startswith(today()) and first["start"].endswith("+07:00")
    assert first["capacity"] == 5


def test_twenty_at_once_for_five_places_give_exactly_five(api, centre):
    start = slots(api)[1]["start"]
    answers = book_at_once(api, start, 20, first=100)
    statuses = sorted(response.status_code for response in answers)
    assert statuses == [201] * 5 + [409] * 15
    assert {r.json()["error"]["code"] for r in answers if r.status_code == 409} == {"slot_full"}
    assert stored_bookings(centre, start) == 5
    assert next(s for s in slots(api) if s["start"] == start)["available"] == 0


def test_a_place_given_back_is_offered_at_once_after_the_slot_was_full(api, centre):
    start = slots(api)[4]["start"]
    made = [r.json()["code"] for r in book_at_once(api, start, 8, first=300)
            if r.status_code == 201]
    assert len(made) == 5
    full = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 310))
    assert full.status_code == 409 and full.json()["error"]["code"] == "slot_full"
    assert api.call("DELETE", f"/api/v1/appointments/{made[0]}").status_code == 200
    again = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 311))
    assert again.status_code == 201, again.text
    assert stored_bookings(centre, start) == 5


def test_booking_answers_code_and_qr_and_can_be_moved_and_cancelled(api):
    free = [s["start"] for s in slots(api) if s["available"] == 5]
    created = api.call("POST", "/api/v1/appointments", json=booking("DD", free[2], 200))
    assert created.status_code == 201, created.text
    body = created.json()
    assert {"code", "service", "start"} <= set(body) and body["start"] == free[2]
    qr = api.call("GET", body["qr_url"])
    assert qr.status_code == 200 and qr.headers["Content-Type"].startswith("image/svg+xml")
    moved = api.call("POST", f"/api/v1/appointments/{body['code']}/reschedule",
                     json={"start": free[3]})
    assert moved.status_code == 200 and moved.json()["start"] == free[3]
    assert next(s for s in slots(api) if s["start"] == free[2])["available"] == 5
    cancelled = api.call("DELETE", f"/api/v1/appointments/{body['code']}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = api.call("DELETE", f"/api/v1/appointments/{body['code']}")
    assert again.status_code == 409 and again.json()["error"]["code"] == "appointment_closed"
    assert next(s for s in slots(api) if s["start"] == free[3])["available"] == 5


def test_bad_bookings_get_clear_errors_and_store_nothing(api, centre):
    with database(centre) as session:
        before = session.scalar(select(func.count()).select_from(Appointment))
    tomorrow = (date.fromisoformat(today()) + timedelta(days=1)).isoformat()
    cases = [
        ({"service": "DD", "start": f"{tomorrow}T10:05", "name": "A", "phone": "0911111111"},
         422, "no_such_slot"),
        ({"service": "XD", "start": f"{tomorrow}T10:00", "name": "A", "phone": "0911111111"},
         422, "not_bookable"),
        ({"service": "DD", "start": f"{tomorrow}T10:00", "name": "A", "phone": "12"},
         422, "invalid_payload"),
        ({"service": "DD", "start": f"{tomorrow}T10:00", "name": "A", "phone": "1234567890"},
         422, "invalid_phone"),
        ({"service": "DD", "start": "hôm nay", "name": "A", "phone": "0911111111"},
         422, "invalid_payload"),
        ({"service": "ZZ", "start": f"{tomorrow}T10:00", "name": "A", "phone": "0911111111"},
         404, "unknown_service"),
    ]
    for body, status, code in cases:
        response = api.call("POST", "/api/v1/appointments", json=body)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), body
        assert response.json()["error"]["message"] and response.json()["error"]["message_en"]
    unknown = api.call("GET", "/api/v1/appointments/NOPE2345")
    assert unknown.status_code == 404
    with database(centre) as session:
        assert session.scalar(select(func.count()).select_from(Appointment)) == before


def test_per_phone_limit(api):
    tomorrow = (date.fromisoformat(today()) + timedelta(days=2)).isoformat()
    body = {"service": "DD", "start": f"{tomorrow}T10:00", "name": "A", "phone": "0977777777"}
    codes = [api.call("POST", "/api/v1/appointments", json=body).status_code for _ in range(6)]
    assert codes[0] == 201 and codes[1:5] == [409] * 4 and codes[5] == 429


def test_who_may_book(api, centre):
    start = [s["start"] for s in slots(api) if s["available"] == 5][5]
    tokens = centre.tokens
    clerk = api.staff_token("quay1", centre.password)
    as_integration = api.call("POST", "/api/v1/appointments", tokens["integration"],
                              json=booking("DD", start, 300))
    assert as_integration.status_code == 201
    other_site = api.call("POST", "/api/v1/appointments", tokens["integration"],
                          json=booking("DD", start, 301, site="DUCXUAN"))
    assert other_site.status_code == 403 and other_site.json()["error"]["code"] == "other_site"
    for token in (tokens["kiosk"], tokens["display"], tokens["vote-pad"], clerk):
        refused = api.call("POST", "/api/v1/appointments", token, json=booking("DD", start, 302))
        assert refused.status_code == 403, token
    # A token that is no token at all is not a login: 401, as on every route.
    forged = api.call("POST", "/api/v1/appointments", "qmsd_forged", json=booking("DD", start, 302))
    assert forged.status_code == 401
    code = as_integration.json()["code"]
    ward_kiosk = api.call("POST", f"/api/v1/appointments/{code}/check-in", tokens["ward_kiosk"])
    assert ward_kiosk.status_code == 404


def test_check_in_needs_this_sites_kiosk(api, centre):
    start = slots(api)[0]["start"]  # the slot under way: on time now
    code = api.call("POST", "/api/v1/appointments", json=booking("DD", start, 400)).json()["code"]
    tokens = centre.tokens
    clerk = api.staff_token("quay1", centre.password)
    for token, status in [(None, 401), (tokens["display"], 403), (tokens["integration"], 403),
                          (clerk, 403), (tokens["ward_kiosk"], 404)]:
        response = api.call("POST", f"/api/v1/appointments/{code}/check-in", token)
        assert response.status_code == status, (token, response.text)
    arrived = api.call("POST", f"/api/v1/appointments/{code.lower()}/check-in", tokens["kiosk"])
    assert arrived.status_code == 201, arrived.text
    ticket = arrived.json()
    assert ticket["appointment"] is True and ticket["number"].startswith("1")
    assert ticket["late"] is False and ticket["status_url"].startswith("/t/")
    replay = api.call("POST", f"/api/v1/appointments/{code}/check-in", tokens["kiosk"])
    assert replay.status_code == 200 and replay.json()["id"] == ticket["id"]


def test_staff_see_the_days_bookings_of_their_site_only(api, centre):
    clerk = api.staff_token("quay1", centre.password)
    listed = api.call("GET", "/api/v1/appointments", clerk)
    assert listed.status_code == 200
    body = listed.json()
    assert body["totals"]["booked"] >= 5 and body["totals"]["checked_in"] >= 1
    person = body["slots"][0]["appointments"][0]
    assert "***" in person["phone"]
    ward = api.staff_token("ducxuan", centre.password)
    assert api.call("GET", "/api/v1/appointments?site=TPBK", ward).status_code == 403
    assert api.call("GET", "/api/v1/appointments").status_code == 401
    assert api.call("GET", "/api/v1/appointments", centre.tokens["kiosk"]).status_code == 403

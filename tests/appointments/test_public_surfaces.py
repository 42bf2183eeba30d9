"""The public (no login) booking, remote-ticket and kiosk routes, in process: what they show
a stranger and what a deactivated site still does."""

import pytest
from sqlalchemy import select

from server.models import Site
from tests.appointments.support import bookable_centre, booking, today
from tests.support.visits import database


@pytest.fixture
def centre(tmp_path):
    return bookable_centre(tmp_path / "instance", remote_tickets=True, remote_per_phone=2)


@pytest.fixture
def client(centre):
    app = centre.app(BOOKING_RATE_LIMIT="500/60", BOOKING_PHONE_LIMIT="500/60")
    yield app.test_client()
    app.extensions["qms_engine"].dispose()


def first_slot(client) -> str:
    answer = client.get(f"/api/v1/appointments/slots?service=DD&date={today()}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["slots"][1]["start"]


def book_one(client, n: int = 1) -> dict:
    body = booking("DD", first_slot(client), n) | {"name": "Nguyễn Văn An"}
    answer = client.post("/api/v1/appointments", json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_booking_shows_the_public_its_name_and_phone_masked(client):
    booked = book_one(client, 7)
    shown = client.get(f"/api/v1/appointments/{booked['code']}").get_json()
    for view in (booked, shown):
        assert view["name"] == "N***n V*n A"
        assert view["phone"] == "*******007"
    assert "Nguyễn" not in str(shown) and "0900000007" not in str(shown)


def test_booking_look_ups_and_qr_codes_are_rate_limited(centre):
    app = centre.app(BOOKING_LOOKUP_RATE_LIMIT="3/60")
    client = app.test_client()
    answers = [client.get(f"/api/v1/appointments/NOSUCH{n:02d}").status_code for n in range(4)]
    qr = client.get("/api/v1/appointments/NOSUCH99/qr.svg")
    app.extensions["qms_engine"].dispose()
    assert answers == [404, 404, 404, 429]
    assert qr.status_code == 429


def test_a_deactivated_site_issues_nothing_and_offers_no_slot(centre, client):
    start = first_slot(client)
    with database(centre) as session:
        session.scalar(select(Site).where(Site.code == "TPBK")).active = False
    kiosk = {"Authorization": f"Bearer {centre.tokens['kiosk']}"}
    answers = {
        "slots": client.get(f"/api/v1/appointments/slots?service=DD&date={today()}"),
        "booking": client.post("/api/v1/appointments", json=booking("DD", start, 3)),
        "remote": client.post("/api/v1/tickets/remote",
                              json={"service": "DD", "phone": "0900000003"}),
        "kiosk": client.post("/api/v1/tickets", json={"service": "DD"}, headers=kiosk),
    }
    for name, answer in answers.items():
        assert answer.status_code == 409, (name, answer.get_json())
        assert answer.get_json()["error"]["code"] == "site_inactive", name



"""Public bookings and remote tickets prove their phone with a code sent through the gateway,
in process: holds, their expiry and caps, and the limits without a gateway."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server import sms
from server.models import Appointment, PhoneHold, Site, Ticket, utcnow
from tests.appointments.support import bookable_centre, booking, today
from tests.support.visits import database

GATEWAY = {"NOTIFY_WEBHOOK_URL": "http://127.0.0.1:9/sms", "BOOKING_RATE_LIMIT": "500/60",
           "BOOKING_PHONE_LIMIT": "500/60"}


@pytest.fixture
def centre(tmp_path):
    return bookable_centre(tmp_path / "instance", remote_tickets=True, remote_per_phone=2)


@pytest.fixture
def sent(monkeypatch):
    """The messages the gateway would have been sent."""
    messages = []
    monkeypatch.setattr(sms, "send_now", lambda app, message: messages.append(message))
    return messages


@pytest.fixture
def make_client(centre):
    apps = []

    def make(**settings):
        app = centre.app(**(GATEWAY | settings))
        apps.append(app)
        return app.test_client()
    yield make
    for app in apps:
        app.extensions["qms_engine"].dispose()


def slot(client, index: int = 1) -> dict:
    answer = client.get(f"/api/v1/appointments/slots?service=DD&date={today()}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["slots"][index]


def the_code(sent: list, phone: str) -> str:
    codes = [message["text"] for message in sent if message["phone"] == phone]
    assert codes, f"no code was sent to {phone}"
    return next(word for word in codes[-1].replace(",", " ").split()
                if word.isdigit() and len(word) == 6)


def confirm(client, code: str, otp: str):
    return client.post(f"/api/v1/appointments/{code}/confirm", json={"otp": otp})


def test_a_booking_counts_only_once_its_phones_code_comes_back(make_client, sent, centre):
    client = make_client()
    start = slot(client)["start"]
    held = client.post("/api/v1/appointments", json=booking("DD", start, 1))
    assert held.status_code == 202, held.get_json()
    view = held.get_json()
    assert view["status"] == "held" and view["expires_at"]
    assert slot(client)["available"] == 4, "the held place is taken"
    otp = the_code(sent, "0900000001")
    assert "Ma xac nhan" in sent[0]["text"] or "ma xac nhan" in sent[0]["text"]
    wrong = confirm(client, view["code"], "000000" if otp != "000000" else "111111")
    assert wrong.status_code == 422 and wrong.get_json()["error"]["code"] == "wrong_code"
    done = confirm(client, view["code"], otp)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "booked"
    assert confirm(client, view["code"], otp).status_code == 200, "a repeat changes nothing"
    with database(centre) as session:
        hold = session.scalar(select(PhoneHold))
        assert hold.state == "confirmed" and hold.attempts == 2
        assert otp not in hold.code_hash and len(hold.code_hash) == 64


def test_an_unconfirmed_hold_lapses_and_gives_its_place_back(make_client, sent, centre):
    client = make_client()
    start = slot(client)["start"]
    code = client.post("/api/v1/appointments", json=booking("DD", start, 2)).get_json()["code"]
    assert slot(client)["available"] == 4
    with database(centre) as session:
        session.scalar(select(PhoneHold)).expires_at = utcnow() - timedelta(seconds=1)
    assert slot(client)["available"] == 5
    late = confirm(client, code, the_code(sent, "0900000002"))
    assert late.status_code == 404 and late.get_json()["error"]["code"] == "hold_not_found"
    with database(centre) as session:
        assert session.scalar(select(Appointment.status)) == "lapsed"


def test_wrong_codes_end_the_hold_after_a_few_tries(make_client, sent):
    client = make_client(PHONE_CODE_ATTEMPTS=3)
    start = slot(client)["start"]
    code = client.post("/api/v1/appointments", json=booking("DD", start, 3)).get_json()["code"]
    otp = the_code(sent, "0900000003")
    guesses = [f"{(int(otp) + n) % 1_000_000:06d}" for n in (1, 2, 3)]
    answers = [confirm(client, code, guess).status_code for guess in guesses]
    assert answers == [422, 422, 410]
    assert confirm(client, code, otp).status_code == 404, "the right code comes too late"
    assert slot(client)["available"] == 5


def test_a_site_takes_only_so_many_unconfirmed_holds_a_day(make_client, sent):
    client = make_client(PHONE_HOLDS_PER_SITE_DAY=3)
    start = slot(client, 2)["start"]
    answers = [client.post("/api/v1/appointments", json=booking("DD", start, n)).status_code
               for n in range(10, 14)]
    assert answers == [202, 202, 202, 429]
    remote = client.post("/api/v1/tickets/remote", json={"service": "DD", "phone": "0900000020"})
    assert remote.status_code == 429 and remote.get_json()["error"]["code"] == "too_many_holds"
    assert len(sent) == 3


def test_a_booked_phone_is_answered_like_any_other_until_its_code(make_client, sent):
    client = make_client()
    start = slot(client)["start"]
    first = client.post("/api/v1/appointments", json=booking("DD", start, 4)).get_json()
    assert confirm(client, first["code"], the_code(sent, "0900000004")).status_code == 200
    again = client.post("/api/v1/appointments", json=booking("DD", slot(client, 3)["start"], 4))
    stranger = client.post("/api/v1/appointments", json=booking("DD", slot(client, 3)["start"], 5))
    assert again.status_code == stranger.status_code == 202
    assert set(again.get_json()) == set(stranger.get_json())
    refused = confirm(client, again.get_json()["code"], the_code(sent, "0900000004"))
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "already_booked"
    assert slot(client, 3)["available"] == 4, "the refused hold gave its place back"


def test_a_remote_ticket_joins_the_queue_only_after_its_code(make_client, sent, centre):
    client = make_client()
    held = client.post("/api/v1/tickets/remote", json={"service": "DD", "phone": "0900000006"})
    assert held.status_code == 202, held.get_json()
    body = held.get_json()
    assert body["status"] == "unconfirmed" and body["phone"] == "*******006"
    with database(centre) as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
    path = f"/api/v1/tickets/remote/{body['hold']}/confirm"
    issued = client.post(path, json={"otp": the_code(sent, "0900000006")})
    assert issued.status_code == 201, issued.get_json()
    assert issued.get_json()["channel"] == "remote"
    replay = client.post(path, json={"otp": the_code(sent, "0900000006")})
    assert replay.status_code == 200 and replay.get_json()["number"] == issued.get_json()["number"]


def test_a_site_may_turn_the_phone_check_off(make_client, sent, centre):
    with database(centre) as session:
        session.scalar(select(Site).where(Site.code == "TPBK")).phone_check = False
    client = make_client()
    answer = client.post("/api/v1/appointments", json=booking("DD", slot(client)["start"], 7))
    assert answer.status_code == 201 and answer.get_json()["status"] == "booked"
    assert sent == []


def test_without_a_gateway_a_site_is_limited_whatever_the_address(make_client, sent):
    client = make_client(NOTIFY_WEBHOOK_URL=None, BOOKING_SITE_RATE_LIMIT="3/60")
    start = slot(client, 2)["start"]
    answers = [client.post("/api/v1/appointments", json=booking("DD", start, n),
                           environ_base={"REMOTE_ADDR": f"10.1.0.{n}"}).status_code
               for n in range(30, 34)]
    assert answers == [201, 201, 201, 429]
    assert sent == []

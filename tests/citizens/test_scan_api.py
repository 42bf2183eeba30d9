"""POST /api/v1/citizens/scan and tickets tied to the person, in process."""

import uuid

import pytest
from sqlalchemy import select

from server.models import AdminAudit, Citizen
from server.storage import unit_of_work
from tests.support.centre import provision_demo

CARD = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Đức Xuân, Thái Nguyên|15042021"
ELDER = "019150001234||Trần Thị Bình|20031950|Nữ|Xã Tân Cương, Thái Nguyên|01072021"


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    return provision_demo(tmp_path_factory.mktemp("instance"))


@pytest.fixture(scope="module")
def app(centre):
    return centre.app(CITIZEN_SCAN_RATE_LIMIT="1000/60", KIOSK_RATE_LIMIT="1000/60")


@pytest.fixture
def client(app):
    return app.test_client()


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _clerk(client, centre, username="quay1"):
    answer = client.post("/api/v1/auth/token",
                         json={"username": username, "password": centre.password})
    return answer.get_json()["token"]


def _scan(client, token, **body):
    return client.post("/api/v1/citizens/scan", json=body, headers=_auth(token))


def _issue(client, token, service="CT", **body):
    return client.post("/api/v1/tickets", headers=_auth(token),
                       json={"service": service, "request_id": uuid.uuid4().hex, **body})


def test_a_kiosk_scan_greets_by_name_and_shows_only_the_last_digits(client, centre):
    answer = _scan(client, centre.tokens["kiosk"], qr=CARD + "\r\n")
    assert answer.status_code == 200, answer.get_json()
    scan = answer.get_json()
    assert scan["greeting"] == "Kính chào Ông Nguyễn Văn An"
    assert scan["age"] is not None and scan["priority_eligible"] is False
    assert scan["id_last4"] == "3456" and "001090123456" not in answer.get_data(as_text=True)


def test_the_elderly_are_offered_priority(client, centre):
    scan = _scan(client, centre.tokens["kiosk"], qr=ELDER).get_json()
    assert scan["honorific"] == "Bà" and scan["priority_eligible"] is True


def test_a_second_scan_for_the_same_field_gives_back_the_same_ticket(client, centre):
    kiosk = centre.tokens["kiosk"]
    first = _issue(client, kiosk, citizen={"qr": CARD})
    assert first.status_code == 201, first.get_json()
    again = _issue(client, kiosk, citizen={"id_number": "001090123456"})
    assert again.status_code == 200 and again.get_json()["existing"] is True
    assert again.get_json()["number"] == first.get_json()["number"]
    other_field = _issue(client, kiosk, service="DKKD", citizen={"qr": CARD})
    assert other_field.status_code == 201
    waiting = _scan(client, kiosk, qr=CARD).get_json()["waiting"]
    assert sorted(t["number"] for t in waiting) == sorted(
        [first.get_json()["number"], other_field.get_json()["number"]])


def test_without_the_card_a_citizen_still_gets_a_ticket(client, centre):
    assert _issue(client, centre.tokens["kiosk"]).status_code == 201


def test_a_site_may_allow_several_tickets_per_person(app, client, centre):
    from server.models import Site
    with unit_of_work(app) as session:
        for site in session.scalars(select(Site)):
            site.one_ticket_per_person = False
    try:
        kiosk = centre.tokens["kiosk"]
        card = "001200123456||Lê Minh|05052000|Nam|"
        first, second = _issue(client, kiosk, citizen={"qr": card}), _issue(
            client, kiosk, citizen={"qr": card})
        assert (first.status_code, second.status_code) == (201, 201)
        assert first.get_json()["number"] != second.get_json()["number"]
    finally:
        with unit_of_work(app) as session:
            for site in session.scalars(select(Site)):
                site.one_ticket_per_person = True


@pytest.mark.parametrize("body", [
    {"qr": "001090123456|012345678|Nguyễn Văn An"},
    {"qr": "001190123456||Nguyễn Văn An|01011990|Nam|"},
    {"id_number": "012345678"},
    {"id_number": "003090123456"},
])
def test_a_line_that_is_not_a_card_is_refused_and_nothing_is_issued(client, centre, body):
    answer = _scan(client, centre.tokens["kiosk"], **body)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "invalid_id_card" and error["message"] and error["message_en"]
    issued = _issue(client, centre.tokens["kiosk"], citizen=body)
    assert issued.status_code == 422 and issued.get_json()["error"]["code"] == "invalid_id_card"


@pytest.mark.parametrize("body", [{}, {"qr": CARD, "id_number": "001090123456"},
                                  {"qr": "x" * 1001}, {"id_number": "abc"}])
def test_a_malformed_body_is_refused(client, centre, body):
    assert _scan(client, centre.tokens["kiosk"], **body).status_code == 422


def test_who_may_scan(client, centre):
    assert client.post("/api/v1/citizens/scan", json={"qr": CARD}).status_code == 401
    for kind in ("display", "vote-pad"):
        answer = _scan(client, centre.tokens[kind], qr=CARD)
        assert answer.status_code == 403, kind
    assert _scan(client, "qmsd_not-a-token", qr=CARD).status_code == 401


def test_a_clerk_scan_is_audited_without_the_details(app, client, centre):
    answer = _scan(client, _clerk(client, centre), qr=CARD)
    assert answer.status_code == 200
    with unit_of_work(app) as session:
        row = session.scalars(select(AdminAudit).where(AdminAudit.action == "citizen_read")
                              ).all()[-1]
        assert row.username == "quay1" and row.entity == "citizen"
        assert "Nguyễn" not in str(row.before) + str(row.after)


def test_the_database_holds_no_full_number(app, client, centre):
    _scan(client, centre.tokens["kiosk"], qr=CARD)
    with unit_of_work(app) as session:
        citizen = session.scalar(select(Citizen).where(Citizen.id_last4 == "3456"))
        assert citizen.id_hash != "001090123456" and len(citizen.id_hash) == 64


def test_scans_from_one_kiosk_are_rate_limited(centre):
    app = centre.app(CITIZEN_SCAN_RATE_LIMIT="3/60")
    client = app.test_client()
    codes = [_scan(client, centre.tokens["kiosk"], qr=CARD).status_code for _ in range(5)]
    assert codes[:3] == [200] * 3 and codes[3:] == [429, 429]


def test_a_dossier_received_with_the_id_number_is_listed_on_the_scan(client, centre):
    clerk = _clerk(client, centre)
    received = client.post("/api/v1/dossiers", headers=_auth(clerk), json={
        "procedure": "Đăng ký khai sinh", "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001090123456", "processing_days": 3, "print": False})
    assert received.status_code == 201, received.get_json()
    dossier = received.get_json()
    assert dossier["applicant_id_last4"] == "3456"
    assert "001090123456" not in received.get_data(as_text=True)
    listed = _scan(client, centre.tokens["kiosk"], qr=CARD).get_json()["dossiers"]
    assert [d["code"] for d in listed] == [dossier["code"]]
    assert listed[0]["status"] == "received" and listed[0]["collect_at"]["site"]


def test_a_dossier_with_an_id_number_that_is_not_one_is_refused(client, centre):
    answer = client.post("/api/v1/dossiers", headers=_auth(_clerk(client, centre)), json={
        "procedure": "Đăng ký khai sinh", "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "003090123456", "processing_days": 3, "print": False})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "invalid_id_card"


def test_the_clerk_sees_who_they_serve_and_the_receipt_takes_the_card(app, client, centre):
    card = "001300123456||Phạm Thu Hà|03032000|Nữ|Phường Hoàng Văn Thụ, Thái Nguyên|"
    assert _issue(client, centre.tokens["kiosk"], service="XD",
                  citizen={"qr": card}).status_code == 201
    clerk = _clerk(client, centre, "quay3")
    client.post("/api/v1/counters/3/open", headers=_auth(clerk), json={})
    called = client.post("/api/v1/counters/3/call-next", headers=_auth(clerk), json={})
    assert called.status_code == 200, called.get_json()
    person = client.get("/api/v1/counters/3/citizen", headers=_auth(clerk))
    assert person.status_code == 200, person.get_json()
    assert person.get_json()["name"] == "Phạm Thu Hà" and person.get_json()["id_last4"] == "3456"
    assert person.get_json()["address"] == "Phường Hoàng Văn Thụ, Thái Nguyên"
    # Another counter's clerk may not read it; the kiosk's token neither.
    other = _clerk(client, centre, "quay4")
    assert client.get("/api/v1/counters/3/citizen", headers=_auth(other)).status_code == 403
    assert client.get("/api/v1/counters/3/citizen",
                      headers=_auth(centre.tokens["kiosk"])).status_code == 403
    # A receipt for the ticket served carries the person's ID without retyping it.
    received = client.post("/api/v1/dossiers", headers=_auth(clerk), json={
        "procedure": "Cấp giấy phép xây dựng", "applicant_name": "Phạm Thu Hà",
        "ticket_id": called.get_json()["id"], "processing_days": 3, "print": False})
    assert received.status_code == 201 and received.get_json()["applicant_id_last4"] == "3456"
    scanned = _scan(client, centre.tokens["kiosk"], qr=card).get_json()
    assert received.get_json()["code"] in [d["code"] for d in scanned["dossiers"]]
    client.post("/api/v1/counters/3/finish", headers=_auth(clerk), json={})
    gone = client.get("/api/v1/counters/3/citizen", headers=_auth(clerk))
    assert gone.status_code == 404 and gone.get_json()["error"]["code"] == "no_citizen"


def test_a_booking_made_with_the_id_number_is_found_by_a_scan(tmp_path):
    from tests.appointments.support import make_bookable, today

    centre = provision_demo(tmp_path / "instance")
    make_bookable(centre, "DD")
    app = centre.app(CITIZEN_SCAN_RATE_LIMIT="1000/60")
    client = app.test_client()
    slots = client.get(f"/api/v1/appointments/slots?service=DD&date={today()}").get_json()[
        "slots"]
    start = next(slot["start"] for slot in slots if slot["available"])[:16]
    booked = client.post("/api/v1/appointments", json={
        "service": "DD", "start": start, "name": "Nguyễn Văn An", "phone": "0912345678",
        "id_number": "001090123456"})
    assert booked.status_code == 201, booked.get_json()
    assert "001090123456" not in booked.get_data(as_text=True)
    bookings = _scan(client, centre.tokens["kiosk"], qr=CARD).get_json()["bookings"]
    assert [b["code"] for b in bookings] == [booked.get_json()["code"]]
    assert bookings[0]["check_in_today"] is True
    refused = client.post("/api/v1/appointments", json={
        "service": "DD", "start": start, "name": "A", "phone": "0912345679",
        "id_number": "003090123456"})
    assert refused.status_code == 422
    app.extensions["qms_engine"].dispose()

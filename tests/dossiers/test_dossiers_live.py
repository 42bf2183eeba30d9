"""Dossiers over real HTTP: receipt and slip, look-up, roles and sites, the software's PUT."""

import pytest

from printers import decode_tickets
from tests.dossiers.desk import RECEIPT, SOFTWARE_BODY
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.slips import start_server

pytestmark = pytest.mark.live

@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("dossiers"))
    printer = FakeEscposPrinter()
    printer.start()
    centre.add_device("kiosk", "Máy in biên nhận", printer_uri=printer.uri,
                      settings={"prints_receipts": True})
    software = centre.add_device("integration", "Phần mềm một cửa tỉnh")
    ward_software = centre.add_device("integration", "Phần mềm phường", site="DUCXUAN")
    server = start_server(centre)
    api = Api(server.url)
    tokens = {name: api.staff_token(name, centre.password)
              for name in ("quay6", "quanly", "admin", "ducxuan")}
    yield {"api": api, "printer": printer, "tokens": tokens, "software": software,
           "ward_software": ward_software, "centre": centre}
    server.stop()
    printer.stop()


def test_clerk_registers_a_dossier_and_the_receipt_prints(desk):
    api, printer = desk["api"], desk["printer"]
    printer.clear()
    answer = api.call("POST", "/api/v1/dossiers", desk["tokens"]["quay6"], json=RECEIPT)
    assert answer.status_code == 201, answer.text
    dossier = answer.json()
    assert dossier["status"] == "received" and len(dossier["code"]) == 15
    assert dossier["print_job"] is not None
    assert printer.wait_for_cut(timeout=10)
    assert len(decode_tickets(printer.received)) == 1
    public = api.call("GET", f"/api/v1/dossiers/{dossier['code'].lower()}/status").json()
    assert public["applicant"] == "N***n V*n A"
    assert public["due_date"] == dossier["due_date"]
    assert "Nguyễn Văn An" not in str(public) and "0912" not in str(public)
    assert public["procedure"] == RECEIPT["procedure"]


def test_status_changes_follow_the_lifecycle(desk):
    api, token = desk["api"], desk["tokens"]["quay6"]
    code = api.call("POST", "/api/v1/dossiers", token, json=RECEIPT | {"print": False}
                    ).json()["code"]
    jump = api.call("POST", f"/api/v1/dossiers/{code}/status", token, json={"status": "returned"})
    assert jump.status_code == 409 and jump.json()["error"]["code"] == "status_not_allowed"
    unknown = api.call("POST", f"/api/v1/dossiers/{code}/status", token, json={"status": "done"})
    assert unknown.status_code == 422
    ready = api.call("POST", f"/api/v1/dossiers/{code}/status", token, json={"status": "ready"})
    assert ready.json()["status"] == "ready"
    detail = api.call("GET", f"/api/v1/dossiers/{code}", token).json()
    assert [event["status"] for event in detail["events"]] == ["received", "ready"]


@pytest.mark.parametrize(("who", "status"), [("admin", 403), ("anonymous", 401),
                                             ("kiosk", 403), ("ducxuan", 403)])
def test_who_may_register(desk, who, status):
    token = desk["centre"].tokens["kiosk"] if who == "kiosk" else desk["tokens"].get(who)
    answer = desk["api"].call("POST", "/api/v1/dossiers?site=TPBK", token, json=RECEIPT)
    assert answer.status_code == status


def test_staff_of_another_site_cannot_see_or_move_it(desk):
    api = desk["api"]
    code = api.call("POST", "/api/v1/dossiers", desk["tokens"]["quay6"],
                    json=RECEIPT | {"print": False}).json()["code"]
    ward = desk["tokens"]["ducxuan"]
    assert api.call("GET", f"/api/v1/dossiers/{code}", ward).status_code == 404
    moved = api.call("POST", f"/api/v1/dossiers/{code}/status", ward,
                     json={"status": "in_progress"})
    assert moved.status_code == 404


def test_bad_receipts_get_clear_errors(desk):
    api, token = desk["api"], desk["tokens"]["quay6"]
    no_days = api.call("POST", "/api/v1/dossiers", token,
                       json={"procedure": "X", "applicant_name": "Y"})
    assert no_days.json()["error"]["code"] == "processing_days_required"
    override = api.call("POST", "/api/v1/dossiers", token,
                        json=RECEIPT | {"due_date": "2030-01-02"})
    assert override.json()["error"]["code"] == "due_reason_required"
    for body in ({**RECEIPT, "phone": "<script>"}, {**RECEIPT, "applicant_name": ""},
                 {**RECEIPT, "processing_days": -1}, {**RECEIPT, "extra": 1}):
        answer = api.call("POST", "/api/v1/dossiers", token, json=body)
        assert answer.status_code == 422, body
        assert answer.json()["error"]["message"].startswith("Dữ liệu")


def test_software_put_three_times_leaves_one_dossier_and_one_change(desk):
    api, token = desk["api"], desk["software"]
    path = "/api/v1/dossiers/000.00.12.H26-251120-0007"
    answers = [api.call("PUT", path, token, json=SOFTWARE_BODY) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [201, 200, 200]
    detail = api.call("GET", path, desk["tokens"]["quanly"]).json()
    assert [(event["kind"], event["status"]) for event in detail["events"]] == [
        ("received", "received"), ("status", "in_progress")]
    assert detail["source"] == "integration" and detail["due_date"] == "2026-12-04"


@pytest.mark.parametrize("body", [
    {**SOFTWARE_BODY, "status": "finished"},
    {**SOFTWARE_BODY, "received_at": "2026-11-20T08:15:00"},  # no zone
    {k: v for k, v in SOFTWARE_BODY.items() if k != "applicant_name"},
])
def test_malformed_or_unknown_status_put_changes_nothing(desk, body):
    api, token = desk["api"], desk["software"]
    path = "/api/v1/dossiers/000.00.12.H26-251120-0008"
    answer = api.call("PUT", path, token, json=body)
    assert answer.status_code == 422
    assert api.call("GET", path, desk["tokens"]["quanly"]).status_code == 404


def test_put_is_only_for_integration_devices_of_the_dossier_site(desk):
    api = desk["api"]
    path = "/api/v1/dossiers/000.00.12.H26-251120-0009"
    assert api.call("PUT", path, desk["tokens"]["quanly"], json=SOFTWARE_BODY).status_code == 403
    assert api.call("PUT", path, desk["centre"].tokens["kiosk"],
                    json=SOFTWARE_BODY).status_code == 403
    assert api.call("PUT", path, None, json=SOFTWARE_BODY).status_code == 401
    assert api.call("PUT", path, desk["software"], json=SOFTWARE_BODY).status_code == 201
    other = api.call("PUT", path, desk["ward_software"], json=SOFTWARE_BODY)
    assert other.status_code == 409
    bad_code = api.call("PUT", "/api/v1/dossiers/ab", desk["software"], json=SOFTWARE_BODY)
    assert bad_code.status_code == 422


def test_public_look_ups_are_rate_limited(desk):
    api = desk["api"]
    answers = [api.call("GET", "/api/v1/dossiers/260101-AAAAAAAA/status").status_code
               for _ in range(25)]
    assert answers.count(404) <= 20 and answers[-1] == 429

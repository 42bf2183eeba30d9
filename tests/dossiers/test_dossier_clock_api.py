"""The legal clock over the API, in process: due times, pause and resume, extensions, the PUT."""

from datetime import datetime

import pytest

from server.engine.days import VIETNAM
from server.payloads.dossiers import DossierChanged, DossierDetail, DossierSynced
from tests.dossiers.desk import RECEIPT, SOFTWARE_BODY
from tests.support.centre import provision_demo
from tests.support.clients import staff_headers

UNPRINTED = RECEIPT | {"print": False}


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("clock"))
    centre.tokens["software"] = centre.add_device("integration", "Phần mềm một cửa tỉnh")
    return centre


@pytest.fixture(scope="module")
def clerk(client, centre):
    return staff_headers(client, centre.password, "quay6")["quay6"]


def _receive(client, clerk, **fields) -> dict:
    answer = client.post("/api/v1/dossiers", json=UNPRINTED | fields, headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_a_receipt_answers_its_due_time_to_the_minute(client, clerk):
    dossier = _receive(client, clerk)
    DossierDetail.model_validate({k: v for k, v in dossier.items() if k != "print_job"})
    assert dossier["due_date"] == _moment(dossier["due_at"]).astimezone(VIETNAM).date().isoformat()
    assert dossier["original_due_at"] is None and dossier["clock_paused"] is False
    half = _receive(client, clerk, processing_days=0.5)
    assert half["processing_days"] == 0.5
    assert _moment(half["due_at"]) < _moment(dossier["due_at"])
    assert client.post("/api/v1/dossiers", json=UNPRINTED | {"processing_days": 0.3},
                       headers=clerk).status_code == 422


def test_supplement_pauses_and_the_return_answers_the_recomputed_due_time(client, clerk):
    dossier = _receive(client, clerk)
    path = f"/api/v1/dossiers/{dossier['code']}/status"
    paused = client.post(path, json={"status": "supplement_requested",
                                     "reason": "Thiếu bản sao CCCD"}, headers=clerk).get_json()
    DossierChanged.model_validate(paused)
    assert paused["clock_paused"] is True and paused["overdue"] is False
    resumed = client.post(path, json={"status": "in_progress"}, headers=clerk).get_json()
    assert resumed["clock_paused"] is False
    # Paused and resumed within the same minutes: the working time left is the same.
    assert _moment(resumed["due_at"]) >= _moment(dossier["due_at"])


def test_an_extension_keeps_the_original_due_time(client, clerk):
    dossier = _receive(client, clerk)
    path = f"/api/v1/dossiers/{dossier['code']}/extend"
    missing = client.post(path, json={"due_at": "2027-01-15"}, headers=clerk)
    assert missing.status_code == 422
    answer = client.post(path, json={"due_at": "2027-01-15", "reason": "Chờ xác minh"},
                         headers=clerk)
    assert answer.status_code == 200, answer.get_json()
    extended = answer.get_json()
    DossierDetail.model_validate(extended)
    assert extended["original_due_at"] == dossier["due_at"]
    assert extended["due_date"] == "2027-01-15"
    # The close of office, 17:00 in Hà Nội.
    assert _moment(extended["due_at"]).astimezone(VIETNAM).hour == 17
    assert extended["extension_reason"] == "Chờ xác minh"
    history = client.get(f"/api/v1/dossiers/{dossier['code']}", headers=clerk).get_json()
    assert [event["kind"] for event in history["events"]] == ["received", "extended"]
    again = client.post(path, json={"due_at": "2027-01-20T10:00:00+07:00", "reason": "Lần 2"},
                        headers=clerk).get_json()
    assert again["original_due_at"] == dossier["due_at"]
    assert _moment(again["due_at"]).astimezone(VIETNAM).hour == 10


def test_the_software_moving_the_due_date_extends_it(client, centre):
    software = {"Authorization": f"Bearer {centre.tokens['software']}"}
    path = "/api/v1/dossiers/000.00.12.H26-251120-0042"
    first = client.put(path, json=SOFTWARE_BODY, headers=software).get_json()
    moved = client.put(path, json=SOFTWARE_BODY | {"due_date": "2026-12-08"},
                       headers=software)
    assert moved.status_code == 200
    synced = moved.get_json()
    DossierSynced.model_validate(synced)
    assert synced["due_date"] == "2026-12-08"
    assert synced["original_due_at"] == first["due_at"]
    assert synced["extension_reason"] == "theo hệ thống một cửa"


def test_the_software_may_send_half_a_day(client, centre):
    software = {"Authorization": f"Bearer {centre.tokens['software']}"}
    body = {k: v for k, v in SOFTWARE_BODY.items() if k != "due_date"} | {
        "processing_days": 0.5, "received_at": "2026-12-07T08:00:00+07:00"}
    answer = client.put("/api/v1/dossiers/000.00.12.H26-251120-0043", json=body,
                        headers=software)
    assert answer.status_code == 201, answer.get_json()
    # 08:00 + 3 h 45 min of office time, lunch not counted: 13:45 the same day.
    assert _moment(answer.get_json()["due_at"]).astimezone(VIETNAM).strftime("%H:%M") == "13:45"

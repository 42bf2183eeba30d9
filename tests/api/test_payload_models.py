"""The payload models send what the dict builders sent: same fields, same values, and the
fields an answer leaves out still absent (in process, through the API)."""

import pytest

from tests.support.centre import provision_demo


@pytest.fixture
def centre(tmp_path):
    return provision_demo(tmp_path)


@pytest.fixture
def client(centre):
    app = centre.app()
    yield app.test_client()
    app.extensions["qms_engine"].dispose()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_answers_keep_their_absent_fields_and_isoformat_moments(client, centre):
    kiosk = _bearer(centre.tokens["kiosk"])
    body = {"service": "HT", "request_id": "payload-models"}
    issued = client.post("/api/v1/tickets", headers=kiosk, json=body)
    replayed = client.post("/api/v1/tickets", headers=kiosk, json=body)
    assert issued.status_code == 201 and replayed.status_code == 200
    assert issued.get_json()["print"]["state"] in ("queued", "none")
    assert "print" not in replayed.get_json()  # absent on a replay, not null
    assert issued.get_json()["issued_at"].endswith("+00:00")  # datetime.isoformat(), not "Z"
    # The same ticket, but for its wait estimate, worked out again a moment later.
    moving = ("replayed", "print", "estimated_wait_s", "estimated_wait_range_s")
    assert {key: value for key, value in replayed.get_json().items() if key not in moving} == {
        key: value for key, value in issued.get_json().items() if key not in moving
    }
    first, again = issued.get_json(), replayed.get_json()
    assert abs(first["estimated_wait_s"] - again["estimated_wait_s"]) <= 1
    assert all(abs(one - other) <= 1 for one, other in zip(
        first["estimated_wait_range_s"], again["estimated_wait_range_s"], strict=True))

    token = client.post(
        "/api/v1/auth/token", json={"username": "quay8", "password": centre.password}
    )
    clerk = _bearer(token.get_json()["token"])
    opened = client.post("/api/v1/counters/8/open", headers=clerk, json={}).get_json()
    assert "id" not in opened and opened["roster_warning"] is None  # no ticket concerned
    called = client.post("/api/v1/counters/8/call-next", headers=clerk, json={}).get_json()
    assert called["id"] == issued.get_json()["id"] and "roster_warning" not in called
    assert called["counter_state"]["ticket"]["number"] == called["number"]

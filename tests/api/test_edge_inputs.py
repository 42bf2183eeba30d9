"""Inputs at the edges get clear 4xx answers: a body nested 20,000 deep, days at the ends of
the calendar, a print job id no database holds; Socket.IO's polling answers carry the same
security headers as every page."""

import pytest
from pydantic import ValidationError

from server.api.schemas import JobDone
from server.headers import HEADERS


def test_a_deeply_nested_body_is_a_clear_400(client, centre):
    response = client.post("/api/v1/tickets", data="[" * 20_000 + "]" * 20_000,
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {centre.tokens['kiosk']}"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_at_the_ends_of_the_calendar_is_a_clear_422(client, centre, day):
    token = client.post("/api/v1/auth/token", json={"username": "admin",
                                                    "password": centre.password}).json["token"]
    response = client.get(f"/api/v1/appointments?date={day}",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_date"


def test_a_print_job_id_no_database_holds_is_refused():
    with pytest.raises(ValidationError):
        JobDone.model_validate({"job_id": 2**70, "outcome": "printed"})
    assert JobDone.model_validate({"job_id": 2**31 - 1, "outcome": "printed"}).job_id


def test_socketio_polling_answers_carry_the_security_headers(client):
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200 and response.get_data(as_text=True).startswith("0{")
    for name, value in HEADERS.items():
        assert response.headers[name] == value

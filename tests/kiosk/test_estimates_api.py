"""The kiosk's answers carry the wait's range and, per field, whether today is likely."""

import uuid

import pytest

from tests.support.centre import provision_demo


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    return provision_demo(tmp_path_factory.mktemp("estimates"))


@pytest.fixture(scope="module")
def client(centre):
    return centre.app(KIOSK_RATE_LIMIT="1000/60").test_client()


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_issued_ticket_and_its_status_carry_the_range_of_the_wait(client, centre):
    headers = _auth(centre.tokens["kiosk"])
    for _ in range(4):
        client.post("/api/v1/tickets", headers=headers,
                    json={"service": "HT", "request_id": uuid.uuid4().hex})
    issued = client.post("/api/v1/tickets", headers=headers,
                         json={"service": "HT", "request_id": uuid.uuid4().hex}).get_json()
    low, high = issued["estimated_wait_range_s"]
    assert low <= issued["estimated_wait_s"] <= high
    status = client.get(f"/api/v1/tickets/{issued['public_code']}").get_json()
    assert len(status["estimated_wait_range_s"]) == 2


def test_the_kiosk_setup_says_per_field_whether_a_new_number_is_likely_served_today(
        client, centre):
    setup = client.get("/kiosk/setup", headers=_auth(centre.tokens["kiosk"])).get_json()
    for service in setup["services"]:
        assert isinstance(service["likely_served_today"], bool)
        assert service["estimated_wait_s"] >= 0

"""The HTTP API and /display events, in process."""

import uuid

import pytest

from tests.support.clients import Listener

pytestmark = []  # in process: tests/support/in_process.py


def test_services_list_is_public_and_in_vietnamese(api):
    body = api.call("GET", "/api/v1/services").json()
    names = {service["code"]: service["name"] for service in body["services"]}
    assert names["DKKD"] == "Đăng ký kinh doanh" and names["HT"] == "Hộ tịch"
    assert body["site"]["code"] == "TPBK"


def test_issue_returns_number_position_and_estimate(api, kiosk_token):
    first = api.issue(kiosk_token, "XD")
    second = api.issue(kiosk_token, "XD")
    assert first.status_code == 201, first.text
    a, b = first.json(), second.json()
    assert int(b["number"]) == int(a["number"]) + 1
    assert b["waiting_ahead"] == a["waiting_ahead"] + 1
    assert b["estimated_wait_s"] > 0 and b["service"] == "XD"
    status = api.call("GET", f"/api/v1/tickets/{a['public_code']}").json()
    assert status["number"] == a["number"] and status["status"] == "waiting"


def test_retried_request_id_yields_one_ticket(api, kiosk_token):
    request_id = uuid.uuid4().hex
    first = api.issue(kiosk_token, "CDCS", request_id=request_id)
    again = api.issue(kiosk_token, "CDCS", request_id=request_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["replayed"] is True


@pytest.mark.parametrize("body, status, code", [
    ({"service": "NOPE"}, 404, "unknown_service"),
    ({"service": 7}, 422, "invalid_payload"),
    ({"service": "DD", "priority": "yes"}, 422, "invalid_payload"),
    ({"service": "DD", "extra": 1}, 422, "invalid_payload"),
    ({}, 422, "invalid_payload"),
    ([1, 2], 422, "invalid_payload"),
])
def test_bad_ticket_requests_get_a_clear_4xx(api, kiosk_token, body, status, code):
    response = api.call("POST", "/api/v1/tickets", kiosk_token, json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["message_en"]


def test_malformed_json_and_oversized_bodies_are_refused(api, kiosk_token):
    broken = api.call("POST", "/api/v1/tickets", kiosk_token, data="{not json",
                      headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "invalid_json"
    huge = api.call("POST", "/api/v1/tickets", kiosk_token, data="x" * 200_000,
                    headers={"Content-Type": "application/json"})
    assert huge.status_code == 413


def test_issue_needs_a_kiosk_token(api, centre, clerk_tokens):
    assert api.call("POST", "/api/v1/tickets", json={"service": "DD"}).status_code == 401
    for token in (centre.tokens["display"], centre.tokens["vote-pad"], clerk_tokens[1]):
        response = api.call("POST", "/api/v1/tickets", token, json={"service": "DD"})
        assert response.status_code == 403
    revoked = api.call("POST", "/api/v1/tickets", "qmsd_not-a-real-token",
                       json={"service": "DD"})
    assert revoked.status_code == 401


def test_call_next_refuses_the_unauthenticated_and_wrong_roles(api, centre, kiosk_token):
    assert api.counter(None, 5, "call-next").status_code == 401
    assert api.counter("garbage.token", 5, "call-next").status_code == 401
    for token in (kiosk_token, centre.tokens["display"], centre.tokens["vote-pad"]):
        assert api.counter(token, 5, "call-next").status_code == 403
    manager = api.staff_token("quanly", centre.password)
    refused = api.counter(manager, 5, "call-next")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_role"


def test_clerk_only_at_assigned_counters(api, clerk_tokens):
    refused = api.counter(clerk_tokens[1], 5, "call-next")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "counter_not_allowed"
    unknown = api.counter(clerk_tokens[1], 99, "call-next")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_counter"


def test_wrong_password_is_refused(api):
    response = api.call("POST", "/api/v1/auth/token",
                        json={"username": "quay1", "password": "wrong-password"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "bad_credentials"


def test_a_visit_at_the_counter_reaches_the_display(api, centre, kiosk_token, clerk_tokens,
                                                    server):
    display = Listener(server.url, "/display", centre.tokens["display"])
    try:
        snapshot = display.wait_for("snapshot")
        assert len(snapshot["counters"]) == 10
        issued = api.issue(kiosk_token, "DKKD").json()
        called = api.counter(clerk_tokens[4], 4, "call-next")
        assert called.status_code == 200 and called.json()["number"] == issued["number"]
        event = display.wait_for("ticket_called",
                                 predicate=lambda p: p["number"] == issued["number"])
        assert event["counter"] == 4 and event["service"] == "DKKD"
        assert event["text"] == f"Xin mời số {issued['number']} đến quầy 4"
        audio = api.call("GET", event["audio_url"])
        assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
        recalled = api.counter(clerk_tokens[4], 4, "recall")
        assert recalled.json()["recall_count"] == 1
        again = display.wait_for("ticket_called", predicate=lambda p: p["recall"])
        assert again["number"] == issued["number"]
        finished = api.counter(clerk_tokens[4], 4, "finish").json()
        assert finished["status"] == "done"
        empty = api.counter(clerk_tokens[4], 4, "call-next")
        assert empty.status_code == 409 and empty.json()["error"]["code"] == "queue_empty"
    finally:
        display.close()


def test_double_click_on_call_next_does_not_skip(api, kiosk_token, clerk_tokens):
    first = api.issue(kiosk_token, "HT").json()
    second = api.issue(kiosk_token, "HT").json()
    one = api.counter(clerk_tokens[8], 8, "call-next").json()
    two = api.counter(clerk_tokens[8], 8, "call-next").json()
    assert one["number"] == two["number"] == first["number"] and two["repeated"] is True
    status = api.call("GET", f"/api/v1/tickets/{second['public_code']}").json()
    assert status["status"] == "waiting"


def test_no_show_transfer_and_call_specific_number(api, kiosk_token, clerk_tokens):
    absent = api.issue(kiosk_token, "CT").json()
    moved = api.issue(kiosk_token, "CT").json()
    picked = api.issue(kiosk_token, "CT").json()
    assert api.counter(clerk_tokens[6], 6, "call-next").json()["number"] == absent["number"]
    no_show = api.counter(clerk_tokens[6], 6, "no-show", requeue=False).json()
    assert no_show["status"] == "no_show"
    out_of_turn = api.counter(clerk_tokens[6], 6, "call", number=picked["number"]).json()
    assert out_of_turn["number"] == picked["number"]
    api.counter(clerk_tokens[6], 6, "finish")
    assert api.counter(clerk_tokens[6], 6, "call-next").json()["number"] == moved["number"]
    transferred = api.counter(clerk_tokens[6], 6, "transfer", service="HT", counter=9).json()
    assert transferred["service"] == "HT" and transferred["number"] == moved["number"]
    at_nine = api.counter(clerk_tokens[9], 9, "call-next").json()
    assert at_nine["number"] == moved["number"]
    bad = api.counter(clerk_tokens[9], 9, "transfer", service="NOPE")
    assert bad.status_code == 404


def test_unknown_api_route_and_method_are_json(api):
    missing = api.call("GET", "/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = api.call("GET", "/api/v1/tickets")
    assert wrong.status_code == 405 and "error" in wrong.json()


def test_ids_beyond_a_database_integer_are_not_found(api, clerk_tokens):
    huge = 342894037287148433829160550400
    for path in (f"/api/v1/tickets/{huge}/reprint", f"/api/v1/counters/{huge}/call-next"):
        response = api.call("POST", path, clerk_tokens[1], json={})
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_openapi_document_lists_the_contract(api):
    document = api.call("GET", "/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/v1/services", "/api/v1/tickets", "/api/v1/auth/token",
                 "/api/v1/counters/{number}/call-next", "/api/v1/counters/{number}/transfer"):
        assert path in document["paths"]
    assert "TicketRequest" in document["components"]["schemas"]


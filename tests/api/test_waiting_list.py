"""GET /api/v1/queue?counter=N: one counter's waiting tickets in the order call-next takes them."""

import pytest

pytestmark = pytest.mark.live


def test_counter_list_is_the_order_call_next_follows(api, kiosk_token, clerk_tokens):
    clerk = clerk_tokens[7]
    for priority in (True, True, False, False, False):  # the demo site calls 1 priority per 3
        assert api.issue(kiosk_token, "CT", priority=priority).status_code == 201
    listed = api.call("GET", "/api/v1/queue", clerk, params={"counter": 7})
    assert listed.status_code == 200, listed.text
    predicted = [ticket["number"] for ticket in listed.json()["tickets"]]
    assert api.counter(clerk, 7, "open").status_code == 200
    called = []
    for _ in predicted:
        called.append(api.counter(clerk, 7, "call-next").json()["number"])
        assert api.counter(clerk, 7, "finish").status_code == 200  # no double-press guard
    assert called == predicted


def test_bad_or_unknown_counter_is_a_clear_error(api, clerk_tokens):
    for value, status, code in (("abc", 400, "bad_counter"), ("²", 400, "bad_counter"),
                                ("10" * 10, 400, "bad_counter"), ("77", 404, "unknown_counter")):
        answer = api.call("GET", "/api/v1/queue", clerk_tokens[1], params={"counter": value})
        assert answer.status_code == status and answer.json()["error"]["code"] == code, value


def test_counter_list_needs_a_staff_login(api, kiosk_token):
    assert api.call("GET", "/api/v1/queue", params={"counter": 1}).status_code == 401
    assert api.call("GET", "/api/v1/queue", kiosk_token, params={"counter": 1}).status_code in (
        401, 403)

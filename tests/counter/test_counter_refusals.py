"""Who may act at a counter: every refusal of the counter API and the console page."""

import pytest

from tests.support.visits import cookie_login

pytestmark = []  # in process: tests/support/in_process.py


def error_code(response) -> str:
    return response.json()["error"]["code"]


def test_call_next_without_login_is_401(api):
    response = api.counter(None, 1, "call-next")
    assert response.status_code == 401
    assert error_code(response) == "unauthenticated"


@pytest.mark.parametrize("kind", ["kiosk", "display", "vote-pad"])
def test_device_tokens_cannot_act_at_a_counter(api, centre, kind):
    for action in ("call-next", "finish", "open"):
        response = api.counter(centre.tokens[kind], 1, action)
        assert response.status_code == 403, (action, response.text)
        assert error_code(response) == "device_not_allowed"


@pytest.mark.parametrize("username", ["quanly", "admin"])
def test_counter_actions_are_for_clerks_only(api, centre, username):
    token = api.staff_token(username, centre.password)
    response = api.counter(token, 1, "call-next")
    assert response.status_code == 403
    assert error_code(response) == "wrong_role"


def test_clerk_cannot_act_at_a_counter_they_are_not_assigned_to(api, clerk_tokens):
    for action in ("open", "call-next", "finish", "recall"):
        response = api.counter(clerk_tokens[2], 1, action)
        assert response.status_code == 403, (action, response.text)
        assert error_code(response) == "counter_not_allowed"


def test_clerk_cannot_act_where_another_clerk_is_signed_in(api, clerk_tokens, relief_clerk,
                                                          kiosk_token):
    assert api.counter(clerk_tokens[3], 3, "open").status_code == 200
    assert api.issue(kiosk_token, "XD").status_code == 201
    for action, code in [("open", "counter_taken"), ("call-next", "not_signed_in"),
                         ("finish", "not_signed_in"), ("pause", "not_signed_in"),
                         ("close", "not_signed_in")]:
        response = api.counter(relief_clerk, 3, action)
        assert response.status_code == 403, (action, response.text)
        assert error_code(response) == code
    called = api.counter(clerk_tokens[3], 3, "call-next")
    assert called.status_code == 200  # the refusals above took nothing from quay3
    assert api.counter(clerk_tokens[3], 3, "finish").status_code == 200
    assert api.counter(clerk_tokens[3], 3, "close").status_code == 200
    assert api.counter(relief_clerk, 3, "open").status_code == 200  # free again: may sign in
    assert api.counter(relief_clerk, 3, "close").status_code == 200


def test_cookie_session_needs_the_csrf_header(server, api, centre, kiosk_token):
    http = cookie_login(server.url, "quay4", centre.password)
    url = server.url + "/api/v1/counters/4/call-next"
    refused = http.post(url, json={}, timeout=10)
    assert refused.status_code == 403 and error_code(refused) == "csrf_failed"
    csrf = http.get(server.url + "/me", timeout=10).json()["csrf_token"]
    assert api.issue(kiosk_token, "DKKD").status_code == 201
    called = http.post(url, json={}, headers={"X-CSRF-Token": csrf}, timeout=10)
    assert called.status_code == 200, called.text
    assert called.json()["counter"] == 4


def test_expired_session_is_a_401_not_a_silent_failure(server, centre):
    http = cookie_login(server.url, "quay5", centre.password)
    csrf = http.get(server.url + "/me", timeout=10).json()["csrf_token"]
    http.cookies.clear()
    me = http.get(server.url + "/me", timeout=10)
    assert me.status_code == 401 and error_code(me) == "unauthenticated"
    action = http.post(server.url + "/api/v1/counters/5/call-next", json={},
                       headers={"X-CSRF-Token": csrf}, timeout=10)
    assert action.status_code == 401 and error_code(action) == "unauthenticated"


def test_console_page_sends_strangers_to_login(server):
    response = live_server_get(server, "/counter/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/counter/")


def test_console_page_refuses_managers(server, centre):
    http = cookie_login(server.url, "quanly", centre.password)
    response = http.get(server.url + "/counter/", timeout=10)
    assert response.status_code == 403
    assert "chỉ dành cho cán bộ một cửa" in response.text


def test_console_offers_only_the_counters_the_clerk_may_staff(server, centre):
    http = cookie_login(server.url, "quay6", centre.password)
    page = http.get(server.url + "/counter/", timeout=10)
    assert page.status_code == 200
    assert 'data-counter="6"' in page.text
    assert 'data-counter="7"' not in page.text and 'data-counter="1"' not in page.text


def live_server_get(server, path):
    import requests

    return requests.get(server.url + path, allow_redirects=False, timeout=10)


def test_double_press_returns_the_same_ticket_and_skips_nobody(api, kiosk_token, clerk_tokens):
    first, second = (api.issue(kiosk_token, "CT").json() for _ in range(2))
    presses = [api.counter(clerk_tokens[7], 7, "call-next").json() for _ in range(2)]
    assert [press["id"] for press in presses] == [first["id"], first["id"]]
    assert [press["repeated"] for press in presses] == [False, True]
    queue = api.call("GET", "/api/v1/queue", clerk_tokens[7]).json()["tickets"]
    assert second["id"] in [ticket["id"] for ticket in queue]

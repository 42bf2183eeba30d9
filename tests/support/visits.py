"""Helpers for counter and vote tests: a cookie login, a whole served visit, database reads."""

import re

import requests


def cookie_login(base_url: str, username: str, password: str) -> requests.Session:
    """Log in through the real /login form and return the session holding the cookie."""
    http = requests.Session()
    form = http.get(base_url + "/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = http.post(base_url + "/login", timeout=10, allow_redirects=False,
                         data={"csrf_token": csrf, "username": username, "password": password})
    assert response.status_code == 302, response.text
    return http


def serve_visit(api, kiosk_token: str, clerk_token: str, counter: int, service: str) -> dict:
    """Issue a ticket, call it at ``counter`` and finish it; return the finished ticket."""
    issued = api.issue(kiosk_token, service)
    assert issued.status_code == 201, issued.text
    called = api.counter(clerk_token, counter, "call-next")
    assert called.status_code == 200, called.text
    assert called.json()["id"] == issued.json()["id"], "another ticket was waiting"
    finished = api.counter(clerk_token, counter, "finish")
    assert finished.status_code == 200, finished.text
    return finished.json()


def database(centre):
    """Open a session on the centre's database from the test process (committed on success)."""
    return centre.session()

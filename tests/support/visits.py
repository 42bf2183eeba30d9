"""Helpers for counter and vote tests: a cookie login, a whole served visit, database reads."""

import re
from contextlib import contextmanager

import requests

from server.storage import unit_of_work


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


@contextmanager
def database(centre):
    """Open a session on the centre's database from the test process."""
    app = centre.app()
    try:
        with unit_of_work(app) as session:
            yield session
    finally:
        app.extensions["qms_engine"].dispose()

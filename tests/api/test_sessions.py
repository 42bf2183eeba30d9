"""Login sessions live on the server: logout and a new password end them, they expire, and the
cookie is SameSite=Lax, HttpOnly, and Secure when the centre serves HTTPS."""

import re
import time

import pytest
import requests

from tests.support.centre import provision_demo
from tests.support.server import LiveServer
from tests.support.staff import StaffBrowser
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live


def copied(browser: StaffBrowser) -> requests.Session:
    """A second client holding a copy of ``browser``'s cookie, as a thief would."""
    thief = requests.Session()
    thief.cookies.update(browser.http.cookies)
    return thief


def test_a_saved_cookie_stops_working_after_logout(live_server, centre):
    clerk = StaffBrowser(live_server.url, "quay1", centre.password)
    thief = copied(clerk)
    assert thief.get(live_server.url + "/me", timeout=5).status_code == 200
    clerk.post("/logout", {})
    assert thief.get(live_server.url + "/me", timeout=5).status_code == 401
    assert thief.get(live_server.url + "/counter/", allow_redirects=False,
                     timeout=5).status_code == 302


def test_a_new_password_ends_every_session_of_the_user(live_server, centre):
    clerk = StaffBrowser(live_server.url, "quay2", centre.password)
    admin = StaffBrowser(live_server.url, "admin", centre.password)
    listing = admin.get("/admin/users/").text
    row = next(part for part in listing.split("<tr")[1:] if ">quay2<" in part)
    user_id = int(row.split('data-id="')[1].split('"')[0])
    assert admin.post(f"/admin/users/{user_id}/password",
                      {"password": "mat-khau-moi-2026"}).status_code == 302
    assert clerk.get("/me").status_code == 401
    again = StaffBrowser(live_server.url, "quay2", "mat-khau-moi-2026")
    assert again.get("/me").status_code == 200


def test_cookie_is_lax_and_http_only_and_lasts_a_working_day(live_server, centre):
    clerk = StaffBrowser(live_server.url, "quay3", centre.password)
    header = clerk.login.headers["Set-Cookie"]
    assert "SameSite=Lax" in header and "HttpOnly" in header and "Secure" not in header
    cookie = next(c for c in clerk.http.cookies if c.name == "session")
    assert time.time() < cookie.expires <= time.time() + 12 * 3600 + 60


@pytest.fixture
def short_sessions(tmp_path):
    centre = provision_demo(tmp_path)
    server = LiveServer(centre.instance, env={"QMS_SESSION_MAX_AGE_S": "5",
                                              "QMS_SESSION_COOKIE_SECURE": "true"}).start()
    yield centre, server
    server.stop()


def test_sessions_expire_on_the_server_and_cookies_are_secure_when_set(short_sessions):
    centre, server = short_sessions
    # requests keeps a Secure cookie off plain HTTP, so the cookie is carried by hand here
    page = requests.get(server.url + "/login", timeout=5)
    assert "Secure" in page.headers["Set-Cookie"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    login = requests.post(server.url + "/login", allow_redirects=False, timeout=5,
                          headers={"Cookie": f"session={page.cookies['session']}"},
                          data={"csrf_token": token, "username": "quay4",
                                "password": centre.password})
    assert login.status_code == 302 and "Secure" in login.headers["Set-Cookie"]
    cookie = {"Cookie": f"session={login.cookies['session']}"}
    assert requests.get(server.url + "/me", headers=cookie, timeout=5).status_code == 200
    wait_until(lambda: requests.get(server.url + "/me", headers=cookie,
                                    timeout=5).status_code == 401, timeout=20)

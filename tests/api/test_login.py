"""The staff login page: CSRF on the form, hashed passwords, cookie sessions for the API."""

import re

import requests

pytestmark = []  # in process: tests/support/in_process.py


def login_form(base_url: str):
    http = requests.Session()
    page = http.get(base_url + "/login", timeout=5)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return http, page, token


def test_login_page_is_vietnamese_and_carries_a_csrf_token(server):
    _http, page, token = login_form(server.url)
    assert page.status_code == 200 and "Đăng nhập" in page.text and "Mật khẩu" in page.text
    assert len(token) > 20


def test_form_without_csrf_token_is_refused(server, centre):
    http, _page, _token = login_form(server.url)
    response = http.post(server.url + "/login", timeout=5, allow_redirects=False,
                         data={"username": "quay1", "password": centre.password})
    assert response.status_code == 400 and "Phiên đăng nhập đã hết hạn" in response.text
    assert http.get(server.url + "/me", timeout=5).status_code == 401


def test_wrong_password_shows_a_vietnamese_error(server):
    http, _page, token = login_form(server.url)
    response = http.post(server.url + "/login", timeout=5,
                         data={"username": "quay1", "password": "sai-mat-khau",
                               "csrf_token": token})
    assert response.status_code == 401 and "không đúng" in response.text


def test_cookie_session_acts_only_with_the_csrf_header(server, centre):
    http, _page, token = login_form(server.url)
    response = http.post(server.url + "/login", timeout=5, allow_redirects=False,
                         data={"username": "quay2", "password": centre.password,
                               "csrf_token": token, "next": "https://evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/counter/"
    me = http.get(server.url + "/me", timeout=5).json()
    assert me["role"] == "clerk" and me["csrf_token"] != token  # rotated at login
    token = me["csrf_token"]
    url = server.url + "/api/v1/counters/2/open"
    without = http.post(url, json={}, timeout=5)
    assert without.status_code == 403 and without.json()["error"]["code"] == "csrf_failed"
    opened = http.post(url, json={}, headers={"X-CSRF-Token": token}, timeout=5)
    assert opened.status_code == 200 and opened.json()["counter_state"]["status"] == "open"
    assert http.get(server.url + "/api/v1/counters", timeout=5).status_code == 200


def test_expired_session_is_reported(server):
    response = requests.get(server.url + "/me", timeout=5)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Phiên đăng nhập đã hết hạn."


def test_logout_closes_the_clerks_idle_counter(server, centre, api, clerk_tokens):
    http, _page, token = login_form(server.url)
    http.post(server.url + "/login", timeout=5,
              data={"username": "quay7", "password": centre.password, "csrf_token": token})
    csrf = http.get(server.url + "/me", timeout=5).json()["csrf_token"]
    opened = http.post(server.url + "/api/v1/counters/7/open", json={},
                       headers={"X-CSRF-Token": csrf}, timeout=5)
    assert opened.json()["counter_state"]["status"] == "open"
    http.post(server.url + "/logout", data={"csrf_token": csrf}, timeout=5)
    counters = api.call("GET", "/api/v1/counters", clerk_tokens[7]).json()["counters"]
    seven = next(counter for counter in counters if counter["number"] == 7)
    assert seven["status"] == "closed" and seven["clerk"] is None
    assert http.get(server.url + "/me", timeout=5).status_code == 401


def test_a_browser_gets_vietnamese_error_pages_and_scripts_get_json(server):
    page = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    missing = requests.get(server.url + "/khong-co-trang-nay", headers=page, timeout=5)
    assert missing.status_code == 404 and "Không tìm thấy." in missing.text
    assert missing.headers["Content-Type"].startswith("text/html")
    script = requests.get(server.url + "/khong-co-trang-nay", timeout=5)
    assert script.status_code == 404 and script.json()["error"]["code"] == "not_found"
    api = requests.get(server.url + "/api/v1/nothing", headers=page, timeout=5)
    assert api.json()["error"]["code"] == "not_found"  # the API is JSON whatever is asked

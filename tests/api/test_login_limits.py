"""Brute force on sign-in: failures are limited per username and address, per username from
everywhere and per address, with 429 and ``Retry-After``; unknown usernames cost the same
password hash as known ones."""

import pytest

from server.auth import passwords
from server.models import User
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.in_process import InProcessServer
from tests.support.staff import StaffBrowser

pytestmark = []  # in process: tests/support/in_process.py

LIMITS = {"LOGIN_RATE_LIMIT_USER": "3/600", "LOGIN_RATE_LIMIT_ADDRESS": "6/600"}


@pytest.fixture
def limited(tmp_path):
    """A fresh centre and app per test, so each starts with empty counts."""
    with InProcessServer(provision_demo(tmp_path), **LIMITS) as server:
        yield server.centre, server, Api(server.url)


def sign_in(api: Api, username: str, password: str):
    return api.call("POST", "/api/v1/auth/token",
                    json={"username": username, "password": password})


def test_failures_per_username_are_limited_then_refused_with_retry_after(limited):
    centre, _server, api = limited
    assert [sign_in(api, "quay1", "sai-mat-khau").status_code for _ in range(3)] == [401] * 3
    refused = sign_in(api, "quay1", centre.password)  # even the right password now waits
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    error = refused.json()["error"]
    assert error["code"] == "login_rate_limited" and "thử lại sau" in error["message"]
    assert sign_in(api, "quay2", centre.password).status_code == 200  # others still sign in


def test_the_limit_is_shared_by_the_login_page_and_the_token_route(limited):
    centre, server, api = limited
    for _ in range(3):
        page = StaffBrowser(server.url, "quay3", "sai-mat-khau")
        assert page.login.status_code == 401
    blocked = StaffBrowser(server.url, "quay3", centre.password)
    assert blocked.login.status_code == 429 and "Retry-After" in blocked.login.headers
    assert "Đăng nhập sai quá nhiều lần" in blocked.login.text  # the login page, in Vietnamese
    assert sign_in(api, "quay3", centre.password).status_code == 429


def test_failures_per_address_are_limited_across_usernames(limited):
    centre, _server, api = limited
    names = ["khong-co-1", "khong-co-2", "quay4", "quay5", "khong-co-3", "quay6"]
    assert [sign_in(api, name, "sai-mat-khau").status_code for name in names] == [401] * 6
    assert sign_in(api, "quay7", centre.password).status_code == 429


@pytest.fixture
def behind_proxy(tmp_path):
    """A server trusting one proxy, so each test request can come from an address it names."""
    config = {**LIMITS, "LOGIN_RATE_LIMIT_USER_GLOBAL": "5/600",
              "LOGIN_RATE_LIMIT_ADDRESS": "50/600", "TRUSTED_PROXIES": 1}
    with InProcessServer(provision_demo(tmp_path), **config) as server:
        yield server.centre, Api(server.url)


def sign_in_from(api: Api, address: str, username: str, password: str):
    return api.call("POST", "/api/v1/auth/token", headers={"X-Forwarded-For": address},
                    json={"username": username, "password": password})


def test_wrong_guesses_from_one_address_do_not_lock_the_account_elsewhere(behind_proxy):
    centre, api = behind_proxy
    guesses = [sign_in_from(api, "10.0.0.66", "quay1", "sai-mat-khau") for _ in range(3)]
    assert [guess.status_code for guess in guesses] == [401] * 3
    refused = sign_in_from(api, "10.0.0.66", "quay1", centre.password)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 600
    assert sign_in_from(api, "10.0.0.1", "quay1", centre.password).status_code == 200


def test_failures_of_one_username_from_many_addresses_meet_a_backstop(behind_proxy):
    centre, api = behind_proxy
    for host in range(1, 6):
        assert sign_in_from(api, f"10.0.1.{host}", "quay2", "sai").status_code == 401
    refused = sign_in_from(api, "10.0.1.99", "quay2", centre.password)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert sign_in_from(api, "10.0.1.99", "quay3", centre.password).status_code == 200


def test_successful_sign_ins_are_not_counted(limited):
    centre, _server, api = limited
    assert all(sign_in(api, "quay8", centre.password).status_code == 200 for _ in range(8))


@pytest.mark.parametrize("user", [None, User(active=False, password_hash="x")])
def test_unknown_or_inactive_users_cost_one_password_hash(monkeypatch, user):
    known = User(active=True, password_hash=passwords.hash_password("dung-mat-khau"))
    hashed = []
    real_check = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda stored, given: hashed.append(stored) or real_check(stored, given))
    assert passwords.check_login(known, "sai-mat-khau") is False
    assert passwords.check_login(user, "sai-mat-khau") is False
    assert len(hashed) == 2 and all(stored.startswith("scrypt:") for stored in hashed)

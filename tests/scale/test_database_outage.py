"""PostgreSQL briefly unreachable: clear 503 errors, no corruption, recovery without a restart.

A TCP proxy in the test stands between the server and the machine's PostgreSQL, so the link
can be cut without stopping a database other suites use.
"""

import time
import uuid

import pytest
from sqlalchemy.engine import make_url

from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer
from tests.support.waiting import wait_until

from .services import TcpProxy

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    instance = tmp_path_factory.mktemp("outage")
    with temporary_database() as database_url:
        centre = provision_demo(instance, database_url)
        url = make_url(database_url)
        proxy = TcpProxy((url.host, url.port))
        through_proxy = url.set(port=proxy.port).render_as_string(hide_password=False)
        server = LiveServer(instance, async_mode="gevent",
                            env={"QMS_DATABASE_URL": through_proxy}).start()
        try:
            yield centre, server, proxy
        finally:
            server.stop()
            proxy.close()


def _issue(api: Api, token: str, request_id: str):
    return api.call("POST", "/api/v1/tickets", token,
                    json={"service": "CDCS", "request_id": request_id})


def _retry_until_ok(api: Api, token: str, request_id: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = _issue(api, token, request_id)
        if response.status_code in (200, 201):
            return response
        assert response.status_code == 503, response.text
        time.sleep(0.2)
    raise AssertionError("the server did not recover after the database came back")


def test_outage_answers_503_then_recovers(proxied):
    centre, server, proxy = proxied
    api, kiosk = Api(server.url), centre.tokens["kiosk"]
    answered = [_issue(api, kiosk, uuid.uuid4().hex).json()["number"] for _ in range(3)]

    proxy.cut()
    try:
        failed_id = uuid.uuid4().hex
        during = [_issue(api, kiosk, failed_id), api.call("GET", "/api/v1/services")]
        for response in during:
            assert response.status_code == 503, response.text
            error = response.json()["error"]
            assert error["code"] == "database_unavailable"
            assert "Cơ sở dữ liệu" in error["message"]
        assert api.call("GET", "/healthz").status_code == 200  # the process stays up
        not_ready = api.call("GET", "/readyz")
        assert not_ready.status_code == 503
        assert not_ready.json()["checks"]["database"].startswith("unreachable")
    finally:
        proxy.restore()
    wait_until(lambda: api.call("GET", "/readyz").status_code == 200)

    recovered = _retry_until_ok(api, kiosk, failed_id)
    assert recovered.status_code == 201
    answered.append(recovered.json()["number"])
    replay = _issue(api, kiosk, failed_id)
    assert replay.status_code == 200 and replay.json()["number"] == answered[-1]
    answered.append(_issue(api, kiosk, uuid.uuid4().hex).json()["number"])

    numbers = [int(number) for number in answered]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # no gap, no duplicate
    assert server.process.poll() is None

"""Calls made while Redis is down reach the TVs of the other process once it is back.

Two processes share PostgreSQL and a Redis of the test's own. The clerk calls through process
A while Redis is stopped; the TV on process B must hear every one of those calls after Redis
returns, in the order they were made, and each only once — without anyone recalling.
"""

import pytest

from tests.support.clients import Api, Listener
from tests.support.services import require_postgres

from .cluster import cluster_with_own_redis

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _calls_heard(display: Listener, count: int, timeout: float) -> list[str]:
    heard = []
    for _ in range(count):
        heard.append(display.wait_for("ticket_called", timeout=timeout)["number"])
    return heard


def test_calls_during_a_queue_outage_arrive_in_order_once(tmp_path):
    require_postgres()
    with cluster_with_own_redis(tmp_path) as (redis, centre, (server_a, server_b)):
        api = Api(server_a.url)
        kiosk = centre.tokens["kiosk"]
        clerks = {desk: api.staff_token(f"quay{desk}", centre.password) for desk in (8, 9, 10)}
        numbers = [api.issue(kiosk, "HT").json()["number"] for _ in range(3)]
        for desk, token in clerks.items():
            assert api.counter(token, desk, "open").status_code == 200
        display = Listener(server_b.url, "/display", centre.tokens["display"])
        try:
            redis.stop()
            called = [api.counter(clerks[desk], desk, "call-next").json()["number"]
                      for desk in (8, 9, 10)]
            assert called == numbers
            redis.start()

            assert _calls_heard(display, 3, timeout=30) == called
            try:
                extra = display.wait_for("ticket_called", timeout=2)
            except AssertionError:
                extra = None
            assert extra is None, f"announced twice: {extra}"
        finally:
            display.close()



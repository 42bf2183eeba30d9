"""Redis restarted under two processes: they reconnect and displays keep receiving calls.

Runs its own redis-server on a free port, so restarting it never disturbs other suites.
"""

import time

import pytest

from tests.support.clients import Api, Listener
from tests.support.services import require_postgres

from .cluster import cluster_with_own_redis

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _recall_until_heard(api: Api, clerk_token: str, display: Listener, number: str,
                        timeout: float = 20.0) -> dict:
    """Recall every half second until the display hears ``number`` again.

    Calls published while the queue is reconnecting are lost (Socket.IO queues are not
    durable), so the test retries; displays also resync from their snapshot on reconnect.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert api.counter(clerk_token, 10, "recall").status_code == 200
        try:
            return display.wait_for("ticket_called", timeout=0.5,
                                    predicate=lambda p: p["number"] == number and p["recall"])
        except AssertionError:
            continue
    raise AssertionError(f"display never heard {number} after Redis came back")


def test_processes_reconnect_after_redis_restart(tmp_path):
    require_postgres()
    with cluster_with_own_redis(tmp_path) as (redis, centre, (server_a, server_b)):
        api = Api(server_a.url)
        clerk = api.staff_token("quay10", centre.password)
        display = Listener(server_b.url, "/display", centre.tokens["display"])
        try:
            number = api.issue(centre.tokens["kiosk"], "XD").json()["number"]
            assert api.counter(clerk, 10, "open").status_code == 200
            assert api.counter(clerk, 10, "call-next").json()["number"] == number
            display.wait_for("ticket_called", predicate=lambda p: p["number"] == number)

            redis.stop()
            assert api.counter(clerk, 10, "recall").status_code == 200  # no 5xx meanwhile
            redis.start()

            heard = _recall_until_heard(api, clerk, display, number)
            assert heard["counter"] == 10
            assert display.client.connected
            assert server_a.process.poll() is None and server_b.process.poll() is None
        finally:
            display.close()

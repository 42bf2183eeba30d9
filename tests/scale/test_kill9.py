"""kill -9 under issue load: every ticket a kiosk got an answer for survives the restart, and
numbering goes on with no duplicate — on SQLite (the default) and on PostgreSQL."""

import threading
import time
import uuid
from contextlib import ExitStack

import pytest
import requests

from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer
from tests.support.services import require_postgres
from tests.support.tiers import POSTGRES

pytestmark = pytest.mark.live

KIOSKS = 8
SERVICE = "DKKD"


class KioskLoad:
    """Kiosks issuing tickets as fast as they can; they remember every answer they got."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url, token
        self.answered: dict[str, dict] = {}  # request_id → ticket
        self.unanswered: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._kiosk, daemon=True) for _ in range(KIOSKS)]

    def _kiosk(self) -> None:
        api = Api(self.url)
        while not self.stop.is_set():
            request_id = uuid.uuid4().hex
            try:
                response = api.issue(self.token, SERVICE, request_id=request_id)
            except requests.RequestException:
                with self.lock:
                    self.unanswered.append(request_id)
                return
            if response.status_code == 201:
                with self.lock:
                    self.answered[request_id] = response.json()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(15)


def _server(stack: ExitStack, tmp_path, backend: str) -> LiveServer:
    env = {"QMS_KIOSK_RATE_LIMIT": "100000/1"}
    mode = "eventlet"
    if backend == "postgresql":
        require_postgres()
        env["QMS_DATABASE_URL"] = stack.enter_context(temporary_database())
        mode = "gevent"
    centre = provision_demo(tmp_path, env.get("QMS_DATABASE_URL"))
    server = LiveServer(tmp_path, async_mode=mode, env=env)
    stack.callback(server.stop)
    server.kiosk_token = centre.tokens["kiosk"]
    return server.start()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def test_kill_9_under_load_loses_no_answered_ticket(tmp_path, backend):
    with ExitStack() as stack:
        server = _server(stack, tmp_path, backend)
        with KioskLoad(server.url, server.kiosk_token) as load:
            deadline = time.monotonic() + 30
            while len(load.answered) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.kill()
        assert len(load.answered) >= 20, "the load never got going"
        server.start()
        api = Api(server.url)

        for ticket in load.answered.values():
            found = api.call("GET", f"/api/v1/tickets/{ticket['public_code']}")
            assert found.status_code == 200, f"answered ticket {ticket['number']} lost"
            assert found.json()["number"] == ticket["number"]
        retried = [api.issue(server.kiosk_token, SERVICE, request_id=request_id).json()
                   for request_id in load.unanswered]
        fresh = [api.issue(server.kiosk_token, SERVICE).json() for _ in range(5)]

        numbers = [t["number"] for t in [*load.answered.values(), *retried, *fresh]]
        assert len(numbers) == len(set(numbers)), "a number was issued twice"
        assert min(int(t["number"]) for t in fresh) > max(
            int(t["number"]) for t in load.answered.values())

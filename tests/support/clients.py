"""Thin HTTP and Socket.IO clients for tests against a live server."""

import queue
import uuid

import requests
import socketio

from server.extensions import socketio as server_socketio

from .asyncapi import EventViolation, event_checker_for
from .contract import checker_for
from .in_process import app_at


class Api:
    """JSON calls to ``/api/v1`` with an optional bearer token; every answer is checked
    against the OpenAPI document the server serves."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self.http.request(method, self.base_url + path, headers=headers,
                                     timeout=10, **kwargs)
        checker_for(self.base_url).check(response)
        return response

    def staff_token(self, username: str, password: str) -> str:
        response = self.call("POST", "/api/v1/auth/token",
                             json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def issue(self, kiosk_token: str, service: str | None, **fields):
        body = {"request_id": uuid.uuid4().hex, **fields}
        if service is not None:
            body["service"] = service
        return self.call("POST", "/api/v1/tickets", kiosk_token, json=body)

    def counter(self, token: str, desk: int, action: str, /, **body):
        """POST a counter action; ``body`` fields may be named ``number`` or ``counter``."""
        return self.call("POST", f"/api/v1/counters/{desk}/{action}", token, json=body)


class Listener:
    """A Socket.IO client that records every event of one namespace; every event is checked
    against the AsyncAPI document the server serves (a violation fails ``wait_for``).

    For an app served in process (``tests/support/in_process.py``) it is a
    ``socketio.test_client`` of that app, with the same interface; a refused connection
    raises ``socketio.exceptions.ConnectionError`` either way."""

    def __init__(self, base_url: str, namespace: str, token: str | None, events=(),
                 auth: dict | None = None):
        self.events: queue.Queue = queue.Queue()
        self.checker = event_checker_for(base_url)
        self.namespace = namespace
        self.violations: list[EventViolation] = []
        self.names = {"snapshot", "ticket_called", "queue_changed", "counter_changed", "error",
                      *events}
        credentials = {"token": token, **(auth or {})} if token else None
        app = app_at(base_url)
        self.client, self.test_client = None, None
        if app is not None:
            self.test_client = server_socketio.test_client(app, namespace=namespace,
                                                           auth=credentials)
            if not self.test_client.is_connected(namespace):
                raise socketio.exceptions.ConnectionError("the server refused the connection")
            return
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                      reconnection_delay_max=1)
        for name in self.names:
            self.client.on(name, self._recorder(name), namespace=namespace)
        self.client.connect(base_url, namespaces=[namespace], auth=credentials,
                            transports=["websocket"], wait_timeout=10)

    def call(self, event: str, payload, timeout: float = 5.0):
        """Emit ``event`` and return its ack."""
        if self.test_client is not None:
            return self.test_client.emit(event, payload, namespace=self.namespace, callback=True)
        return self.client.call(event, payload, namespace=self.namespace, timeout=timeout)

    def next_event(self, timeout: float = 5.0) -> tuple[str, object]:
        """Return the next event recorded, as (name, payload), in the order they came."""
        self._take_received()
        return self.events.get(timeout=timeout)

    def _take_received(self) -> None:
        """Record what an in-process test client has been sent so far."""
        if self.test_client is not None and self.test_client.is_connected(self.namespace):
            for event in self.test_client.get_received(self.namespace):
                if event["name"] in self.names:
                    self._recorder(event["name"])(*event["args"])

    def _recorder(self, name):
        def record(*args):
            payload = args[0] if args else None
            try:
                self.checker.check(self.namespace, name, payload)
            except EventViolation as violation:
                self.violations.append(violation)
            self.events.put((name, payload))
        return record

    def wait_for(self, name: str, timeout: float = 5.0, predicate=lambda payload: True):
        """Return the payload of the next ``name`` event that matches ``predicate``."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {name!r} event within {timeout}s")
            self._take_received()
            try:
                event, payload = self.events.get(
                    timeout=remaining if self.test_client is None else min(remaining, 0.05))
            except queue.Empty:
                continue
            if self.violations:
                raise self.violations[0]
            if event == name and predicate(payload):
                return payload

    def close(self):
        if self.test_client is not None:
            if self.test_client.is_connected(self.namespace):
                self.test_client.disconnect(namespace=self.namespace)
        else:
            self.client.disconnect()
        if self.violations:
            raise self.violations[0]


def staff_headers(client, password: str, *usernames: str) -> dict[str, dict]:
    """Sign each user in through a Flask test client: their ``Authorization`` headers."""
    def sign_in(username: str) -> dict:
        answer = client.post("/api/v1/auth/token",
                             json={"username": username, "password": password})
        assert answer.status_code == 200, answer.get_json()
        return {"Authorization": f"Bearer {answer.get_json()['token']}"}
    return {name: sign_in(name) for name in usernames}

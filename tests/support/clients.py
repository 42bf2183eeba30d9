"""Thin HTTP and Socket.IO clients for tests against a live server."""

import queue
import uuid

import requests
import socketio

from .asyncapi import EventViolation, event_checker_for
from .contract import checker_for


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
    against the AsyncAPI document the server serves (a violation fails ``wait_for``)."""

    def __init__(self, base_url: str, namespace: str, token: str | None, events=(),
                 auth: dict | None = None):
        self.events: queue.Queue = queue.Queue()
        self.checker = event_checker_for(base_url)
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                      reconnection_delay_max=1)
        self.namespace = namespace
        self.violations: list[EventViolation] = []
        for name in ("snapshot", "ticket_called", "queue_changed", "counter_changed", "error",
                     *events):
            self.client.on(name, self._recorder(name), namespace=namespace)
        self.client.connect(base_url, namespaces=[namespace],
                            auth={"token": token, **(auth or {})} if token else None,
                            transports=["websocket"], wait_timeout=10)

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
            try:
                event, payload = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if self.violations:
                raise self.violations[0]
            if event == name and predicate(payload):
                return payload

    def close(self):
        self.client.disconnect()
        if self.violations:
            raise self.violations[0]

"""A fake province one-stop system on 127.0.0.1 that receives qms's webhooks, and the outage
scenario the test and the bench share: steady calls while the receiver is up, killed, back.

The receiver checks each delivery as an integrator would (the signature over the raw body,
the body's exact keys), keeps the first arrival of each idempotency key and counts repeats.
"""

import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import requests

from tests.support.http_stub import LoopbackServer, QuietHandler

ENVELOPE = ["id", "event", "occurred_at", "site", "data"]
TICKET_EVENTS = ["ticket.issued", "ticket.called", "ticket.served"]


class FakeProvince:
    """Receives webhooks on a fixed loopback port; ``kill()`` and ``revive()`` it at will."""

    def __init__(self, secret: str, port: int = 0):
        self.secret = secret.encode()
        self.events: list[dict] = []       # first arrival of each key, in arrival order
        self.seen: set[str] = set()
        self.repeats = self.bad_signatures = self.bad_bodies = 0
        self.lock = threading.Lock()
        self.server: LoopbackServer | None = None
        self.port = port
        self.revive()
        self.url = f"http://127.0.0.1:{self.port}/qms-events"

    def _handler(self):
        province = self

        class Handler(QuietHandler):
            def do_POST(self):
                self.answer_empty(province.receive(self.headers, self.posted()))

        return Handler

    def receive(self, headers, body: bytes) -> int:
        """Check one delivery and store it once; return the HTTP status to answer."""
        expected = "sha256=" + hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        with self.lock:
            if not hmac.compare_digest(expected, headers.get("X-QMS-Signature", "")):
                self.bad_signatures += 1
                return 401
            event = json.loads(body)
            if list(event) != ENVELOPE or headers.get("Idempotency-Key") != event["id"]:
                self.bad_bodies += 1
                return 400
            if event["id"] in self.seen:
                self.repeats += 1  # acknowledged again, stored once
            else:
                self.seen.add(event["id"])
                self.events.append(event)
        return 204

    def kill(self) -> None:
        """Stop answering: every connection is refused until ``revive``."""
        if self.server is not None:
            self.server.close()
            self.server = None

    def revive(self) -> None:
        """Listen again on the same port."""
        self.server = LoopbackServer(self._handler(), self.port)
        self.port = self.server.port

    def out_of_order(self) -> list[int]:
        """Tickets whose events did not arrive issued, called, served (in that order)."""
        by_ticket: dict[int, list[str]] = {}
        for event in self.events:
            by_ticket.setdefault(event["data"]["ticket_id"], []).append(event["event"])
        return [ticket for ticket, kinds in by_ticket.items()
                if kinds != TICKET_EVENTS[:len(kinds)]]


@dataclass
class OutageRun:
    """What one run measured: call latencies per phase, and what the province received."""

    calls: dict[str, list[float]] = field(default_factory=lambda: {
        "before": [], "down": [], "after": []})
    issues: list[float] = field(default_factory=list)
    tickets: int = 0
    backlog_peak: int = 0
    delivered: int = 0
    pending: int = 0
    dead: int = 0
    drain_s: float | None = None


def _token(base: str, username: str, password: str) -> str:
    answer = requests.post(f"{base}/api/v1/auth/token",
                           json={"username": username, "password": password}, timeout=30)
    answer.raise_for_status()
    return answer.json()["token"]


def _backlog(http: requests.Session, base: str, admin: dict) -> dict:
    [endpoint] = http.get(f"{base}/api/v1/webhooks", headers=admin, timeout=30).json()["webhooks"]
    return endpoint


def _drained(endpoint: dict, revived_at: datetime) -> bool:
    """Tell whether every event queued before the receiver came back has been delivered."""
    oldest = endpoint["oldest_pending_at"]
    return endpoint["pending"] == 0 or datetime.fromisoformat(oldest) >= revived_at


def run_outage(base: str, centre, province: FakeProvince, *, before_s: float, outage_s: float,
               after_s: float, interval_s: float, drain_timeout_s: float,
               log=print) -> OutageRun:
    """Declare the province's endpoint, then issue and call one ticket every ``interval_s``
    at counter 1: ``before_s`` with the receiver up, ``outage_s`` with it killed,
    ``after_s`` up again; then wait until the outbox is empty."""
    http = requests.Session()
    admin = {"Authorization": f"Bearer {_token(base, 'admin', centre.password)}"}
    clerk = {"Authorization": f"Bearer {_token(base, 'quay1', centre.password)}"}
    kiosk = {"Authorization": f"Bearer {centre.tokens['kiosk']}"}
    declared = http.put(f"{base}/api/v1/webhooks", headers=admin, timeout=30, json={
        "webhooks": [{"name": "Hệ thống một cửa tỉnh", "url": province.url,
                      "kinds": TICKET_EVENTS, "secret": province.secret.decode()}]})
    declared.raise_for_status()
    run = OutageRun()
    phases = [("before", before_s), ("down", outage_s), ("after", after_s)]
    for phase, seconds in phases:
        if phase == "down":
            province.kill()
        elif phase == "after":
            province.revive()
            revived, revived_at = time.monotonic(), datetime.now(UTC)
        log(f"  {phase}: {seconds:.0f} s, receiver {'down' if phase == 'down' else 'up'}")
        until = time.monotonic() + seconds
        next_at = time.monotonic()
        while time.monotonic() < until:
            began = time.perf_counter()
            issued = http.post(f"{base}/api/v1/tickets", headers=kiosk, timeout=30,
                               json={"service": "DD", "request_id": uuid.uuid4().hex})
            run.issues.append(time.perf_counter() - began)
            assert issued.status_code == 201, issued.text
            began = time.perf_counter()
            called = http.post(f"{base}/api/v1/counters/1/call-next", headers=clerk,
                               json={}, timeout=30)
            run.calls[phase].append(time.perf_counter() - began)
            assert called.status_code == 200, called.text
            # Each call takes the ticket just issued (QMS_CALL_DEBOUNCE_S=0) and finishes the
            # one before: three events a ticket, the last one's "served" still to come.
            assert called.json()["id"] == issued.json()["id"], called.text
            run.tickets += 1
            if phase == "down" and run.tickets % 10 == 0:
                run.backlog_peak = max(run.backlog_peak,
                                       _backlog(http, base, admin)["pending"])
            if phase == "after" and run.drain_s is None and _drained(
                    _backlog(http, base, admin), revived_at):
                run.drain_s = time.monotonic() - revived
            next_at += interval_s
            time.sleep(max(0.0, next_at - time.monotonic()))
    deadline = time.monotonic() + drain_timeout_s
    while time.monotonic() < deadline:
        backlog = _backlog(http, base, admin)
        if run.drain_s is None and _drained(backlog, revived_at):
            run.drain_s = time.monotonic() - revived
        if backlog["pending"] == 0:
            break
        time.sleep(0.5)
    backlog = _backlog(http, base, admin)
    run.delivered, run.pending, run.dead = (backlog["delivered"], backlog["pending"],
                                            backlog["dead"])
    return run


def summary(run: OutageRun, province: FakeProvince) -> list[str]:
    """The run's figures, one line each."""
    def quantiles(values: list[float]) -> str:
        ordered = sorted(values)
        p50 = ordered[len(ordered) // 2]
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        return f"n={len(values):<5} p50 {p50 * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms"

    drained = f"{run.drain_s:.1f} s" if run.drain_s is not None else "not within the wait"
    return [
        f"  call-next, receiver up (baseline)  {quantiles(run.calls['before'])}",
        f"  call-next, receiver down           {quantiles(run.calls['down'])}",
        f"  call-next, receiver back           {quantiles(run.calls['after'])}",
        f"  issue (every phase)                {quantiles(run.issues)}",
        f"  tickets {run.tickets}; outbox peak while down {run.backlog_peak} pending; "
        f"every event of the outage delivered {drained} after the receiver came back",
        f"  delivered {run.delivered}, pending {run.pending}, dead {run.dead}; received "
        f"{len(province.events)} distinct ids, {province.repeats} repeats, "
        f"{len(province.out_of_order())} tickets out of order, {province.bad_signatures} bad "
        f"signatures, {province.bad_bodies} bad bodies",
    ]

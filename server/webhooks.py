"""Sending the webhook outbox in the background of ``qms run``.

Each round claims the due deliveries (``server/engine/outbox.py``), posts them outside any
transaction with a short timeout and no redirects, and records each outcome. The request path
only inserts outbox rows, so a slow or dead endpoint never holds up a call or an issue. An
endpoint that fails once in a round is not tried again in that round: its other events wait
for their retry time without counting an attempt.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask

from .background import every
from .engine.outbox import RetryPolicy, claim_due, forget_sent, put_back, record_outcome
from .models import WebhookDelivery, utcnow
from .sms import _NoRedirects
from .storage import unit_of_work

log = logging.getLogger(__name__)
_OPENER = urllib.request.build_opener(_NoRedirects)
SIGNATURE_HEADER = "X-QMS-Signature"
ENVELOPE = ("id", "event", "occurred_at", "site", "data")  # a delivery's body, in this order
ROUNDS_PER_TURN = 20  # each round sends at most one event per key: the next waits for it


def sign(secret: str, body: bytes) -> str:
    """Return the signature header value: ``sha256=`` and the hex HMAC-SHA256 of ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def request_for(url: str, secret: str, envelope: dict, sent_at: int) -> urllib.request.Request:
    """Build the signed POST of one event.

    The body is the envelope exactly, ``{"id", "event", "occurred_at", "site", "data"}``,
    the same bytes at every attempt; ``X-QMS-Signature`` is the HMAC of those bytes. A
    receiver refuses a delivery played again by its id (also ``Idempotency-Key``), which the
    signature covers; ``X-QMS-Timestamp`` (this attempt's time, ``sent_at``) is for its logs.
    """
    body = json.dumps({name: envelope[name] for name in ENVELOPE}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "qms-webhooks",
               "X-QMS-Event": envelope["event"], "X-QMS-Event-Id": envelope["id"],
               "Idempotency-Key": envelope["id"], "X-QMS-Timestamp": str(sent_at),
               SIGNATURE_HEADER: sign(secret, body)}
    return urllib.request.Request(url, data=body, headers=headers, method="POST")


def post(request: urllib.request.Request, timeout_s: float) -> str | None:
    """Send one delivery; return None on a 2xx answer, else what went wrong."""
    try:
        with _OPENER.open(request, timeout=timeout_s) as response:
            response.read(65536)
    except urllib.error.HTTPError as error:
        error.close()
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"unreachable: {error}"
    return None


@dataclass(frozen=True)
class _Claimed:
    delivery_id: int
    endpoint_id: int
    url: str
    secret: str
    envelope: dict


def policy_from(config) -> RetryPolicy:
    """Read the retry policy from the configuration."""
    return RetryPolicy(first_s=float(config["WEBHOOK_RETRY_S"]),
                       cap_s=float(config["WEBHOOK_RETRY_CAP_S"]),
                       give_up_days=float(config["WEBHOOK_GIVE_UP_DAYS"]))


def deliver_due(app: Flask, now: datetime | None = None) -> int:
    """Send what is due, round after round while rounds find work; return how many were
    acknowledged."""
    delivered = 0
    for _round in range(ROUNDS_PER_TURN):
        sent, claimed = _round_of(app, now)
        delivered += sent
        if not claimed:
            break
    return delivered


def _round_of(app: Flask, now: datetime | None) -> tuple[int, int]:
    config = app.config
    timeout_s = float(config["WEBHOOK_TIMEOUT_S"])
    policy = policy_from(config)
    with unit_of_work(app) as session:
        claimed = [_Claimed(d.id, d.endpoint_id, d.endpoint.url, d.endpoint.secret, d.payload)
                   for d in claim_due(session, now or utcnow(), lease_s=timeout_s * 2 + 5)]
    failed: dict[int, datetime] = {}
    held_back: list[_Claimed] = []
    delivered = 0
    for item in claimed:
        if item.endpoint_id in failed:
            held_back.append(item)
            continue
        error = post(request_for(item.url, item.secret, item.envelope, int(time.time())),
                     timeout_s)
        with unit_of_work(app) as session:
            delivery = session.get(WebhookDelivery, item.delivery_id)
            record_outcome(delivery, error, now or utcnow(), policy)
            if error is not None:
                log.warning("webhook %s event %s not delivered (attempt %d): %s",
                            item.endpoint_id, item.envelope["id"], delivery.attempts, error)
                failed[item.endpoint_id] = delivery.next_attempt_at
        delivered += error is None
    if held_back:  # one transaction for them all: each commit competes with the call path
        with unit_of_work(app) as session:
            for item in held_back:
                put_back(session.get(WebhookDelivery, item.delivery_id),
                         failed[item.endpoint_id])
    return delivered, len(claimed)


def forget_old_events(app: Flask) -> None:
    """Delete sent and given-up events older than ``PERSONAL_DATA_KEEP_DAYS``."""
    before = utcnow() - timedelta(days=app.config["PERSONAL_DATA_KEEP_DAYS"])
    with unit_of_work(app) as session:
        forgotten = forget_sent(session, before)
    if forgotten:
        log.info("webhook outbox: %d old events deleted", forgotten)


def start_webhook_sender(app: Flask) -> None:
    """Send the outbox every ``WEBHOOK_POLL_S`` seconds in the background, and forget what
    was sent long ago with the personal data purge's clock."""
    every(app, "WEBHOOK_POLL_S", deliver_due, "webhook delivery")
    every(app, "PURGE_CHECK_S", forget_old_events, "webhook outbox clean-up")

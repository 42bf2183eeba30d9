"""Liveness, readiness and metrics endpoints for the people and tools that run the service.

``/healthz`` answers while the process runs; ``/readyz`` says whether it can do its job now
(database, message queue, background workers); ``/metrics`` is for Prometheus.
"""

import hmac
import time

import redis
from flask import Blueprint, Flask, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from .errors import ApiError

health = Blueprint("health", __name__)

# A worker beats once per loop; one silent this long has died or is stuck.
WORKER_SILENT_S = 60.0
LOOPBACK = ("127.0.0.1", "::1")


def beat(app: Flask, worker: str) -> None:
    """Record that background ``worker`` has just run a loop."""
    app.extensions.setdefault("qms_heartbeats", {})[worker] = time.monotonic()


@health.get("/healthz")
def healthz():
    return {"status": "ok"}


@health.get("/readyz")
def readyz():
    checks = {"database": _database_check(), "message_queue": _queue_check()}
    checks.update(_worker_checks())
    failing = {name: problem for name, problem in checks.items() if problem not in ("ok", "off")}
    body = {"status": "fail" if failing else "ok", "checks": checks}
    return body, 503 if failing else 200


@health.get("/metrics")
def metrics():
    _authorise_scrape()
    registry = current_app.extensions["qms_metrics"].registry
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _database_check() -> str:
    engine = current_app.extensions["qms_engine"]
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach it is the answer, not a crash
        current_app.extensions["qms_metrics"].database_errors.inc()
        return f"unreachable: {type(error).__name__}"
    return "ok"


def _queue_check() -> str:
    url = current_app.config["MESSAGE_QUEUE"]
    if not url:
        return "off"
    try:
        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"unreachable: {type(error).__name__}"
    return "ok"


def _worker_checks() -> dict:
    now = time.monotonic()
    return {worker: "ok" if now - last < WORKER_SILENT_S else f"silent for {now - last:.0f} s"
            for worker, last in current_app.extensions.get("qms_heartbeats", {}).items()}


def _authorise_scrape() -> None:
    token = current_app.config["METRICS_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(given.encode(), token.encode()):
            return
    elif request.remote_addr in LOOPBACK:
        return
    raise ApiError(403, "metrics_forbidden",
                   "Cần mã truy cập số liệu giám sát (QMS_METRICS_TOKEN).",
                   "Metrics need the bearer token set in QMS_METRICS_TOKEN, or a loopback client.")

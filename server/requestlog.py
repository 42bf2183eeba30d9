"""Request ids and the access log: one line per request, never a token or a password.

The path is logged without its query string (a kiosk's first request carries ``?token=``), and
no header or body is logged at all. A made-up method is logged as ``other`` and the path's
control characters escaped, so no request can forge a log line.
"""

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request

from .metrics import method_label

access_log = logging.getLogger("qms.access")
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
PATH_LOGGED_MAX = 300


def request_id() -> str:
    """Return this request's id: the proxy's ``X-Request-Id`` when well-formed, else a new one."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


class JsonLines(logging.Formatter):
    """Format records as one JSON object per line, with the access fields when present."""

    FIELDS = ("request_id", "method", "path", "status", "duration_ms", "remote", "user")

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        line.update({field: getattr(record, field) for field in self.FIELDS
                     if hasattr(record, field)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str, log_format: str) -> None:
    """Send qms's logs to stderr as text or, with ``log_format == "json"``, as JSON lines."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    formatter = (JsonLines() if log_format == "json"
                 else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for handler in root.handlers:
        handler.setFormatter(formatter)


def init_app(app: Flask) -> None:
    """Give every request an id (echoed in ``X-Request-Id``) and an access-log line."""

    @app.before_request
    def _start():
        request_id()
        g.access_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-Id"] = request_id()
        if app.config["ACCESS_LOG"]:
            _log_access(response.status_code)
        return response


def _log_access(status: int) -> None:
    started = g.get("access_started", time.perf_counter())
    user = g.get("user")
    fields = {"request_id": request_id(), "method": method_label(),
              "path": _printable(request.path),
              "status": status, "duration_ms": round((time.perf_counter() - started) * 1000, 1),
              "remote": request.remote_addr or "", "user": user.username if user else ""}
    access_log.info("%(method)s %(path)s %(status)s %(duration_ms)sms id=%(request_id)s", fields,
                    extra=fields)


def _printable(path: str) -> str:
    """Return ``path`` cut to a sane length, with control characters escaped."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", path[:PATH_LOGGED_MAX])

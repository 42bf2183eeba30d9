"""The one rate limiter of the project (Flask-Limiter), and the limits the routes share.

Counts live in Redis when the processes share one (the Socket.IO message queue), so a limit
holds for the whole centre and not once per process; otherwise in this process's memory.
Limits are written as ``"count/seconds"`` in the settings (``KIOSK_RATE_LIMIT = "30/60"``).
If Redis cannot be reached a request is let through and the outage logged: a citizen's ticket
matters more than the limit.
"""

import logging
import math
import time

from flask import Flask, current_app, g, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse

from .auth.guard import authenticate
from .errors import ApiError, render_error

log = logging.getLogger(__name__)
limiter = Limiter(key_func=get_remote_address)

# What each limit's refusal says; the limit's ``error_message`` names one of these.
REFUSALS = {
    "login": ("login_rate_limited",
              "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
              "Too many failed sign-ins; try again in {minutes} min."),
    "kiosk": ("rate_limited", "Máy lấy số thao tác quá nhanh, vui lòng đợi giây lát.",
              "This kiosk is issuing too fast; wait a moment."),
    "scan": ("rate_limited", "Quét thẻ quá nhanh, vui lòng đợi giây lát.",
             "Cards are being scanned too fast; wait a moment."),
}


def init_app(app: Flask) -> None:
    """Bind the limiter to ``app``: storage, key prefix, headers, and the 429 answer."""
    config = app.config
    queue = config["MESSAGE_QUEUE"] or ""
    shared = queue.startswith(("redis://", "rediss://", "unix://"))
    config["RATELIMIT_STORAGE_URI"] = queue if shared else "memory://"
    config["RATELIMIT_KEY_PREFIX"] = f"{config['MESSAGE_QUEUE_CHANNEL']}:limit"
    config["RATELIMIT_STRATEGY"] = "moving-window"
    config["RATELIMIT_HEADERS_ENABLED"] = True
    config["RATELIMIT_SWALLOW_ERRORS"] = True
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _refused)


def per_spec(setting: str):
    """Return a limit provider reading ``"count/seconds"`` from the setting ``setting``."""
    def provider() -> str:
        count, _, seconds = str(current_app.config[setting]).partition("/")
        return f"{int(count)} per {float(seconds or 60):g} seconds"
    return provider


def allow(setting: str, scope: str, key: str) -> bool:
    """Count one event of ``key`` against the ``"count/seconds"`` setting; False when over.

    For a limit decided inside a view (the key is known only after parsing); routes whose key
    is known up front use the decorators below. A storage outage lets the event through.
    """
    item = parse(per_spec(setting)())
    try:
        return limiter.limiter.hit(item, current_app.config["RATELIMIT_KEY_PREFIX"], scope, key)
    except Exception:  # the storage's own errors vary by backend
        log.warning("rate limit %s not checked: storage unavailable", scope, exc_info=True)
        return True


def exhausted(setting: str, scope: str, key: str) -> bool:
    """Tell whether ``key`` has used up the setting's limit, without counting an event."""
    item = parse(per_spec(setting)())
    try:
        return not limiter.limiter.test(item, current_app.config["RATELIMIT_KEY_PREFIX"], scope,
                                        key)
    except Exception:  # the storage's own errors vary by backend
        log.warning("rate limit %s not checked: storage unavailable", scope, exc_info=True)
        return False


def _failed(response) -> bool:
    return response.status_code == 401


def _username() -> str:
    """The username a sign-in attempt names, from the login form or the token request."""
    payload = request.get_json(force=True, silent=True) if request.get_data(cache=True) else None
    name = payload.get("username") if isinstance(payload, dict) else request.form.get("username")
    return "user:" + (name.strip().lower()[:64] if isinstance(name, str) else "")


def login_limits(view):
    """Limit failed sign-ins per username and per address, across every sign-in route."""
    per_user = limiter.shared_limit(per_spec("LOGIN_RATE_LIMIT_USER"), scope="login-user",
                                    key_func=_username, deduct_when=_failed,
                                    error_message="login")
    per_address = limiter.shared_limit(per_spec("LOGIN_RATE_LIMIT_ADDRESS"),
                                       scope="login-address", deduct_when=_failed,
                                       error_message="login")
    return per_user(per_address(view))


def kiosk_limit(view):
    """Limit how fast one kiosk issues tickets (``KIOSK_RATE_LIMIT``); needs ``g.device``."""
    return limiter.limit(per_spec("KIOSK_RATE_LIMIT"), key_func=lambda: f"kiosk:{g.device.id}",
                         error_message="kiosk")(view)


def scan_limit(view):
    """Limit card scans per kiosk or clerk (``CITIZEN_SCAN_RATE_LIMIT``).

    Needs ``g.device`` or ``g.user``: a stolen token cannot test ID numbers at speed.
    """
    def key() -> str:
        return f"device:{g.device.id}" if g.get("device") else f"user:{g.user.id}"
    return limiter.limit(per_spec("CITIZEN_SCAN_RATE_LIMIT"), key_func=key,
                         error_message="scan")(view)


def _refused(error: RateLimitExceeded):
    """Answer 429 in the project's error shape (the login page shows its form again)."""
    code, message, message_en = REFUSALS.get(error.description, REFUSALS["login"])
    minutes = _minutes_left(error)
    message, message_en = message.format(minutes=minutes), message_en.format(minutes=minutes)
    if request.endpoint == "auth.login_submit":
        return render_template("login.html", error=message,
                               next=request.form.get("next", "")), 429
    return render_error(ApiError(429, code, message, message_en))


def _minutes_left(error: RateLimitExceeded) -> int:
    window = limiter.current_limit
    if window is None:
        return max(1, math.ceil(error.limit.limit.get_expiry() / 60))
    return max(1, math.ceil((window.reset_at - time.time()) / 60))


def client_key() -> str:
    """Key a public caller by its kiosk when it shows a device token, else by its address."""
    try:
        _user, device = authenticate()
    except ApiError:
        device = None
    return f"device:{device.id}" if device is not None else f"ip:{request.remote_addr}"


def check_lookup_rate(setting: str = "DOSSIER_LOOKUP_RATE_LIMIT",
                      scope: str = "dossier-lookup") -> None:
    """Refuse a public look-up beyond the configured rate, so codes cannot be enumerated."""
    if not allow(setting, scope, client_key()):
        raise ApiError(429, "rate_limited",
                       "Tra cứu quá nhiều lần, vui lòng thử lại sau ít phút.",
                       "Too many look-ups; please try again in a few minutes.")

"""Configuration: defaults, then ``<instance>/qms.toml``, then ``QMS_*`` variables, then tests."""

import json
import os
import secrets
import tomllib
from pathlib import Path

from printers.networks import PRIVATE_NETWORKS
from voice import VI_TEMPLATE

DEFAULTS = {
    "SECRET_KEY": None,  # None: generated once into <instance>/secret_key
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "ASYNC_MODE": "eventlet",
    "MESSAGE_QUEUE": None,
    # Connections one process holds at once: every TV, console, kiosk and dashboard keeps one.
    "MAX_CONNECTIONS": 10_000,
    # A socket that joins no namespace with valid credentials is closed after this long.
    "SOCKET_JOIN_GRACE_S": 10,
    # Sockets one address may hold (a centre behind one NAT is one address); 0: no limit.
    "SOCKET_MAX_PER_ADDRESS": 200,
    # Part of MAX_CONNECTIONS that sockets not yet joined may hold; the rest is the screens'.
    "SOCKET_ANONYMOUS_SHARE": 0.2,
    "MESSAGE_QUEUE_CHANNEL": "qms",  # processes sharing a queue must share the channel
    "MESSAGE_QUEUE_HOLD_S": 120,  # screen news held through a queue outage at most this long
    "PERSONAL_DATA_KEEP_DAYS": 180,  # names and phones erased this long after their use ended
    "PURGE_CHECK_S": 6 * 3600,
    # Name, birth date and address read from an ID card are erased at the day's rollover
    # plus this many days (0 to 90); the number itself is never kept, only its keyed hash.
    "CITIZEN_DETAILS_DAYS": 0,
    "CITIZEN_SCAN_RATE_LIMIT": "60/60",  # card scans per seconds, per kiosk or clerk
    "CENTRE_NAME": "Trung tâm Phục vụ hành chính công",
    "PUBLIC_URL": "",
    "CALL_DEBOUNCE_S": 2.0,
    "KIOSK_RATE_LIMIT": "30/60",  # tickets per seconds, per kiosk
    "LOGIN_RATE_LIMIT_USER": "10/900",  # failed sign-ins per seconds, per username and address
    "LOGIN_RATE_LIMIT_USER_GLOBAL": "100/3600",  # failed sign-ins per username, any address
    "LOGIN_RATE_LIMIT_ADDRESS": "30/900",  # failed sign-ins per seconds, per address
    "TOKEN_MAX_AGE_S": 12 * 3600,
    "SESSION_MAX_AGE_S": 12 * 3600,  # a login page sign-in ends after this, or at logout
    "SESSION_COOKIE_SECURE": False,  # True behind HTTPS: the cookie is never sent in clear
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "ESTIMATE_WINDOW": 20,
    "ROLLOVER_CHECK_S": 60,
    "REVOCATION_CHECK_S": 0.5,  # how soon sockets of a revoked login or device are closed
    "ANNOUNCEMENT_TEMPLATE": VI_TEMPLATE,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "text",  # or "json": one JSON object per line
    "ACCESS_LOG": True,
    "TRUSTED_PROXIES": 0,  # reverse proxies in front (nginx: 1) whose X-Forwarded-* to trust
    "METRICS_TOKEN": "",  # empty: /metrics answers loopback clients only
    "DB_CONNECT_TIMEOUT_S": 5,
    # PostgreSQL connections a process keeps open. With fewer, every burst of requests opened
    # and closed extra ones, each a new server process on the database's side.
    "DB_POOL_SIZE": 15,
    "BENCH_ENDPOINTS": False,  # never in production: adds the bench/ baseline endpoint
    "CORS_ORIGINS": None,
    # Kiosk and printing
    "KIOSK_RETURN_AFTER_S": 15,
    "KIOSK_REPRINT_WINDOW_S": 120,
    "KIOSK_REPRINT_MAX": 2,
    "STAFF_REPRINT_MAX": 5,  # reprints staff may ask for one ticket, apart from the kiosk's
    "KIOSK_PRIORITY_CATEGORIES": None,  # None: the built-in list (kiosk/setup.py)
    "PRINTER_WIDTH_PX": 576,  # 80 mm paper; 384 for 58 mm
    "PRINTER_FILE_DIR": None,  # a folder file:// printers may write into, besides /dev printers
    # Subnets a network printer saved from the admin pages may be in (never loopback or
    # link-local): comma-separated, set by whoever runs the server, not by a site admin.
    "PRINTER_NETWORKS": PRIVATE_NETWORKS,
    "PRINTER_CHECK_S": 30.0,
    "SPOOL_POLL_S": 0.5,
    "SPOOL_BACKOFF_BASE_S": 2.0,
    "SPOOL_BACKOFF_CAP_S": 60.0,
    # TV voice
    "VOICE_ENGINE": "clips",  # or "espeak"
    "VOICE_PACK_DIR": None,  # a centre's own recordings, tried before the built-in pack
    "VOICE_CACHE_DIR": None,
    # Appointments, remote tickets and messages to phones
    "BOOKING_HORIZON_DAYS": 30,
    "BOOKING_FULL_MEMORY_S": 2.0,  # a full slot is refused from memory this long (0: never)
    "BOOKING_RATE_LIMIT": "20/60",  # booking attempts per address
    "BOOKING_PHONE_LIMIT": "5/3600",  # booking and remote-ticket attempts per phone number
    "BOOKING_LOOKUP_RATE_LIMIT": "30/60",  # public look-ups of a booking (and its QR) per address
    # Without a message gateway nothing proves the phone: public bookings and remote tickets
    # are also limited per site (with one, the code sent to the phone does the proving).
    "BOOKING_SITE_RATE_LIMIT": "300/3600",
    "PHONE_CODE_TTL_S": 300,  # an unconfirmed booking or remote ticket lapses after this
    "PHONE_CODE_ATTEMPTS": 5,  # wrong codes before the request lapses
    "PHONE_HOLDS_PER_SITE_DAY": 200,  # unconfirmed requests a site takes in a day
    "NOTIFY_WEBHOOK_URL": None,  # the SMS / Zalo OA gateway; None: no messages are sent
    "NOTIFY_WEBHOOK_AUTH": None,  # sent as the Authorization header, e.g. "Bearer …"
    "NOTIFY_TEMPLATE": None,  # None: the built-in text (server/sms.py)
    "NOTIFY_PLAIN_SMS": True,  # strip Vietnamese diacritics (plain SMS); False for Zalo
    "NOTIFY_AHEAD": 3,  # people ahead that trigger "your turn is near" (a site may override)
    "NOTIFY_POLL_S": 2.0,
    "NOTIFY_TIMEOUT_S": 5.0,
    "NOTIFY_MAX_ATTEMPTS": 6,
    "NOTIFY_RETRY_S": 5.0,  # first pause before a retry; it doubles each time (at most 10 min)
    # Webhooks (docs/webhooks.md): the outbox sender's turn, timeout and retries
    "WEBHOOK_POLL_S": 2.0,
    "WEBHOOK_TIMEOUT_S": 5.0,
    "WEBHOOK_RETRY_S": 30.0,  # first pause before a retry; it doubles each time
    "WEBHOOK_RETRY_CAP_S": 3600.0,  # the longest pause between two attempts
    "WEBHOOK_GIVE_UP_DAYS": 3.0,  # an event still undelivered after this is dead (replayable)
    # Vote pads
    "VOTE_WINDOW_S": 600,
    "VOTE_TIMEOUT_S": 60,
    "VOTE_THANKS_S": 5,
    "VOTE_REASONS": None,  # None: the built-in list (server/api/votes.py); or "a|b|c"
    # Criteria of a rating per dossier: None = the four built in (server/engine/dossier_ratings.py);
    # a list of {key, label, label_en}, or "key:nhãn:label|…"
    "DOSSIER_RATING_CRITERIA": None,
    # Working days to answer a citizen's feedback, for the Decision 766 view
    "FEEDBACK_DEADLINE_DAYS": 10,
    # Dossiers and feedback: public look-ups and submissions per client address (or kiosk)
    "DOSSIER_LOOKUP_RATE_LIMIT": "20/60",
    # failed public look-ups per series of the one-stop software's codes (all addresses)
    "DOSSIER_PREFIX_FAILURE_LIMIT": "10/600",
    "FEEDBACK_RATE_LIMIT": "5/600",
    # Dossier changes pulled from the province's system: one mapping file per source in
    # this folder (None: <instance>/dossier_feeds), checked this often; a failing source
    # waits its interval doubled per failure, at most the cap.
    "DOSSIER_PULL_DIR": None,
    "DOSSIER_PULL_CHECK_S": 30,
    "DOSSIER_PULL_BACKOFF_CAP_S": 3600,
}



def instance_path() -> Path:
    """Return the instance folder: ``QMS_INSTANCE`` or ``./instance``."""
    return Path(os.environ.get("QMS_INSTANCE", "instance")).resolve()


def load_config(instance: Path, overrides: dict | None = None) -> dict:
    """Merge defaults, the instance file, ``QMS_*`` environment variables and overrides."""
    private_folder(instance)
    config = dict(DEFAULTS)
    config_file = instance / "qms.toml"
    if config_file.exists():
        with config_file.open("rb") as handle:
            config.update({key.upper(): value for key, value in tomllib.load(handle).items()})
    for key, value in os.environ.items():
        if key.startswith("QMS_") and key != "QMS_INSTANCE":
            config[key[4:]] = env_value(key[4:], value)
    config.update(overrides or {})
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{instance / 'qms.sqlite3'}"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(instance)
    if not 0 <= int(config["CITIZEN_DETAILS_DAYS"]) <= 90:
        raise ValueError("CITIZEN_DETAILS_DAYS must be between 0 and 90")
    return config


def private_folder(path: Path) -> None:
    """Create ``path`` readable by this user only, or make an existing one so.

    The instance folder holds the database, the secret key, slip previews and the demo's
    passwords and device tokens; nobody else on the machine should read them.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
        path.chmod(0o700)


def env_value(name: str, raw: str):
    """Read an environment value: numbers, booleans and JSON lists where the key is not text.

    Keys whose default is text (or unset) stay text, so ``QMS_SECRET_KEY=123`` is a string.
    """
    if name in DEFAULTS and (DEFAULTS[name] is None or isinstance(DEFAULTS[name], str)):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _instance_secret(instance: Path) -> str:
    """Read or create the instance's secret key, so sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret

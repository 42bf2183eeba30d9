"""The application factory."""

from importlib import import_module
from pathlib import Path

from flask import Flask, redirect, url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import headers, limits, metrics, requestlog, socket_guard, storage
from .api.parsing import BoundedJSONProvider
from .config import instance_path, load_config
from .extensions import socketio
from .message_queue import DurableRedisManager
from .requestlog import configure_logging


class DatabaseInt(IntegerConverter):
    """``<int:…>`` in URLs, bounded to what a database integer column holds.

    A larger number is a 404 like any unknown id, instead of an overflow in the driver.
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(test_config: dict | None = None, instance: Path | None = None) -> Flask:
    """Build the qms application: config, storage, blueprints, socket events, background tasks."""
    instance = Path(instance) if instance else instance_path()
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseInt
    app.config.from_mapping(load_config(instance, test_config))
    app.json = BoundedJSONProvider(app)
    app.json.ensure_ascii = False
    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["SESSION_MAX_AGE_S"]
    configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    storage.init_app(app)
    requestlog.init_app(app)
    metrics.init_app(app)
    limits.init_app(app)
    headers.init_app(app)
    _register_blueprints(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        client_manager=_client_manager(app.config),
        cors_allowed_origins=app.config["CORS_ORIGINS"],
        # A hard cap that drops the connection; server/sockets.py answers payloads between
        # MAX_CONTENT_LENGTH and this with a clear error instead.
        max_http_buffer_size=16 * app.config["MAX_CONTENT_LENGTH"],
        ping_interval=10,
        ping_timeout=10,
    )
    _register_socket_events()
    socket_guard.init_app(app, socketio.server)
    # Socket.IO's polling answers bypass Flask: they get the security headers here.
    app.wsgi_app = headers.SecurityHeaders(app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:
        # Behind nginx the client is in X-Forwarded-For; trusting it without a proxy in front
        # would let anyone pick the address that rate limits, logs and the socket guard see.
        # Outermost, so Socket.IO's connections see the client's address too.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.get("/")
    def index():
        return redirect(url_for("auth.login"))

    return app


def _client_manager(config: dict):
    """Return the cross-process client manager, or None for one process on its own."""
    queue = config["MESSAGE_QUEUE"]
    if not queue:
        return None
    if not queue.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"QMS_MESSAGE_QUEUE must be a Redis URL (redis://…), not {queue!r}")
    return DurableRedisManager(queue, channel=config["MESSAGE_QUEUE_CHANNEL"],
                               max_age_s=config["MESSAGE_QUEUE_HOLD_S"])


def _register_blueprints(app: Flask) -> None:
    from .api import methods
    from .api.routes import api
    from .auth.views import auth
    from .errors import register_error_handlers
    from .health import health

    app.register_blueprint(api)
    methods.register(app)
    app.register_blueprint(health)
    app.register_blueprint(auth)
    register_error_handlers(app)
    for screen in _screens():
        app.register_blueprint(screen.blueprint)
    if app.config["BENCH_ENDPOINTS"]:
        from . import bench_endpoints

        bench_endpoints.init_app(app)


def _screens():
    """Return the screen packages; each exposes ``blueprint`` and ``register_events()``: the
    devices' (``server.device_kinds``), then the staff's and the citizens'."""
    import admin
    import booking
    import citizen
    import counter
    import dashboard
    import reports

    from .device_kinds import KINDS

    devices = [import_module(kind.package) for kind in KINDS.values() if kind.package]
    return [*devices, counter, reports, dashboard, admin, booking, citizen]


def _register_socket_events() -> None:
    # init_app builds a new Socket.IO server each time, so handlers attach to each one.
    from . import staff_events

    staff_events.register_events(socketio)
    for screen in _screens():
        screen.register_events(socketio)

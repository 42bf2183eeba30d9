"""Start the server under the chosen async mode.

This is the one module that touches eventlet or gevent: it patches the standard library
before the application is imported, then serves the app on a listening socket of its own.
"""

import gc
import json
import logging
import socket
import warnings

log = logging.getLogger(__name__)

# Allocations between two collections of the youngest generation (CPython's default: 700).
YOUNG_COLLECTION_EVERY = 20_000


class BlockingDriverError(ValueError):
    """The async mode would be blocked by the database driver."""


def choose_async_mode(requested: str, database_url: str) -> str:
    """Resolve ``auto`` and refuse eventlet with PostgreSQL.

    psycopg 3 does not yield to eventlet's hub: every query, and every connect attempt during
    an outage, would freeze all sockets of the process. Under gevent's patches it yields.
    """
    postgres = database_url.startswith("postgresql")
    if requested == "auto":
        return "gevent" if postgres else "eventlet"
    if requested == "eventlet" and postgres:
        raise BlockingDriverError(
            "eventlet không dùng được với PostgreSQL (psycopg 3 chặn cả tiến trình); "
            "hãy dùng QMS_ASYNC_MODE=gevent. / eventlet cannot run with PostgreSQL: psycopg 3 "
            "blocks eventlet's hub. Use QMS_ASYNC_MODE=gevent (or threading)."
        )
    return requested


def _patch(async_mode: str) -> None:
    if async_mode == "eventlet":
        with warnings.catch_warnings():
            # Deprecated upstream; it stays the default runner with SQLite by design, and
            # gevent or threading is one setting away (QMS_ASYNC_MODE).
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
            import eventlet
            import eventlet.wsgi

        eventlet.monkey_patch()
        eventlet.wsgi.RESPONSE_414 = uri_too_long_response("HTTP/1.0")
    elif async_mode == "gevent":
        from gevent import monkey, pywsgi

        monkey.patch_all()
        pywsgi._REQUEST_TOO_LONG_RESPONSE = uri_too_long_response("HTTP/1.1")


def uri_too_long_response(protocol: str) -> bytes:
    """The raw 414 the WSGI server sends for a request line over 8 KB, in the API's shape.

    The server answers it before the application runs, by default with an empty body.
    """
    body = json.dumps({"error": {
        "code": "uri_too_long", "message": "Địa chỉ yêu cầu quá dài.",
        "message_en": "The request URL is too long."}}, ensure_ascii=False).encode()
    head = (f"{protocol} 414 Request URI Too Long\r\nConnection: close\r\n"
            f"Content-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def _cpu_offloader(async_mode: str):
    """Return ``run(fn, *args)`` that computes in a real OS thread without blocking the hub.

    Rendering a ticket slip takes milliseconds of pure CPU; on the hub's own thread it would
    hold up every socket of the process for that long.
    """
    if async_mode == "eventlet":
        from eventlet import tpool

        return tpool.execute
    if async_mode == "gevent":
        from gevent import get_hub

        return lambda fn, *args: get_hub().threadpool.apply(fn, args)
    return lambda fn, *args: fn(*args)


def serve(host: str, port: int, async_mode: str) -> None:
    """Patch for ``async_mode``, build the app, start background tasks and serve forever."""
    _patch(async_mode)
    from .app import create_app
    from .extensions import socketio
    from .tasks import start_background_tasks

    app = create_app({"ASYNC_MODE": async_mode})
    app.extensions["qms_offload_cpu"] = _cpu_offloader(async_mode)
    start_background_tasks(app)
    shorten_collector_pauses()
    log.info("qms listening on http://%s:%s (%s)", host, port, async_mode)
    # Every TV, console and kiosk holds a connection: eventlet's default cap of 1,024 would
    # leave a province's next socket unanswered until another closed.
    if async_mode == "eventlet":
        import eventlet.wsgi

        eventlet.wsgi.server(listening_socket(host, port), app, log_output=False,
                             max_size=app.config["MAX_CONNECTIONS"])
    elif async_mode == "gevent":
        from gevent import pywsgi
        from geventwebsocket.handler import WebSocketHandler

        pywsgi.WSGIServer(listening_socket(host, port), app, handler_class=WebSocketHandler,
                          log=None, spawn=app.config["MAX_CONNECTIONS"]).serve_forever()
    else:
        socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)


def shorten_collector_pauses() -> None:
    """Keep the garbage collector from holding every socket of the process for long.

    With CPython's defaults a process holding a province's sockets ran a full collection
    about every 10 s, walking every object it had, 180 ms each time on the development
    machine, during which no call reached any TV. The objects of the application as built
    are frozen (never walked again: they live as long as the process), and the youngest
    generation is collected less often, so that a request's short-lived objects, which
    under gevent outlive several collections while it waits for the database, die before
    they are promoted to the generations that are walked whole.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


def listening_socket(host: str, port: int) -> socket.socket:
    """Open the server's listening socket with Nagle's algorithm off.

    The accepted connections inherit TCP_NODELAY. Without it a response written in two
    pieces (gevent writes the head and the body apart; eventlet splits bodies over 16 KB)
    waits for the client's delayed acknowledgement: 40 ms more on every such answer.
    """
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(address)
    listener.listen(1024)
    return listener

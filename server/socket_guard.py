"""Engine.IO connections that hold a slot without joining a screen's namespace are closed.

Every TV, console, kiosk and vote pad joins its namespace with a token (a citizen's phone, the
``/ticket`` namespace, with a ticket's code) right after the Engine.IO handshake. A connection
that has joined none with valid credentials is *anonymous*; left alone, one that answers pings
would hold its slot for good, and enough of them would leave no room for the screens. So:

- an anonymous connection is closed ``SOCKET_JOIN_GRACE_S`` after it opened, or after it left
  its last namespace;
- one address (a centre behind one NAT is one address) holds at most
  ``SOCKET_MAX_PER_ADDRESS`` connections; the next is refused with 401 and a JSON reason;
- anonymous connections together hold at most ``SOCKET_ANONYMOUS_SHARE`` of
  ``MAX_CONNECTIONS``; past that a new one pushes out the oldest anonymous one, so a device
  connecting, anonymous for the milliseconds before its namespace's handshake, always gets in
  and the rest of the slots stay with the screens that joined.

The client's address is the one ProxyFix found (``TRUSTED_PROXIES``): behind nginx without it,
every connection would share nginx's address.
"""

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass

from flask import Flask

from .background import every

log = logging.getLogger(__name__)

TOO_MANY_FROM_ADDRESS = {
    "code": "too_many_connections",
    "message": "Quá nhiều kết nối từ cùng một địa chỉ.",
    "message_en": "Too many connections from this address.",
}


@dataclass
class Connection:
    """One Engine.IO connection of this process."""

    address: str
    joined: int = 0  # namespaces joined with valid credentials


class SocketGuard:
    """Counts this process's Engine.IO connections by address and by whether they joined."""

    def __init__(self, grace_s: float, per_address: int, anonymous_cap: int):
        self.grace_s = grace_s
        self.per_address = per_address
        self.anonymous_cap = anonymous_cap
        self.connections: dict[str, Connection] = {}
        self.by_address: Counter[str] = Counter()
        # Anonymous connections by Engine.IO sid, oldest first, with when their grace began.
        self.anonymous: dict[str, float] = {}
        self.lock = threading.Lock()

    def admit(self, eio_sid: str, address: str) -> tuple[bool, list[str]]:
        """Register a new connection; return whether it is accepted and whom to push out."""
        with self.lock:
            if self.per_address and self.by_address[address] >= self.per_address:
                return False, []
            pushed_out = []
            while self.anonymous and len(self.anonymous) >= self.anonymous_cap:
                oldest = next(iter(self.anonymous))
                pushed_out.append(oldest)
                self._forget(oldest)
            self.connections[eio_sid] = Connection(address)
            self.by_address[address] += 1
            self.anonymous[eio_sid] = time.monotonic()
            return True, pushed_out

    def joined(self, eio_sid: str) -> None:
        """Note that the connection joined a namespace with valid credentials."""
        with self.lock:
            connection = self.connections.get(eio_sid)
            if connection is not None:
                connection.joined += 1
                self.anonymous.pop(eio_sid, None)

    def left(self, eio_sid: str) -> None:
        """Note that the connection left a namespace it had joined; none left starts its grace."""
        with self.lock:
            connection = self.connections.get(eio_sid)
            if connection is not None and connection.joined > 0:
                connection.joined -= 1
                if connection.joined == 0:
                    self.anonymous[eio_sid] = time.monotonic()

    def closed(self, eio_sid: str) -> None:
        """Forget a closed connection."""
        with self.lock:
            self._forget(eio_sid)

    def overdue(self) -> list[str]:
        """Return the anonymous connections whose grace has run out, and forget them."""
        deadline = time.monotonic() - self.grace_s
        with self.lock:
            late = []
            for eio_sid, since in self.anonymous.items():
                if since > deadline:
                    break  # oldest first: the rest are younger
                late.append(eio_sid)
            for eio_sid in late:
                self._forget(eio_sid)
            return late

    def _forget(self, eio_sid: str) -> None:
        connection = self.connections.pop(eio_sid, None)
        self.anonymous.pop(eio_sid, None)
        if connection is not None:
            self.by_address[connection.address] -= 1
            if self.by_address[connection.address] <= 0:
                del self.by_address[connection.address]


def init_app(app: Flask, server) -> SocketGuard:
    """Put a guard in front of ``server``'s Engine.IO connect and disconnect handlers."""
    config = app.config
    guard = SocketGuard(
        grace_s=float(config["SOCKET_JOIN_GRACE_S"]),
        per_address=int(config["SOCKET_MAX_PER_ADDRESS"]),
        anonymous_cap=max(1, int(config["MAX_CONNECTIONS"] * config["SOCKET_ANONYMOUS_SHARE"])),
    )
    eio = server.eio
    on_connect, on_disconnect = eio.handlers["connect"], eio.handlers["disconnect"]

    def connect(eio_sid, environ):
        accepted, pushed_out = guard.admit(eio_sid, environ.get("REMOTE_ADDR") or "")
        if not accepted:
            log.warning("refused a socket: %s connections from one address", guard.per_address)
            return TOO_MANY_FROM_ADDRESS
        for old in pushed_out:
            close_connection(eio, old)
        return on_connect(eio_sid, environ)

    def disconnect(eio_sid, *reason):
        guard.closed(eio_sid)
        return on_disconnect(eio_sid, *reason)

    eio.on("connect", connect)
    eio.on("disconnect", disconnect)
    server.qms_guard = guard
    app.extensions["qms_socket_guard"] = guard
    return guard


def guard_of(server) -> SocketGuard | None:
    """Return the guard of a Socket.IO server (None for one built without the app)."""
    return getattr(server, "qms_guard", None)


def close_connection(eio, eio_sid: str) -> None:
    """Close an Engine.IO connection without waiting for the client to collect the news.

    ``eio.disconnect`` waits until the client polls for the close packet: an idle polling
    client never does, and the caller would wait with it.
    """
    connection = eio.sockets.get(eio_sid)
    if connection is not None:
        connection.close(wait=False, reason=eio.reason.SERVER_DISCONNECT)
        eio.sockets.pop(eio_sid, None)


def close_overdue(app: Flask) -> int:
    """Close the anonymous connections whose grace ran out; return how many."""
    guard = app.extensions["qms_socket_guard"]
    eio = app.extensions["socketio"].server.eio
    late = guard.overdue()
    for eio_sid in late:
        close_connection(eio, eio_sid)
    if late:
        log.info("closed %d socket(s) that joined no namespace in %ss", len(late), guard.grace_s)
    return len(late)


def start_socket_guard(app: Flask) -> None:
    """Start the loop that closes anonymous connections past their grace."""
    every(app, min(1.0, app.config["SOCKET_JOIN_GRACE_S"] / 4), close_overdue,
          "closing idle sockets")

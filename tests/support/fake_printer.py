"""A fake ESC/POS network printer on 127.0.0.1, shared by the printer, kiosk and browser suites."""

import socket
import threading
import time

from PIL import Image

from printers.raster import _commands, decode_tickets


def count_cuts(data: bytes) -> int:
    """Count the cut commands in ``data``, ignoring a truncated trailing block."""
    return sum(1 for kind, _ in _commands(data, strict=False, decode=False) if kind == "cut")


STATUS_QUERY = b"\x10\x04\x04"
PAPER_OK, PAPER_NEAR_END, PAPER_OUT = 0x12, 0x1E, 0x72


class FakeEscposPrinter:
    """Accept TCP connections, record every byte, and answer DLE EOT 4 paper queries."""

    def __init__(self, *, answers_status: bool = True, status_delay_s: float = 0.0) -> None:
        self.answers_status = answers_status
        # A slow answer makes a client that waits for it print at most one slip per delay.
        self.status_delay_s = status_delay_s
        self.port: int | None = None
        self._paper = PAPER_OK
        self._received = bytearray()
        self._changed = threading.Condition()
        self._server: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._connections: list[socket.socket] = []

    @property
    def uri(self) -> str:
        """The printer URI that reaches this fake."""
        return f"network://127.0.0.1:{self.port}"

    @property
    def received(self) -> bytes:
        """Every byte received so far, over all connections."""
        with self._changed:
            return bytes(self._received)

    def start(self, port: int = 0) -> int:
        """Listen on loopback, on a free port unless one is given, and return the port."""
        self._server = socket.create_server(("127.0.0.1", port))
        self.port = self._server.getsockname()[1]
        self._spawn(self._accept_loop)
        return self.port

    def stop(self) -> None:
        """Close the listener and every connection; later connects are refused."""
        # shutdown() wakes threads blocked in accept() or recv(); close() alone does not.
        for sock in [self._server, *self._connections]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already disconnected by the client
            sock.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def set_paper_out(self, paper_out: bool) -> None:
        """Report an empty paper roll to status queries."""
        self._paper = PAPER_OUT if paper_out else PAPER_OK

    def set_paper_near_end(self, near_end: bool) -> None:
        """Report a nearly empty paper roll to status queries."""
        self._paper = PAPER_NEAR_END if near_end else PAPER_OK

    def wait_for_cut(self, timeout: float = 5.0, count: int = 1) -> bool:
        """Wait until `count` cut commands have arrived; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: count_cuts(self._received) >= count, timeout)

    def wait_for_bytes(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until at least `count` bytes have arrived; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self._received) >= count, timeout)

    def images(self) -> list[Image.Image]:
        """Decode the received raster data, one image per printed ticket."""
        return decode_tickets(self.received)

    def clear(self) -> None:
        """Forget the bytes received so far."""
        with self._changed:
            self._received.clear()

    def __enter__(self) -> "FakeEscposPrinter":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return  # listener closed by stop()
            self._connections.append(connection)
            self._spawn(self._serve, connection)

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            while True:
                try:
                    chunk = connection.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                self._record(chunk, connection)

    def _record(self, chunk: bytes, connection: socket.socket) -> None:
        with self._changed:
            # Look back two bytes: a query may be split across reads.
            scan_from = max(0, len(self._received) - 2)
            self._received += chunk
            queries = bytes(self._received[scan_from:]).count(STATUS_QUERY)
            self._changed.notify_all()
        if self.answers_status and queries:
            if self.status_delay_s:
                time.sleep(self.status_delay_s)
            try:
                connection.sendall(bytes([self._paper]) * queries)
            except OSError:
                pass  # the client hung up after asking

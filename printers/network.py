"""ESC/POS printers on a TCP socket, usually port 9100."""

import logging
import select
import socket
from urllib.parse import SplitResult

from printers.base import Printer, PrinterState, PrinterStatus
from printers.exceptions import PrinterPaperOut, PrinterUnavailable
from printers.uri import host_and_port, options

log = logging.getLogger(__name__)
DEFAULT_PORT = 9100
# DLE EOT 4: real-time transmit of the paper roll sensor status.
PAPER_STATUS_QUERY = b"\x10\x04\x04"
PAPER_NEAR_END_BITS = 0x0C
PAPER_OUT_BITS = 0x60
# Bits 1 and 4 are always set and bits 0 and 7 always clear in a status byte.
STATUS_FIXED_MASK, STATUS_FIXED_BITS = 0x93, 0x12


class NetworkPrinter(Printer):
    """Send jobs over one TCP connection, asking for paper status before each when supported."""

    def __init__(
        self,
        uri: str,
        host: str,
        port: int = DEFAULT_PORT,
        *,
        timeout: float = 3.0,
        status_timeout: float = 1.0,
    ) -> None:
        super().__init__(uri)
        self.host, self.port = host, port
        self.timeout, self.status_timeout = timeout, status_timeout
        self._socket: socket.socket | None = None
        # None until the printer has answered (or ignored) a status query.
        self._answers_status: bool | None = None

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "NetworkPrinter":
        """Build from `network://host[:port][?timeout=3&status_timeout=1]`."""
        opts = options(parts, {"timeout": float, "status_timeout": float})
        return cls(parts.geturl(), *host_and_port(parts, DEFAULT_PORT), **opts)

    def status(self) -> PrinterStatus:
        """Ask the paper sensor; OFFLINE when the printer cannot be reached."""
        try:
            with self._lock, self._oserror_as_unavailable():
                self._ensure_open()
                return self._query_paper()
        except PrinterUnavailable as exc:
            return PrinterStatus(PrinterState.OFFLINE, str(exc))

    def _open(self) -> None:
        self._socket = socket.create_connection((self.host, self.port), timeout=self.timeout)
        # The 3-byte status query must leave at once; Nagle would hold it behind
        # the previous job's unacknowledged tail for a delayed ACK (~40 ms).
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _close(self) -> None:
        if self._socket is not None:  # None when a reconnect attempt failed
            self._socket.close()
        self._socket = None
        self._answers_status = None

    def _prepare(self) -> None:
        if self._peer_closed():
            log.info("printer %s dropped the idle connection; reconnecting", self.uri)
            self._close()
            self._open()
        if self._answers_status is not False:
            self._check_paper()

    def _write(self, data: bytes) -> None:
        self._socket.sendall(data)

    def _check_paper(self) -> None:
        status = self._query_paper()
        if status.state is PrinterState.PAPER_OUT:
            raise PrinterPaperOut(f"printer {self.uri}: {status.message}")
        if status.state is PrinterState.PAPER_NEAR_END:
            log.warning("printer %s: %s", self.uri, status.message)

    def _query_paper(self) -> PrinterStatus:
        self._discard_pending_input()
        self._socket.sendall(PAPER_STATUS_QUERY)
        self._socket.settimeout(self.status_timeout)
        try:
            reply = self._socket.recv(1)
        except TimeoutError:
            self._answers_status = False
            return PrinterStatus(PrinterState.UNKNOWN, "no reply to the paper status query")
        finally:
            self._socket.settimeout(self.timeout)
        if not reply:
            raise ConnectionResetError("printer closed the connection")
        self._answers_status = True
        return paper_status(reply[0])

    def _peer_closed(self) -> bool:
        readable, _, _ = select.select([self._socket], [], [], 0)
        return bool(readable) and self._socket.recv(1, socket.MSG_PEEK) == b""

    def _discard_pending_input(self) -> None:
        # A reply that arrived after an earlier query timed out must not be
        # read as the answer to this one.
        while select.select([self._socket], [], [], 0)[0]:
            if not self._socket.recv(64):
                raise ConnectionResetError("printer closed the connection")


def paper_status(byte: int) -> PrinterStatus:
    """Interpret the reply to DLE EOT 4."""
    if byte & STATUS_FIXED_MASK != STATUS_FIXED_BITS:
        return PrinterStatus(PrinterState.UNKNOWN, f"unexpected status byte 0x{byte:02x}")
    if byte & PAPER_OUT_BITS:
        return PrinterStatus(PrinterState.PAPER_OUT, "paper roll is empty")
    if byte & PAPER_NEAR_END_BITS:
        return PrinterStatus(PrinterState.PAPER_NEAR_END, "paper roll is nearly empty")
    return PrinterStatus(PrinterState.ONLINE, "paper present")

"""The one interface every printer transport implements."""

import enum
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from printers.exceptions import PrinterUnavailable

log = logging.getLogger(__name__)


class PrinterState(enum.Enum):
    """What a printer last reported about itself."""

    ONLINE = "online"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """A printer state with a human-readable detail for logs and the admin screen."""

    state: PrinterState
    message: str = ""


class Printer(ABC):
    """A destination for ESC/POS bytes; connects lazily on first use, reconnects after errors."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._is_open = False
        self._lock = threading.RLock()

    def send(self, data: bytes, before_write: Callable[[], None] | None = None) -> None:
        """Send one job's bytes, raising a PrinterError subclass on failure.

        ``before_write`` runs once the printer is ready, just before the first byte leaves.
        """
        with self._lock, self._oserror_as_unavailable():
            self._ensure_open()
            self._prepare()
            if before_write is not None:
                before_write()
            self._write(data)

    def status(self) -> PrinterStatus:
        """Report the printer's state; transports that cannot ask report UNKNOWN."""
        return PrinterStatus(PrinterState.UNKNOWN, "this transport cannot report status")

    def close(self) -> None:
        """Release the connection; safe to call more than once."""
        with self._lock:
            if not self._is_open:
                return
            self._is_open = False
            try:
                self._close()
            except OSError as exc:
                log.warning("closing printer %s failed: %s", self.uri, exc)

    def __enter__(self) -> "Printer":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _ensure_open(self) -> None:
        if not self._is_open:
            self._open()
            self._is_open = True

    @contextmanager
    def _oserror_as_unavailable(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            # Drop the broken connection so the next job starts afresh.
            self.close()
            raise PrinterUnavailable(f"printer {self.uri}: {exc}") from exc

    def _open(self) -> None:  # noqa: B027 - optional hook, most transports connect
        """Connect to the device; the default transport needs no connection."""

    def _close(self) -> None:  # noqa: B027 - optional hook, pairs with _open
        """Disconnect from the device."""

    def _prepare(self) -> None:  # noqa: B027 - optional hook, most transports cannot ask
        """Check the open device can take a job (paper present), raising if it cannot."""

    @abstractmethod
    def _write(self, data: bytes) -> None:
        """Deliver bytes to an open device."""

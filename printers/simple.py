"""Transports with no hardware protocol: memory, a file or device node, PNG previews."""

import itertools
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import SplitResult

from printers.base import Printer, PrinterState, PrinterStatus
from printers.exceptions import PrinterConfigError, PrinterPaperOut, PrinterUnavailable
from printers.raster import decode_tickets
from printers.uri import options

log = logging.getLogger(__name__)
PREVIEW_DIR = "tickets-preview"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class DummyPrinter(Printer):
    """Keep jobs in memory; `state` lets tests simulate an offline or empty printer."""

    def __init__(self, uri: str, state: PrinterState = PrinterState.ONLINE) -> None:
        super().__init__(uri)
        self.state = state
        self.jobs: list[bytes] = []

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "DummyPrinter":
        """Build from `dummy://` or `dummy://?state=paper_out`."""
        state = options(parts, {"state": str}).get("state", "online")
        try:
            return cls(parts.geturl(), PrinterState(state))
        except ValueError as exc:
            raise PrinterConfigError(f"unknown dummy printer state {state!r}") from exc

    @property
    def received(self) -> bytes:
        """All bytes sent so far."""
        return b"".join(self.jobs)

    def status(self) -> PrinterStatus:
        """Report the simulated state."""
        return PrinterStatus(self.state, "dummy printer")

    def _write(self, data: bytes) -> None:
        if self.state is PrinterState.OFFLINE:
            raise PrinterUnavailable(f"printer {self.uri}: simulated offline")
        if self.state is PrinterState.PAPER_OUT:
            raise PrinterPaperOut(f"printer {self.uri}: simulated paper out")
        self.jobs.append(data)


class FilePrinter(Printer):
    """Append bytes to a file or a device node such as /dev/usb/lp0."""

    def __init__(self, uri: str, path: Path) -> None:
        super().__init__(uri)
        self.path = path
        self._file = None

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "FilePrinter":
        """Build from `file:///dev/usb/lp0`."""
        options(parts, {})
        if parts.netloc not in ("", "localhost") or not parts.path:
            raise PrinterConfigError(f"file printer needs an absolute path: {parts.geturl()}")
        return cls(parts.geturl(), Path(parts.path))

    def _open(self) -> None:
        self._file = open(self.path, "ab")  # held open across jobs

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()

    def _close(self) -> None:
        self._file.close()


class PreviewPrinter(Printer):
    """Print nothing; save each ticket the bytes would print as a PNG, for setup and demos."""

    def __init__(self, uri: str, directory: Path) -> None:
        super().__init__(uri)
        self.directory = directory
        self.last_path: Path | None = None
        self._sequence = itertools.count(1)

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "PreviewPrinter":
        """Build from `preview://` or `preview://kiosk-1` (a folder under tickets-preview)."""
        options(parts, {})
        name = parts.netloc
        if parts.path not in ("", "/") or (name and not SAFE_NAME.fullmatch(name)):
            raise PrinterConfigError(f"preview folder must be a plain name: {parts.geturl()}")
        return cls(parts.geturl(), Path(instance_path, PREVIEW_DIR, name))

    def status(self) -> PrinterStatus:
        """Always online: the preview is a folder."""
        return PrinterStatus(PrinterState.ONLINE, f"saving previews to {self.directory}")

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)

    def _write(self, data: bytes) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        for image in decode_tickets(data):
            path = self.directory / f"ticket-{stamp}-{next(self._sequence):04d}.png"
            image.save(path)
            self.last_path = path
            log.info("ticket preview saved to %s", path)

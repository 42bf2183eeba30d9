"""The print spooler's rules, free of Flask and the database: retry timing and outcomes.

The server keeps jobs in its database and calls ``attempt_print`` for each; this module
decides what a failure means: try again later (offline, paper out) or give up (bad config).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from printers.base import Printer, PrinterState, PrinterStatus
from printers.exceptions import (
    PrinterConfigError,
    PrinterError,
    PrinterPaperOut,
    PrinterUnavailable,
)
from printers.transports import open_printer

log = logging.getLogger(__name__)

DONE = "done"
RETRY = "retry"
FAILED = "failed"


def backoff_s(attempts: int, base_s: float = 2.0, cap_s: float = 60.0) -> float:
    """Return the wait before the next try after ``attempts`` failures: doubling, capped."""
    if attempts <= 0:
        return 0.0
    return min(cap_s, base_s * 2 ** (attempts - 1))


@dataclass(frozen=True)
class PrintOutcome:
    """What one attempt came to, and what the printer is known to be doing now."""

    result: str  # done | retry | failed
    printer: PrinterStatus
    error: str = ""


def attempt_print(printer: Printer, data: bytes,
                  before_write: Callable[[], None] | None = None) -> PrintOutcome:
    """Send one job's bytes and classify the result; never raises a PrinterError.

    ``before_write`` runs when the printer is ready, just before the bytes leave.
    """
    try:
        printer.send(data, before_write)
    except PrinterConfigError as exc:
        return PrintOutcome(FAILED, PrinterStatus(PrinterState.UNKNOWN, str(exc)), str(exc))
    except PrinterPaperOut as exc:
        return PrintOutcome(RETRY, PrinterStatus(PrinterState.PAPER_OUT, str(exc)), str(exc))
    except PrinterUnavailable as exc:
        return PrintOutcome(RETRY, PrinterStatus(PrinterState.OFFLINE, str(exc)), str(exc))
    except PrinterError as exc:
        return PrintOutcome(RETRY, PrinterStatus(PrinterState.UNKNOWN, str(exc)), str(exc))
    return PrintOutcome(DONE, _status_after_success(printer))


def _status_after_success(printer: Printer) -> PrinterStatus:
    status = printer.status()
    if status.state in (PrinterState.UNKNOWN, PrinterState.OFFLINE):
        # It just took the job, so it is online even if it cannot say more.
        return PrinterStatus(PrinterState.ONLINE, status.message or "printed")
    return status


def probe(printer: Printer) -> PrinterStatus:
    """Ask a printer for its state without printing anything."""
    try:
        return printer.status()
    except PrinterError as exc:
        return PrinterStatus(PrinterState.OFFLINE, str(exc))


class PrinterPool:
    """Keep one open printer per kiosk, reopened when its URI changes."""

    def __init__(self, instance_path: str,
                 opener: Callable[..., Printer] = open_printer) -> None:
        self.instance_path = instance_path
        self._opener = opener
        self._printers: dict[object, tuple[str, Printer]] = {}

    def get(self, key: object, uri: str) -> Printer:
        """Return the printer for ``key``, opening it lazily; raises PrinterConfigError."""
        opened_uri, printer = self._printers.get(key, (None, None))
        if printer is not None and opened_uri == uri:
            return printer
        if printer is not None:
            printer.close()
        printer = self._opener(uri, instance_path=self.instance_path)
        self._printers[key] = (uri, printer)
        return printer

    def close(self) -> None:
        """Close every printer."""
        for _uri, printer in self._printers.values():
            printer.close()
        self._printers.clear()

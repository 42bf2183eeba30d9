"""What one print attempt came to, and when to try again: free of Flask and the database.

The server keeps jobs in its database and calls ``attempt_print`` for each; this module
decides what a failure means: try again later (offline, paper out) or give up (bad config).
"""

from collections.abc import Callable
from dataclasses import dataclass

from printers.base import Printer, PrinterState, PrinterStatus
from printers.exceptions import (
    PrinterConfigError,
    PrinterError,
    PrinterPaperOut,
    PrinterUnavailable,
)

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

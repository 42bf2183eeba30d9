"""Pick a printer transport from a URI such as `network://192.168.1.50:9100`.

`agent://` is not a transport: it tells the server that the kiosk's own print agent
(``qms print-agent``) prints its slips, so the server never opens that printer.
"""

from collections.abc import Callable
from urllib.parse import SplitResult, urlsplit

from printers.base import Printer
from printers.escpos_devices import (
    CupsQueuePrinter,
    WindowsQueuePrinter,
    serial_from_uri,
    usb_from_uri,
)
from printers.exceptions import PrinterConfigError
from printers.network import NetworkPrinter
from printers.simple import DummyPrinter, FilePrinter, PreviewPrinter

BACKENDS: dict[str, Callable[[SplitResult, str], Printer]] = {
    "network": NetworkPrinter.from_uri,
    "usb": usb_from_uri,
    "serial": serial_from_uri,
    "file": FilePrinter.from_uri,
    "cups": CupsQueuePrinter.from_uri,
    "win32raw": WindowsQueuePrinter.from_uri,
    "preview": PreviewPrinter.from_uri,
    "dummy": DummyPrinter.from_uri,
}


AGENT_SCHEME = "agent"


def is_agent_uri(uri: str | None) -> bool:
    """Tell whether a kiosk's printer URI hands its slips to the kiosk's print agent."""
    return bool(uri) and urlsplit(uri.strip()).scheme.lower() == AGENT_SCHEME


def open_printer(uri: str, *, instance_path: str) -> Printer:
    """Return the printer a URI names; nothing is connected until the first job."""
    parts = urlsplit(uri.strip())
    backend = BACKENDS.get(parts.scheme.lower())
    if backend is None or not uri.strip().lower().startswith(f"{parts.scheme.lower()}://"):
        known = ", ".join(f"{scheme}://" for scheme in BACKENDS)
        raise PrinterConfigError(f"unknown printer URI {uri!r}; expected one of {known}")
    return backend(parts, instance_path)

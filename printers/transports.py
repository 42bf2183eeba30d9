"""Pick a printer transport from a URI such as `network://192.168.1.50:9100`.

`agent://` is not a transport: it tells the server that the kiosk's own print agent
(``qms print-agent``) prints its slips, so the server never opens that printer.
"""

import ipaddress
import os
import re
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


# The only files a file:// printer may write, unless the centre names a folder of its own.
PRINTER_DEVICES = re.compile(r"/dev/(usb/lp|lp|ttyUSB|ttyACM|ttyS|rfcomm)\d{1,3}")
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*")


def check_printer_uri(uri: str, *, instance_path: str, file_folder: str | None = None) -> None:
    """Raise PrinterConfigError unless ``uri`` may be saved for a kiosk.

    Known schemes only, and ``agent://`` (the kiosk's own agent) bare; ``file://`` only to
    a printer device or inside ``file_folder``, so an admin cannot make the server write any
    file; ``network://`` with a well-formed host and port. Nothing is connected.
    """
    parts = urlsplit(uri.strip())
    if is_agent_uri(uri):
        if (not uri.strip().lower().startswith("agent://") or parts.netloc
                or parts.path not in ("", "/") or parts.query or parts.fragment):
            raise PrinterConfigError(f"agent:// takes nothing after it, not {uri!r}")
        return
    open_printer(uri, instance_path=instance_path)
    scheme = parts.scheme.lower()
    if scheme == "file":
        _check_file_target(parts.path, file_folder)
    elif scheme == "network":
        check_host(parts.hostname or "")


def _check_file_target(path: str, file_folder: str | None) -> None:
    target = os.path.normpath(path)
    if PRINTER_DEVICES.fullmatch(target):
        return
    if file_folder:
        folder = os.path.normpath(os.path.abspath(file_folder))
        if os.path.commonpath([folder, target]) == folder and target != folder:
            return
    raise PrinterConfigError(f"file:// may only name a printer device (/dev/usb/lp0, "
                             f"/dev/ttyUSB0…) or a file in PRINTER_FILE_DIR, not {path!r}")


def check_host(host: str) -> None:
    """Raise PrinterConfigError unless ``host`` is an IP address or a well-formed host name."""
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    if not HOST_NAME.fullmatch(host):
        raise PrinterConfigError(f"network printer host {host!r} is not a host name or address")

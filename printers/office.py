"""A counter's office printer: the A4 forms (PDF) printed as they are, never on a kiosk.

A different table of transports from the kiosk's slips: no ESC/POS status query may go
before a PDF, and each document is one job.

``tcp://host[:9100]``: a raw socket, one connection per document (most office laser
printers print a PDF sent to port 9100 and end the job when the connection closes);
``cups://queue``: ``lp -d queue``, so CUPS runs its PDF filter for the printer;
``win32raw://Printer Name``: the Windows spooler, raw (the printer must take PDF itself);
``agent://<name>``: the print agent of that name on the clerk's computer, which prints on
its own ``--office-printer``. Nothing is connected when a URI is checked.
"""

import shutil
import socket
import subprocess
from collections.abc import Callable
from urllib.parse import SplitResult, unquote, urlsplit

from printers.base import Printer
from printers.escpos_devices import WindowsQueuePrinter
from printers.exceptions import PrinterConfigError, PrinterUnavailable
from printers.network import DEFAULT_PORT
from printers.transports import AGENT_SCHEME, HOST_NAME, check_host
from printers.uri import host_and_port, options

LP_TIMEOUT_S = 30.0


class RawSocketPrinter(Printer):
    """Send each document over its own TCP connection and close it to end the job."""

    def __init__(self, uri: str, host: str, port: int = DEFAULT_PORT, *,
                 timeout: float = 10.0) -> None:
        super().__init__(uri)
        self.host, self.port, self.timeout = host, port, timeout

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "RawSocketPrinter":
        """Build from `tcp://host[:port][?timeout=10]`."""
        opts = options(parts, {"timeout": float})
        host, port = host_and_port(parts, DEFAULT_PORT)
        check_host(host)
        return cls(parts.geturl(), host, port, **opts)

    def _write(self, data: bytes) -> None:
        with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)


class LpQueuePrinter(Printer):
    """Submit each document to a CUPS queue with ``lp``, which filters PDF for the printer."""

    def __init__(self, uri: str, queue: str) -> None:
        super().__init__(uri)
        self.queue = queue

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "LpQueuePrinter":
        """Build from `cups://queue-name`."""
        options(parts, {})
        if not parts.netloc or parts.path not in ("", "/") or not HOST_NAME.fullmatch(
                parts.netloc.lower().replace("_", "-")):
            raise PrinterConfigError(f"cups printer needs a queue name: {parts.geturl()}")
        return cls(parts.geturl(), parts.netloc)

    def _write(self, data: bytes) -> None:
        lp = shutil.which("lp")
        if lp is None:
            raise PrinterUnavailable(f"printer {self.uri}: lp (CUPS) is not installed")
        try:
            done = subprocess.run([lp, "-d", self.queue, "-t", "qms-form", "--"], input=data,
                                  capture_output=True, timeout=LP_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PrinterUnavailable(f"printer {self.uri}: lp did not answer") from exc
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip()[:200]
            raise PrinterUnavailable(f"printer {self.uri}: lp failed: {detail}")


BACKENDS: dict[str, Callable[[SplitResult, str], Printer]] = {
    "tcp": RawSocketPrinter.from_uri,
    "cups": LpQueuePrinter.from_uri,
    "win32raw": WindowsQueuePrinter.from_uri,
}
AGENT_NAME_MAX = 200


def office_agent_name(uri: str | None) -> str | None:
    """Return the agent an ``agent://<name>`` office printer names; None for other URIs."""
    if not uri:
        return None
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() != AGENT_SCHEME:
        return None
    return unquote(parts.netloc + parts.path).strip("/")


def open_office_printer(uri: str, *, instance_path: str = "") -> Printer:
    """Return the office printer a URI names; nothing is connected until the first job."""
    parts = urlsplit(uri.strip())
    scheme = parts.scheme.lower()
    backend = BACKENDS.get(scheme)
    if backend is None or not uri.strip().lower().startswith(f"{scheme}://"):
        raise PrinterConfigError(f"unknown office printer URI {uri!r}; expected tcp://, "
                                 "cups://, win32raw:// or agent://<name>")
    return backend(parts, instance_path)


def check_office_printer_uri(uri: str) -> None:
    """Raise PrinterConfigError unless ``uri`` may be saved as a counter's office printer."""
    name = office_agent_name(uri)
    if name is not None:
        parts = urlsplit(uri.strip())
        if not name or len(name) > AGENT_NAME_MAX or parts.query or parts.fragment:
            raise PrinterConfigError(f"agent:// needs the print agent's name: {uri!r}")
        return
    open_office_printer(uri)

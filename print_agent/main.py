"""Start the print agent: check its arguments, log to a rotating file, connect, serve."""

import hashlib
import logging
import os
import signal
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from urllib.parse import urlsplit

from printers import PrinterConfigError, open_printer
from printers.office import open_office_printer

from .agent import PrintAgent
from .journal import Journal
from .link import AgentRefused, ServerLink, ServerUnreachable

log = logging.getLogger("print_agent")
EXIT_OK, EXIT_BAD_ARGUMENT, EXIT_REFUSED, EXIT_UNREACHABLE = 0, 2, 3, 4
LOG_FILE_BYTES, LOG_FILE_BACKUPS = 1_000_000, 5


def default_state_dir() -> Path:
    """Return where the journal lives: %LOCALAPPDATA%\\qms on Windows, ~/.local/state/qms."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"], "qms", "print-agent")
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base, "qms", "print-agent")


def journal_path(state_dir: Path, server_url: str, token: str) -> Path:
    """Name one journal per server and kiosk: job ids are only unique within one server."""
    key = hashlib.sha256(f"{server_url.rstrip('/')}\n{token}".encode()).hexdigest()[:16]
    return state_dir / f"journal-{key}.log"


def setup_logging(log_file: str | None, verbose: bool) -> None:
    """Log to stderr and, if asked, to a file rotated at 1 MB (five old files kept)."""
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(log_file, maxBytes=LOG_FILE_BYTES,
                                            backupCount=LOG_FILE_BACKUPS, encoding="utf-8"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=handlers,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    # The Socket.IO client logs every reconnect attempt at INFO; ours say it once.
    for noisy in ("socketio", "engineio", "urllib3", "websocket"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def fail(code: int, message: str, message_en: str) -> int:
    """Say why the agent stops, in Vietnamese then English, and return the exit code."""
    log.error("%s / %s", message, message_en)
    print(f"Lỗi: {message}\nError: {message_en}", file=sys.stderr)
    return code


def run(server: str, token: str, printer_uri: str | None, *, log_file: str | None = None,
        state_dir: str | None = None, ca_file: str | None = None,
        check_every_s: float = 10.0, verbose: bool = False,
        office_printer_uri: str | None = None) -> int:
    """Run the agent until it is stopped; return the process exit code."""
    setup_logging(log_file, verbose)
    if urlsplit(server).scheme not in ("http", "https") or not urlsplit(server).netloc:
        return fail(EXIT_BAD_ARGUMENT, f"địa chỉ máy chủ không hợp lệ: {server}",
                    f"bad server address (expected https://host): {server}")
    state = Path(state_dir or default_state_dir())
    if not printer_uri and not office_printer_uri:
        return fail(EXIT_BAD_ARGUMENT, "cần --printer hoặc --office-printer",
                    "--printer or --office-printer is needed")
    try:
        printer = open_printer(printer_uri, instance_path=str(state)) if printer_uri else None
        office = open_office_printer(office_printer_uri) if office_printer_uri else None
    except PrinterConfigError as exc:
        return fail(EXIT_BAD_ARGUMENT, f"địa chỉ máy in không hợp lệ: {exc}",
                    f"bad printer URI: {exc}")
    link = ServerLink(server, token, ca_file)
    try:
        link.connect()
    except AgentRefused as exc:
        return fail(EXIT_REFUSED, f"máy chủ từ chối: {exc.message}",
                    f"the server refused the agent: {exc.message_en}")
    except ServerUnreachable as exc:
        return fail(EXIT_UNREACHABLE, f"không kết nối được máy chủ {server} ({exc})",
                    f"cannot reach the server {server} ({exc})")
    journal = Journal(journal_path(state, server, token))
    agent = PrintAgent(link, printer, journal, check_every_s, office)
    signal.signal(signal.SIGTERM, lambda *_: agent.stop())
    log.info("print agent started: server %s, printer %s, office printer %s, journal %s",
             server, printer_uri, office_printer_uri, journal.path)
    try:
        agent.run()
    except KeyboardInterrupt:  # Ctrl+C in a console, or a Windows service manager's stop
        link.disconnect()
    finally:
        for opened in (printer, office):
            if opened is not None:
                opened.close()
        journal.close()
    log.info("print agent stopped")
    return EXIT_OK

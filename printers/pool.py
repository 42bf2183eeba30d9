"""Open printers kept for reuse, one per kiosk."""

from collections.abc import Callable

from printers.base import Printer
from printers.transports import open_printer


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

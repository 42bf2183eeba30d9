"""USB, serial, CUPS and Windows-spooler printers, driven through python-escpos's device classes."""

from urllib.parse import SplitResult, unquote

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import CupsPrinter, Serial, Usb, Win32Raw

from printers.base import Printer
from printers.exceptions import PrinterConfigError, PrinterUnavailable
from printers.uri import options


class EscposDevicePrinter(Printer):
    """Write bytes through a python-escpos device whose driver library may be missing."""

    def __init__(
        self, uri: str, device_class: type[Escpos], device_args: dict, requirement: str
    ) -> None:
        super().__init__(uri)
        self.device_class, self.device_args = device_class, device_args
        self.requirement = requirement
        self._device: Escpos | None = None

    def _open(self) -> None:
        self._device = self._new_device()
        try:
            self._device.open()
        except DeviceNotFoundError as exc:
            raise PrinterUnavailable(f"printer {self.uri}: {exc}") from exc

    def _new_device(self) -> Escpos:
        if not self.device_class.is_usable():
            raise PrinterUnavailable(
                f"printer {self.uri}: {self.requirement} is not installed "
                f"(pip install {self.requirement})"
            )
        return self.device_class(**self.device_args)

    def _write(self, data: bytes) -> None:
        # python-escpos has no public call for bytes that are already encoded.
        self._device._raw(data)

    def _close(self) -> None:
        self._device.close()
        self._device = None


def usb_from_uri(parts: SplitResult, instance_path: str) -> EscposDevicePrinter:
    """Build from `usb://04b8:0202[?in_ep=0x82&out_ep=0x01&timeout=5000]` (hex vendor:product)."""
    opts = options(parts, {"in_ep": int, "out_ep": int, "timeout": int})
    vendor, _, product = parts.netloc.partition(":")
    try:
        ids = {"idVendor": int(vendor, 16), "idProduct": int(product, 16)}
    except ValueError as exc:
        raise PrinterConfigError(f"usb printer needs VID:PID in hex: {parts.geturl()}") from exc
    return EscposDevicePrinter(parts.geturl(), Usb, {**ids, **opts}, "pyusb")


def serial_from_uri(parts: SplitResult, instance_path: str) -> EscposDevicePrinter:
    """Build from `serial:///dev/ttyUSB0?baudrate=19200` or `serial://COM3`."""
    opts = options(parts, {"baudrate": int, "timeout": float})
    devfile = parts.netloc + parts.path
    if not devfile:
        raise PrinterConfigError(f"serial printer needs a device: {parts.geturl()}")
    return EscposDevicePrinter(parts.geturl(), Serial, {"devfile": devfile, **opts}, "pyserial")


class QueuedJobPrinter(EscposDevicePrinter):
    """Submit each job to an operating-system print queue as one raw document."""

    def _open(self) -> None:
        self._device = self._new_device()

    def _write(self, data: bytes) -> None:
        # python-escpos starts a queue job on open and submits it on close,
        # so each ticket is one job in the queue.
        try:
            self._device.open(job_name="qms-ticket")
            self._device._raw(data)
            self._device.close()
        except (DeviceNotFoundError, *self._queue_errors()) as exc:
            raise PrinterUnavailable(f"printer {self.uri}: {exc}") from exc

    def _queue_errors(self) -> tuple[type[Exception], ...]:
        return ()

    def _close(self) -> None:
        self._device = None


class CupsQueuePrinter(QueuedJobPrinter):
    """A CUPS raw queue (Linux)."""

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "CupsQueuePrinter":
        """Build from `cups://queue-name`."""
        options(parts, {})
        if not parts.netloc or parts.path not in ("", "/"):
            raise PrinterConfigError(f"cups printer needs a queue name: {parts.geturl()}")
        return cls(parts.geturl(), CupsPrinter, {"printer_name": parts.netloc}, "pycups")

    def _queue_errors(self) -> tuple[type[Exception], ...]:
        import cups  # present: _open checked that pycups is installed

        return (cups.IPPError,)


class WindowsQueuePrinter(QueuedJobPrinter):
    """A printer installed with a Windows driver, fed raw bytes through the Windows spooler."""

    @classmethod
    def from_uri(cls, parts: SplitResult, instance_path: str) -> "WindowsQueuePrinter":
        """Build from `win32raw://Printer Name` (as in Devices and Printers; empty: default)."""
        options(parts, {})
        name = unquote(parts.netloc + parts.path).strip("/")
        return cls(parts.geturl(), Win32Raw, {"printer_name": name}, "pywin32")

    def _queue_errors(self) -> tuple[type[Exception], ...]:
        import pywintypes  # present: _open checked that pywin32 is installed

        return (pywintypes.error,)

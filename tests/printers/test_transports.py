import sys
import types
from urllib.parse import urlsplit

import pytest
from escpos.printer import Dummy
from PIL import Image

from printers import (
    PrinterConfigError,
    PrinterPaperOut,
    PrinterState,
    PrinterUnavailable,
)
from printers.escpos_devices import CupsQueuePrinter, EscposDevicePrinter, WindowsQueuePrinter
from printers.network import NetworkPrinter
from printers.transports import check_printer_uri, is_agent_uri


def test_preview_writes_a_png_matching_the_render(tmp_path, open_uri, slip, job):
    with open_uri("preview://") as printer:
        printer.send(job)
        assert printer.status().state is PrinterState.ONLINE
    [png] = (tmp_path / "tickets-preview").glob("*.png")
    assert png == printer.last_path
    with Image.open(png) as saved:
        assert saved.size == slip.size
        assert saved.convert("1").tobytes() == slip.tobytes()


def test_preview_subfolder_and_one_png_per_ticket(tmp_path, open_uri, job):
    with open_uri("preview://kiosk-1") as printer:
        printer.send(job + job)
        printer.send(job)
    assert len(list((tmp_path / "tickets-preview" / "kiosk-1").glob("*.png"))) == 3


def test_file_printer_writes_exactly_the_bytes(tmp_path, open_uri):
    target = tmp_path / "lp0"
    with open_uri(f"file://{target}") as printer:
        printer.send(b"\x1b@first")
        printer.send(b"\x1dV\x01")
    assert target.read_bytes() == b"\x1b@first\x1dV\x01"


def test_file_printer_missing_device_is_unavailable(tmp_path, open_uri):
    printer = open_uri(f"file://{tmp_path}/no/such/dir/lp0")
    with pytest.raises(PrinterUnavailable, match="No such file"):
        printer.send(b"x")


def test_dummy_keeps_jobs_and_simulates_failures(open_uri):
    printer = open_uri("dummy://")
    printer.send(b"a")
    printer.send(b"b")
    assert printer.jobs == [b"a", b"b"]
    assert printer.received == b"ab"
    with pytest.raises(PrinterPaperOut):
        open_uri("dummy://?state=paper_out").send(b"x")
    offline = open_uri("dummy://?state=offline")
    with pytest.raises(PrinterUnavailable):
        offline.send(b"x")
    assert offline.status().state is PrinterState.OFFLINE


def test_network_uri_defaults_and_options(open_uri):
    printer = open_uri("network://192.168.1.50")
    assert isinstance(printer, NetworkPrinter)
    assert (printer.host, printer.port, printer.timeout) == ("192.168.1.50", 9100, 3.0)
    tuned = open_uri("NETWORK://printer.local:9101?timeout=1.5")
    assert (tuned.host, tuned.port, tuned.timeout) == ("printer.local", 9101, 1.5)


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "192.168.1.50:9100",
        "http://printer",
        "network://",
        "network://host:notaport",
        "network://host?colour=red",
        "network://host?timeout=soon",
        "usb://04b8",
        "usb://zzzz:0202",
        "serial://",
        "file://",
        "file://otherhost/dev/lp0",
        "preview://../etc",
        "preview://a/b",
        "cups://",
        "dummy://?state=on_fire",
    ],
)
def test_bad_uris_are_config_errors(uri, open_uri):
    with pytest.raises(PrinterConfigError):
        open_uri(uri)


@pytest.mark.parametrize(
    ("uri", "library"),
    [
        ("usb://04b8:0202", "pyusb"),
        ("serial:///dev/ttyUSB0?baudrate=19200", "pyserial"),
        ("cups://Receipt", "pycups"),
    ],
)
def test_missing_driver_library_is_a_clear_unavailable(uri, library, monkeypatch, open_uri):
    printer = open_uri(uri)
    monkeypatch.setattr(printer.device_class, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterUnavailable, match=f"{library} is not installed"):
        printer.send(b"x")


def test_usb_and_serial_uris_become_escpos_arguments(open_uri):
    usb = open_uri("usb://04b8:0e15?out_ep=0x02")
    assert usb.device_args == {"idVendor": 0x04B8, "idProduct": 0x0E15, "out_ep": 2}
    serial = open_uri("serial:///dev/ttyUSB0?baudrate=19200")
    assert serial.device_args == {"devfile": "/dev/ttyUSB0", "baudrate": 19200}


def test_escpos_device_writes_through_and_opens_once():
    class CountingDummy(Dummy):
        opened = 0

        def open(self):
            CountingDummy.opened += 1

    printer = EscposDevicePrinter("test://", CountingDummy, {}, "nothing")
    printer.send(b"one")
    printer.send(b"two")
    assert printer._device.output == b"onetwo"
    assert CountingDummy.opened == 1
    printer.close()
    printer.close()
    assert printer._device is None


def test_cups_submits_one_job_per_ticket(tmp_path, monkeypatch):
    submitted = []

    class FakeCupsDevice(Dummy):
        def open(self, job_name):
            self.clear()

        def close(self):
            submitted.append(self.output)

    fake_pycups = types.ModuleType("cups")
    fake_pycups.IPPError = type("IPPError", (Exception,), {})
    monkeypatch.setitem(sys.modules, "cups", fake_pycups)
    printer = CupsQueuePrinter.from_uri(urlsplit("cups://Receipt"), str(tmp_path))
    assert printer.device_args == {"printer_name": "Receipt"}
    printer.device_class, printer.device_args = FakeCupsDevice, {}
    printer.send(b"ticket 1")
    printer.send(b"ticket 2")
    assert submitted == [b"ticket 1", b"ticket 2"]


def test_windows_spooler_submits_one_raw_job_per_ticket(monkeypatch, open_uri):
    """Win32Raw needs Windows: its device is faked, the queue logic around it is real."""
    submitted = []
    spooler_error = type("error", (Exception,), {})

    class FakeWindowsQueue(Dummy):
        fail = False

        def open(self, job_name):
            if FakeWindowsQueue.fail:
                raise spooler_error("The printer is offline")
            self.clear()

        def close(self):
            submitted.append(self.output)

    monkeypatch.setitem(sys.modules, "pywintypes", types.SimpleNamespace(error=spooler_error))
    printer = open_uri("win32raw://EPSON%20TM-T82%20Receipt")
    assert isinstance(printer, WindowsQueuePrinter)
    assert printer.device_args == {"printer_name": "EPSON TM-T82 Receipt"}
    assert open_uri("win32raw://").device_args == {
        "printer_name": ""}  # the Windows default printer
    printer.device_class, printer.device_args = FakeWindowsQueue, {}
    printer.send(b"ticket 1")
    printer.send(b"ticket 2")
    assert submitted == [b"ticket 1", b"ticket 2"]
    FakeWindowsQueue.fail = True
    with pytest.raises(PrinterUnavailable, match="offline"):
        printer.send(b"ticket 3")


def test_windows_spooler_without_pywin32_says_what_to_install(open_uri):
    printer = open_uri("win32raw://Receipt")
    with pytest.raises(PrinterUnavailable, match="pywin32 is not installed"):
        printer.send(b"x")


def test_agent_uri_is_recognised_but_never_opened_by_the_server(tmp_path, open_uri):
    assert is_agent_uri("agent://") and is_agent_uri(" AGENT:// ")
    assert not is_agent_uri("network://agent") and not is_agent_uri(None)
    with pytest.raises(PrinterConfigError):
        open_uri("agent://")
    check_printer_uri("agent://", instance_path=str(tmp_path))  # may be saved for a kiosk
    for bad in ("agent://kiosk-1", "agent:///x", "agent://?a=1", "agent:"):
        with pytest.raises(PrinterConfigError):
            check_printer_uri(bad, instance_path=str(tmp_path))

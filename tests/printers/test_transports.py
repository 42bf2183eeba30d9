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
    open_printer,
    render_ticket,
    ticket_commands,
)
from printers.escpos_devices import CupsQueuePrinter, EscposDevicePrinter, WindowsQueuePrinter
from printers.network import NetworkPrinter
from printers.transports import check_printer_uri, is_agent_uri


def test_preview_writes_a_png_matching_the_render(ticket, tmp_path):
    image = render_ticket(ticket)
    with open_printer("preview://", instance_path=str(tmp_path)) as printer:
        printer.send(ticket_commands(image))
        assert printer.status().state is PrinterState.ONLINE
    [png] = (tmp_path / "tickets-preview").glob("*.png")
    assert png == printer.last_path
    with Image.open(png) as saved:
        assert saved.size == image.size
        assert saved.convert("1").tobytes() == image.tobytes()


def test_preview_subfolder_and_one_png_per_ticket(ticket, tmp_path):
    job = ticket_commands(render_ticket(ticket))
    with open_printer("preview://kiosk-1", instance_path=str(tmp_path)) as printer:
        printer.send(job + job)
        printer.send(job)
    assert len(list((tmp_path / "tickets-preview" / "kiosk-1").glob("*.png"))) == 3


def test_file_printer_writes_exactly_the_bytes(tmp_path):
    target = tmp_path / "lp0"
    with open_printer(f"file://{target}", instance_path=str(tmp_path)) as printer:
        printer.send(b"\x1b@first")
        printer.send(b"\x1dV\x01")
    assert target.read_bytes() == b"\x1b@first\x1dV\x01"


def test_file_printer_missing_device_is_unavailable(tmp_path):
    printer = open_printer(f"file://{tmp_path}/no/such/dir/lp0", instance_path=str(tmp_path))
    with pytest.raises(PrinterUnavailable, match="No such file"):
        printer.send(b"x")


def test_dummy_keeps_jobs_and_simulates_failures(tmp_path):
    printer = open_printer("dummy://", instance_path=str(tmp_path))
    printer.send(b"a")
    printer.send(b"b")
    assert printer.jobs == [b"a", b"b"]
    assert printer.received == b"ab"
    with pytest.raises(PrinterPaperOut):
        open_printer("dummy://?state=paper_out", instance_path=str(tmp_path)).send(b"x")
    offline = open_printer("dummy://?state=offline", instance_path=str(tmp_path))
    with pytest.raises(PrinterUnavailable):
        offline.send(b"x")
    assert offline.status().state is PrinterState.OFFLINE


def test_network_uri_defaults_and_options(tmp_path):
    printer = open_printer("network://192.168.1.50", instance_path=str(tmp_path))
    assert isinstance(printer, NetworkPrinter)
    assert (printer.host, printer.port, printer.timeout) == ("192.168.1.50", 9100, 3.0)
    tuned = open_printer("NETWORK://printer.local:9101?timeout=1.5", instance_path=str(tmp_path))
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
def test_bad_uris_are_config_errors(uri, tmp_path):
    with pytest.raises(PrinterConfigError):
        open_printer(uri, instance_path=str(tmp_path))


@pytest.mark.parametrize(
    ("uri", "library"),
    [
        ("usb://04b8:0202", "pyusb"),
        ("serial:///dev/ttyUSB0?baudrate=19200", "pyserial"),
        ("cups://Receipt", "pycups"),
    ],
)
def test_missing_driver_library_is_a_clear_unavailable(uri, library, tmp_path, monkeypatch):
    printer = open_printer(uri, instance_path=str(tmp_path))
    monkeypatch.setattr(printer.device_class, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterUnavailable, match=f"{library} is not installed"):
        printer.send(b"x")


def test_usb_and_serial_uris_become_escpos_arguments(tmp_path):
    usb = open_printer("usb://04b8:0e15?out_ep=0x02", instance_path=str(tmp_path))
    assert usb.device_args == {"idVendor": 0x04B8, "idProduct": 0x0E15, "out_ep": 2}
    serial = open_printer("serial:///dev/ttyUSB0?baudrate=19200", instance_path=str(tmp_path))
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


def test_windows_spooler_submits_one_raw_job_per_ticket(tmp_path, monkeypatch):
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
    printer = open_printer("win32raw://EPSON%20TM-T82%20Receipt", instance_path=str(tmp_path))
    assert isinstance(printer, WindowsQueuePrinter)
    assert printer.device_args == {"printer_name": "EPSON TM-T82 Receipt"}
    assert open_printer("win32raw://", instance_path=str(tmp_path)).device_args == {
        "printer_name": ""}  # the Windows default printer
    printer.device_class, printer.device_args = FakeWindowsQueue, {}
    printer.send(b"ticket 1")
    printer.send(b"ticket 2")
    assert submitted == [b"ticket 1", b"ticket 2"]
    FakeWindowsQueue.fail = True
    with pytest.raises(PrinterUnavailable, match="offline"):
        printer.send(b"ticket 3")


def test_windows_spooler_without_pywin32_says_what_to_install(tmp_path):
    printer = open_printer("win32raw://Receipt", instance_path=str(tmp_path))
    with pytest.raises(PrinterUnavailable, match="pywin32 is not installed"):
        printer.send(b"x")


def test_agent_uri_is_recognised_but_never_opened_by_the_server(tmp_path):
    assert is_agent_uri("agent://") and is_agent_uri(" AGENT:// ")
    assert not is_agent_uri("network://agent") and not is_agent_uri(None)
    with pytest.raises(PrinterConfigError):
        open_printer("agent://", instance_path=str(tmp_path))
    check_printer_uri("agent://", instance_path=str(tmp_path))  # may be saved for a kiosk
    for bad in ("agent://kiosk-1", "agent:///x", "agent://?a=1", "agent:"):
        with pytest.raises(PrinterConfigError):
            check_printer_uri(bad, instance_path=str(tmp_path))

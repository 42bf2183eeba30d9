"""A counter's office printer: the addresses an admin may save, a PDF sent raw over TCP byte
for byte and one connection per form, and ``lp`` for a CUPS queue."""

import subprocess

import pytest

from printers import PrinterConfigError, PrinterUnavailable
from printers.networks import PRIVATE_NETWORKS, parse_networks, printer_address_allowed
from printers.office import (
    LpQueuePrinter,
    RawSocketPrinter,
    check_office_printer_uri,
    office_agent_name,
    open_office_printer,
)
from tests.support.fake_printer import FakeEscposPrinter

pytestmark = []  # the fast tier: in process (a listening socket on 127.0.0.1)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.mark.parametrize("uri", ["tcp://192.168.1.60:9100", "tcp://192.168.1.60",
                                 "cups://may-in-quay-3", "cups://Office_HP",
                                 "win32raw://HP LaserJet", "agent://Máy quầy 3"])
def test_the_office_printer_addresses_an_admin_may_save(uri):
    check_office_printer_uri(uri)


@pytest.mark.parametrize("uri", ["network://192.168.1.60:9100", "usb://04b8:0202", "agent://",
                                 "tcp://", "tcp://h:99999", "tcp://bad_host!:9100",
                                 "cups://", "cups://a/b", "file:///dev/usb/lp0", "dummy://",
                                 "tcp://192.168.1.60?colour=1"])
def test_other_addresses_are_refused(uri):
    with pytest.raises(PrinterConfigError):
        check_office_printer_uri(uri)


def test_a_tcp_office_printer_must_be_in_the_allowed_networks():
    networks = parse_networks(PRIVATE_NETWORKS)
    assert printer_address_allowed("tcp://192.168.1.60:9100", networks)
    assert not printer_address_allowed("tcp://127.0.0.1:9100", networks)
    assert not printer_address_allowed("tcp://printer.example:9100", networks)


def test_the_agent_is_named_after_agent_scheme():
    assert office_agent_name("agent://M%C3%A1y qu%E1%BA%A7y 3") == "Máy quầy 3"
    assert office_agent_name("tcp://192.168.1.60") is None
    assert office_agent_name(None) is None


def test_a_pdf_goes_raw_over_tcp_one_connection_per_form():
    with FakeEscposPrinter(answers_status=False) as fake:
        printer = open_office_printer(f"tcp://127.0.0.1:{fake.port}")
        assert isinstance(printer, RawSocketPrinter)
        printer.send(PDF)
        printer.send(PDF)
        assert fake.wait_for_bytes(2 * len(PDF))
        assert fake.received == PDF + PDF  # no status query before a form
        assert len(fake._connections) == 2


def test_a_tcp_printer_that_is_off_is_unavailable():
    with FakeEscposPrinter() as fake:
        port = fake.port
    with pytest.raises(PrinterUnavailable):
        open_office_printer(f"tcp://127.0.0.1:{port}?timeout=1").send(PDF)


def test_a_cups_queue_gets_the_pdf_through_lp(monkeypatch):
    calls = []

    def fake_run(args, **options):
        calls.append((args, options["input"]))
        return subprocess.CompletedProcess(args, 0, b"request id is q-1", b"")

    monkeypatch.setattr("printers.office.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("printers.office.subprocess.run", fake_run)
    printer = open_office_printer("cups://may-in-quay-3")
    assert isinstance(printer, LpQueuePrinter)
    printer.send(PDF)
    assert calls == [(["/usr/bin/lp", "-d", "may-in-quay-3", "-t", "qms-form", "--"], PDF)]


def test_a_cups_queue_that_refuses_is_unavailable(monkeypatch):
    monkeypatch.setattr("printers.office.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("printers.office.subprocess.run", lambda args, **_: (
        subprocess.CompletedProcess(args, 1, b"", b"lp: The printer or class does not exist.")))
    with pytest.raises(PrinterUnavailable, match="does not exist"):
        open_office_printer("cups://nowhere").send(PDF)


def test_a_counter_without_an_office_printer_costs_no_rendering():
    from server.errors import ApiError
    from server.models import Counter
    from server.printing.office import enqueue_document

    def render() -> bytes:
        raise AssertionError("a form rendered for a counter that cannot print it")

    for counter in (None, Counter(number=3, office_printer_uri="  ")):
        with pytest.raises(ApiError) as refused:
            enqueue_document(None, counter, render)
        assert refused.value.code == "no_office_printer"

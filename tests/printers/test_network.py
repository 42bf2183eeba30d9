import socket

import pytest

from printers import (
    PrinterPaperOut,
    PrinterState,
    PrinterUnavailable,
)
from tests.support.fake_printer import STATUS_QUERY, FakeEscposPrinter
from tests.support.server import free_port


def test_ticket_prints_pixel_for_pixel_over_tcp(fake_printer, open_uri, slip, job):
    with open_uri(fake_printer.uri) as printer:
        printer.send(job)
    assert fake_printer.wait_for_cut(timeout=5)
    assert b"\x1dV\x01" in fake_printer.received
    [printed] = fake_printer.images()
    assert printed.size == slip.size
    assert printed.tobytes() == slip.tobytes()


def test_paper_status_is_asked_before_each_job(fake_printer, open_uri):
    expected = b"\x10\x04\x04one\x10\x04\x04two"
    with open_uri(fake_printer.uri) as printer:
        printer.send(b"one")
        printer.send(b"two")
    assert fake_printer.wait_for_bytes(len(expected))
    assert fake_printer.received == expected


def test_status_reports_paper_states(fake_printer, open_uri):
    with open_uri(fake_printer.uri) as printer:
        assert printer.status().state is PrinterState.ONLINE
        fake_printer.set_paper_near_end(True)
        assert printer.status().state is PrinterState.PAPER_NEAR_END
        fake_printer.set_paper_out(True)
        status = printer.status()
    assert status.state is PrinterState.PAPER_OUT
    assert "paper" in status.message


def test_paper_out_refuses_the_job(fake_printer, open_uri, job):
    fake_printer.set_paper_out(True)
    with open_uri(fake_printer.uri) as printer:
        with pytest.raises(PrinterPaperOut):
            printer.send(job)
        assert fake_printer.received == b"\x10\x04\x04"
        fake_printer.set_paper_out(False)
        printer.send(b"after reload")
    expected = b"\x10\x04\x04" * 2 + b"after reload"
    assert fake_printer.wait_for_bytes(len(expected))
    assert fake_printer.received == expected


def test_printer_that_never_answers_status_still_prints(open_uri):
    with FakeEscposPrinter(answers_status=False) as fake:
        uri = f"{fake.uri}?status_timeout=0.2"
        with open_uri(uri) as printer:
            assert printer.status().state is PrinterState.UNKNOWN
            printer.send(b"\x1dV\x01")
        assert fake.wait_for_cut()
    # Asked once: asking again before each job would hold every slip for the status timeout.
    assert fake.received == STATUS_QUERY + b"\x1dV\x01"


def test_connection_refused_is_unavailable_at_once(open_uri):
    printer = open_uri(f"network://127.0.0.1:{free_port()}?timeout=1")
    with pytest.raises(PrinterUnavailable, match="127.0.0.1") as refused:
        printer.send(b"ticket")
    # Refused by the host, not given up after the timeout: the kiosk hears it at once.
    assert isinstance(refused.value.__cause__, ConnectionRefusedError)
    assert printer.status().state is PrinterState.OFFLINE


def test_printer_restart_is_survived_by_reconnecting(open_uri):
    fake = FakeEscposPrinter()
    port = fake.start()
    printer = open_uri(fake.uri)
    printer.send(b"first")
    fake.stop()
    with pytest.raises(PrinterUnavailable):
        printer.send(b"lost")
    restarted = FakeEscposPrinter()
    restarted.start(port)
    try:
        printer.send(b"second\x1dV\x01")
        assert restarted.wait_for_cut(timeout=2)
        assert restarted.received == b"\x10\x04\x04second\x1dV\x01"
    finally:
        printer.close()
        restarted.stop()


def test_status_query_is_not_held_back_by_nagle(fake_printer, open_uri, job):
    # Without TCP_NODELAY each query waits ~40 ms for a delayed ACK of the previous job.
    with open_uri(fake_printer.uri) as printer:
        printer.send(job)
        for _ in range(10):
            printer.send(job)
        # Nagle's algorithm held each small status query back by ~40 ms: it must be off.
        assert printer._socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    assert fake_printer.wait_for_cut(count=11)

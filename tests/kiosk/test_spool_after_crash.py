"""A slip queued when the server dies (kill -9) prints once the server is back."""

import pytest

from printers import render_ticket
from server.printing.worker import STALE_PRINTING_S
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter, count_cuts
from tests.support.server import free_port
from tests.support.slips import expected_slip, printer_of, same_image, start_server
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live


def test_queued_slip_survives_a_killed_server(tmp_path):
    centre = provision_demo(tmp_path / "instance")
    port = free_port()
    token = centre.add_device("kiosk", "K-crash", printer_uri=f"network://127.0.0.1:{port}")
    server = start_server(centre)
    try:
        issued = Api(server.url).issue(token, "DKKD")
        assert issued.status_code == 201 and issued.json()["print"]["state"] == "queued"
        issued = issued.json()
        server.kill()  # the printer was never there: the slip is still queued
        printer = FakeEscposPrinter()
        printer.start(port)
        try:
            server.start()
            # At once if the slip was queued when the server died; a slip killed mid-send is
            # left "printing" and is taken back once that mark is stale (worst case 1.5×).
            assert printer.wait_for_cut(timeout=STALE_PRINTING_S * 1.5 + 30)
            assert same_image(printer.images()[0], render_ticket(expected_slip(issued)))
            status = Api(server.url).call("GET", f"/api/v1/tickets/{issued['public_code']}")
            assert status.json()["number"] == issued["number"]
            admin = Api(server.url).staff_token("admin", centre.password)
            wait_until(lambda: printer_of(Api(server.url), admin, "K-crash")["queued"] == 0)
            assert count_cuts(printer.received) == 1  # the queue is empty: printed once
        finally:
            printer.stop()
    finally:
        server.stop()

"""A slip queued when the server dies (kill -9) prints once the server is back."""

from printers import render_ticket
from tests.kiosk.support import expected_slip, same_image, start_server
from tests.printers.fake_printer import FakeEscposPrinter
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.server import free_port


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
            assert printer.wait_for_cut(timeout=15)
            assert same_image(printer.images()[0], render_ticket(expected_slip(issued)))
            status = Api(server.url).call("GET", f"/api/v1/tickets/{issued['public_code']}")
            assert status.json()["number"] == issued["number"]
            assert not printer.wait_for_cut(timeout=1.5, count=2)  # printed exactly once
        finally:
            printer.stop()
    finally:
        server.stop()

"""Where a site takes bookings, the ticket slip carries a second QR code to its booking page."""

from dataclasses import replace

import pytest

from printers import render_ticket
from tests.appointments.support import bookable_centre
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.slips import PUBLIC_URL, WARD_NAME, expected_slip, same_image, start_server

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """The city books land appointments; the ward takes none. A kiosk of each on a printer."""
    centre = bookable_centre(tmp_path_factory.mktemp("booking-slip"))
    printers = {"city": FakeEscposPrinter(), "ward": FakeEscposPrinter()}
    for printer in printers.values():
        printer.start()
    tokens = {"city": centre.add_device("kiosk", "K-city", printer_uri=printers["city"].uri),
              "ward": centre.add_device("kiosk", "K-ward", site="DUCXUAN",
                                        printer_uri=printers["ward"].uri)}
    server = start_server(centre)
    yield {"api": Api(server.url), "printers": printers, "tokens": tokens}
    server.stop()
    for printer in printers.values():
        printer.stop()


def printed_slip(setup, kiosk: str, service: str):
    issued = setup["api"].issue(setup["tokens"][kiosk], service)
    assert issued.status_code == 201, issued.text
    printer = setup["printers"][kiosk]
    assert printer.wait_for_cut(timeout=10)
    [image] = printer.images()
    return issued.json(), image


def test_a_site_that_books_prints_its_booking_page_beside_the_tickets_code(setup):
    issued, image = printed_slip(setup, "city", "CT")  # any field: the QR books for the site
    slip = expected_slip(issued)
    with_booking = replace(slip, booking_url=f"{PUBLIC_URL}/booking/?site=TPBK")
    assert same_image(image, render_ticket(with_booking))
    assert not same_image(image, render_ticket(slip))
    assert image.height - render_ticket(slip).height < 40  # a caption line, not a second code


def test_a_site_without_bookings_prints_the_tickets_code_alone(setup):
    issued, image = printed_slip(setup, "ward", "CTHT")
    assert same_image(image, render_ticket(expected_slip(issued, WARD_NAME)))

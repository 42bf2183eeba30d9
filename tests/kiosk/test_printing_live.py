"""Issuing at a live server prints on a TCP printer; printer faults lose no ticket."""

import pytest

from printers import render_ticket
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter, count_cuts
from tests.support.slips import (
    WARD_NAME,
    expected_slip,
    printer_of,
    same_image,
    start_server,
    stripped_render,
)
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A centre with three kiosks, each on its own fake TCP printer, and its server."""
    centre = provision_demo(tmp_path_factory.mktemp("printing"))
    printers = {name: FakeEscposPrinter() for name in ("city", "ward", "flaky")}
    for printer in printers.values():
        printer.start()
    tokens = {
        "city": centre.add_device("kiosk", "K2", printer_uri=printers["city"].uri),
        "ward": centre.add_device("kiosk", "K3", site="DUCXUAN", printer_uri=printers["ward"].uri),
        "flaky": centre.add_device("kiosk", "K4", printer_uri=printers["flaky"].uri),
    }
    server = start_server(centre)
    api = Api(server.url)
    yield {"centre": centre, "server": server, "api": api, "printers": printers,
           "tokens": tokens, "admin": api.staff_token("admin", centre.password)}
    server.stop()
    for printer in printers.values():
        printer.stop()


def issue(setup, kiosk: str, service: str) -> dict:
    response = setup["api"].issue(setup["tokens"][kiosk], service)
    assert response.status_code == 201, response.text
    return response.json()


def test_business_registration_slip_prints_with_every_diacritic(setup):
    printer = setup["printers"]["city"]
    issued = issue(setup, "city", "DKKD")
    assert issued["service_name"] == "Đăng ký kinh doanh"
    assert issued["print"]["state"] == "queued"
    assert printer.wait_for_cut(timeout=10)
    [printed] = printer.images()
    slip = expected_slip(issued)
    assert same_image(printed, render_ticket(slip))
    assert not same_image(printed, stripped_render(slip))


def test_ward_slip_prints_chung_thuc_ho_tich(setup):
    printer = setup["printers"]["ward"]
    issued = issue(setup, "ward", "CTHT")
    assert issued["service_name"] == "Chứng thực, hộ tịch"
    assert printer.wait_for_cut(timeout=10)
    slip = expected_slip(issued, site_name=WARD_NAME)
    assert same_image(printer.images()[-1], render_ticket(slip))
    assert not same_image(printer.images()[-1], stripped_render(slip))


def assert_printed_once(setup, printer, kiosk: str, issued: dict) -> None:
    """The slip of ``issued`` comes out of ``printer`` once and ``kiosk``'s queue empties."""
    assert printer.wait_for_cut(timeout=10)
    wait_until(lambda: printer_of(setup["api"], setup["admin"], kiosk)["queued"] == 0)
    assert count_cuts(printer.received) == 1
    assert same_image(printer.images()[0], render_ticket(expected_slip(issued)))


def test_printer_down_issues_anyway_and_prints_once_when_back(setup):
    printer = setup["printers"]["flaky"]
    port = printer.port
    printer.stop()
    issued = issue(setup, "flaky", "XD")
    wait_until(lambda: printer_of(setup["api"], setup["admin"], "K4")["state"] == "offline")
    status = setup["api"].call("GET", f"/api/v1/tickets/{issued['public_code']}")
    assert status.json()["status"] == "waiting"  # issued and stored
    assert printer_of(setup["api"], setup["admin"], "K4")["queued"] == 1
    back = FakeEscposPrinter()
    back.start(port)
    setup["printers"]["flaky"] = back
    assert_printed_once(setup, back, "K4", issued)


def test_paper_out_holds_the_slip_until_paper_is_loaded(setup):
    printer = setup["printers"]["city"]
    printer.clear()
    printer.set_paper_out(True)
    issued = issue(setup, "city", "DD")
    wait_until(lambda: printer_of(setup["api"], setup["admin"], "K2")["state"] == "paper_out")
    assert printer.images() == []
    printer.set_paper_out(False)
    assert_printed_once(setup, printer, "K2", issued)


def test_kiosk_answer_warns_when_printer_is_known_down(setup):
    printer = setup["printers"]["city"]
    printer.clear()
    printer.set_paper_out(True)
    try:
        wait_until(lambda: printer_of(setup["api"], setup["admin"], "K2")["state"] == "paper_out")
        issued = issue(setup, "city", "DD")
        assert issued["print"]["printer"] == "paper_out"
    finally:
        printer.set_paper_out(False)
    assert printer.wait_for_cut(timeout=10)


def test_reprint_by_the_kiosk_and_by_staff(setup):
    printer = setup["printers"]["city"]
    api = setup["api"]
    printer.clear()
    issued = issue(setup, "city", "CDCS")
    assert printer.wait_for_cut(timeout=10)
    kiosk = api.call("POST", "/api/v1/tickets/reprint", setup["tokens"]["city"],
                     json={"public_code": issued["public_code"]})
    assert kiosk.status_code == 202, kiosk.text
    assert printer.wait_for_cut(timeout=10, count=2)
    clerk = api.staff_token("quay5", setup["centre"].password)
    staff = api.call("POST", f"/api/v1/tickets/{issued['id']}/reprint", clerk)
    assert staff.status_code == 202, staff.text
    assert printer.wait_for_cut(timeout=10, count=3)
    expected = render_ticket(expected_slip(issued))  # nothing moved in this queue since
    assert len(printer.images()) == 3
    assert all(same_image(image, expected) for image in printer.images())


def test_kiosk_may_not_reprint_another_kiosks_ticket(setup):
    issued = issue(setup, "city", "CDCS")
    response = setup["api"].call("POST", "/api/v1/tickets/reprint", setup["tokens"]["flaky"],
                                 json={"public_code": issued["public_code"]})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "ticket_not_found"


def test_reprint_needs_staff_and_printers_list_needs_a_manager(setup):
    api = setup["api"]
    issued = issue(setup, "city", "CDCS")
    assert api.call("POST", f"/api/v1/tickets/{issued['id']}/reprint",
                    setup["tokens"]["city"]).status_code == 403
    clerk = api.staff_token("quay1", setup["centre"].password)
    assert api.call("GET", "/api/v1/printers", clerk).status_code == 403
    body = api.call("GET", "/api/v1/printers", setup["admin"]).json()
    assert {p["device"] for p in body["printers"]} >= {"K2", "K4"}

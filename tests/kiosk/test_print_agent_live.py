"""A kiosk printing through ``qms print-agent``: real server, real agent, TCP printer.

The capture printer on 127.0.0.1 stands in for the kiosk PC's USB printer: the agent
opens it with ``network://`` exactly as it would open ``usb://``.
"""

import pytest
from playwright.sync_api import expect

from printers import render_ticket
from tests.kiosk.agent_support import AgentProcess, run_agent, start_agent
from tests.kiosk.tls_relay import Relay, TlsRelay, self_signed_certificate
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.server import LiveServer
from tests.support.slips import FAST_SPOOLER, expected_slip, printer_of, same_image
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live

SERVICES = ["DKKD", "HT", "XD", "DD", "CDCS", "CT"]


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    """A centre whose kiosk KA prints through its agent to a slow capture printer."""
    folder = tmp_path_factory.mktemp("print-agent")
    centre = provision_demo(folder / "instance")
    # Each slip waits 0.1 s for the paper sensor, so twenty take two seconds or more:
    # long enough to kill the agent in the middle.
    printer = FakeEscposPrinter(status_delay_s=0.1)
    printer.start()
    token = centre.add_device("kiosk", "KA", printer_uri="agent://")
    # A hundred tickets in a minute from one kiosk: above its rate limit for citizens.
    server = LiveServer(centre.instance, env=FAST_SPOOLER | {"QMS_KIOSK_RATE_LIMIT": "500/60"})
    server.start()
    api = Api(server.url)
    agent = AgentProcess(server.url, token, printer.uri, folder).start()
    rig = {"centre": centre, "server": server, "api": api, "printer": printer, "agent": agent,
           "token": token, "admin": api.staff_token("admin", centre.password)}
    yield rig
    agent.stop()
    server.stop()
    rig["printer"].stop()


def issue_many(rig, count: int) -> list[dict]:
    issued = []
    for index in range(count):
        response = rig["api"].issue(rig["token"], SERVICES[index % len(SERVICES)])
        assert response.status_code == 201, response.text
        issued.append(response.json())
    return issued


def assert_printed_exactly(printer, issued: list[dict]) -> None:
    """The capture holds one slip per ticket, in issue order, each as the server renders it."""
    images = printer.images()
    assert len(images) == len(issued)
    for image, ticket in zip(images, issued, strict=True):
        assert same_image(image, render_ticket(expected_slip(ticket)))


def all_acknowledged(rig) -> bool:
    view = printer_of(rig["api"], rig["admin"], "KA")
    return view["queued"] == 0 and view["failed"] == 0


def test_twenty_tickets_print_twenty_slips_in_order(rig):
    rig["printer"].clear()
    issued = issue_many(rig, 20)
    assert rig["printer"].wait_for_cut(timeout=60, count=20)
    wait_until(lambda: all_acknowledged(rig), timeout=20)
    assert_printed_exactly(rig["printer"], issued)
    assert printer_of(rig["api"], rig["admin"], "KA")["state"] == "online"


def test_agent_killed_mid_stream_loses_no_slip_and_prints_none_twice(rig):
    printer = rig["printer"]
    printer.clear()
    issued = issue_many(rig, 20)
    assert printer.wait_for_cut(timeout=30, count=5)
    rig["agent"].kill()
    assert len(printer.images()) < 20  # killed in the middle of the stream
    rig["agent"].start()
    assert printer.wait_for_cut(timeout=60, count=20)
    wait_until(lambda: all_acknowledged(rig), timeout=20)
    assert not printer.wait_for_cut(timeout=2, count=21)
    assert_printed_exactly(printer, issued)


def test_server_restarted_the_agent_reconnects_and_prints_the_next_slip(rig):
    printer = rig["printer"]
    printer.clear()
    rig["server"].restart()
    [issued] = issue_many(rig, 1)
    assert printer.wait_for_cut(timeout=60)
    wait_until(lambda: all_acknowledged(rig), timeout=20)
    assert_printed_exactly(printer, [issued])


def test_agent_offline_the_kiosk_still_gets_its_ticket_and_the_slip_prints_later(rig):
    printer = rig["printer"]
    printer.clear()
    assert rig["agent"].stop() == 0
    wait_until(lambda: printer_of(rig["api"], rig["admin"], "KA")["state"] == "offline")
    [issued] = issue_many(rig, 1)
    assert issued["print"]["printer"] == "offline"  # the kiosk warns the citizen at once
    assert printer.images() == []
    rig["agent"].start()
    assert printer.wait_for_cut(timeout=60)
    wait_until(lambda: all_acknowledged(rig), timeout=20)
    assert_printed_exactly(printer, [issued])


@pytest.mark.browser
def test_printer_off_shows_on_the_kiosk_page_and_the_slip_prints_once_back(rig, page):
    port = rig["printer"].port
    rig["printer"].stop()
    wait_until(lambda: printer_of(rig["api"], rig["admin"], "KA")["state"] == "offline")
    page.goto(f"{rig['server'].url}/kiosk/?token={rig['token']}")
    with page.expect_response("**/api/v1/tickets") as answer:
        page.locator(".tile", has_text="Đăng ký kinh doanh").click()
    issued = answer.value.json()
    expect(page.locator("#print-warning")).to_be_visible(timeout=10_000)
    expect(page.locator("#print-ok")).to_be_hidden()
    back = FakeEscposPrinter()
    back.start(port)
    rig["printer"] = back
    assert back.wait_for_cut(timeout=60)
    wait_until(lambda: all_acknowledged(rig), timeout=20)
    assert not back.wait_for_cut(timeout=2, count=2)
    assert_printed_exactly(back, [issued])
    wait_until(lambda: printer_of(rig["api"], rig["admin"], "KA")["state"] == "online")


@pytest.mark.slow
def test_agent_through_tls_with_the_office_certificate(rig, tmp_path):
    """Through a TLS front (nginx's role), trusting a private certificate with --ca-file."""
    cert, key = self_signed_certificate(tmp_path)
    relay = TlsRelay(rig["server"].port, cert, key)
    printer = FakeEscposPrinter()
    printer.start()
    token = rig["centre"].add_device("kiosk", "KTLS", printer_uri="agent://")
    args = ["--server", relay.url, "--token", token, "--printer", printer.uri,
            "--state-dir", str(tmp_path / "state")]
    try:
        untrusted = run_agent(args)
        assert untrusted.returncode == 4 and "cannot reach the server" in untrusted.stderr
        agent = start_agent([*args, "--ca-file", str(cert)], tmp_path / "agent.out")
        try:
            [issued] = issue_many(rig | {"token": token}, 1)
            assert printer.wait_for_cut(timeout=60)
            assert_printed_exactly(printer, [issued])
        finally:
            agent.terminate()
            assert agent.wait(20) == 0
    finally:
        printer.stop()
        relay.close()


def test_reprint_goes_through_the_agent(rig):
    printer = rig["printer"]
    printer.clear()
    [issued] = issue_many(rig, 1)
    assert printer.wait_for_cut(timeout=60)
    again = rig["api"].call("POST", "/api/v1/tickets/reprint", rig["token"],
                            json={"public_code": issued["public_code"]})
    assert again.status_code == 202, again.text
    assert printer.wait_for_cut(timeout=60, count=2)
    wait_until(lambda: all_acknowledged(rig), timeout=20)
    assert_printed_exactly(printer, [issued, issued])
    assert "printed slip" in rig["agent"].log()  # the log file the technician reads


@pytest.mark.slow
def test_network_cut_the_slip_prints_once_the_link_is_back(rig, tmp_path):
    """The agent's link is cut (connections dropped, new ones refused) while a ticket is issued."""
    relay = Relay(rig["server"].port)
    printer = FakeEscposPrinter()
    printer.start()
    token = rig["centre"].add_device("kiosk", "KCUT", printer_uri="agent://")
    agent = start_agent(["--server", relay.url, "--token", token, "--printer", printer.uri,
                         "--state-dir", str(tmp_path / "state"), "--check-every", "0.5"],
                        tmp_path / "agent.out")
    try:
        [first] = issue_many(rig | {"token": token}, 1)
        assert printer.wait_for_cut(timeout=60)
        relay.cut()
        wait_until(lambda: printer_of(rig["api"], rig["admin"], "KCUT")["state"] == "offline",
                   timeout=30)
        [second] = issue_many(rig | {"token": token}, 1)
        relay.restore()
        assert printer.wait_for_cut(timeout=60, count=2)
        wait_until(lambda: printer_of(rig["api"], rig["admin"], "KCUT")["queued"] == 0)
        assert not printer.wait_for_cut(timeout=2, count=3)
        assert_printed_exactly(printer, [first, second])
    finally:
        agent.terminate()
        agent.wait(20)
        printer.stop()
        relay.close()

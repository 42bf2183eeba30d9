"""Who may act as a kiosk's print agent, what it may touch, and how the agent says no."""

from dataclasses import replace

import pytest
import socketio

from printers import decode_tickets, render_ticket
from server.models import utcnow
from tests.kiosk.agent_support import run_agent
from tests.support.display import device_with_token
from tests.support.server import free_port
from tests.support.slips import expected_slip, printer_of, same_image
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live

AGENT = "/print-agent"


@pytest.fixture(scope="module")
def agents(centre, live_server):
    """Two agent kiosks (one at another site), a kiosk with a network printer, a revoked one."""
    tokens = {"mine": centre.add_device("kiosk", "KA1", printer_uri="agent://"),
              "ward": centre.add_device("kiosk", "KA2", site="DUCXUAN", printer_uri="agent://"),
              "network": centre.add_device("kiosk", "KN", printer_uri="network://127.0.0.1:9"),
              "integration": centre.add_device("integration", "Hệ thống tỉnh")}
    revoked = centre.add_device("kiosk", "KR", printer_uri="agent://")
    with_revoked = {**tokens, "revoked": revoked}
    with device_with_token(centre, revoked) as device:
        device.revoked_at = utcnow()
    return with_revoked


def connect(url: str, token: str | None) -> tuple[socketio.Client, list]:
    client = socketio.Client(reconnection=False)
    refusals: list = []
    client.on("connect_error", refusals.append, namespace=AGENT)
    client.connect(url, namespaces=[AGENT], auth={"token": token} if token else None,
                   wait_timeout=10)
    return client, refusals


def refusal(url: str, token: str | None) -> dict:
    client = socketio.Client(reconnection=False)
    refusals: list = []
    client.on("connect_error", refusals.append, namespace=AGENT)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(url, namespaces=[AGENT], auth={"token": token} if token else None,
                       wait_timeout=10)
    [reason] = refusals
    return reason["data"]


@pytest.mark.parametrize("who, code", [
    ("anonymous", "kiosk_token_required"), ("display", "kiosk_token_required"),
    ("vote-pad", "kiosk_token_required"), ("integration", "kiosk_token_required"),
    ("revoked", "kiosk_token_required"), ("network", "printer_not_agent"),
    ("kiosk", "printer_not_agent")])
def test_only_a_kiosk_set_to_agent_may_connect(live_server, centre, agents, who, code):
    token = None if who == "anonymous" else agents.get(who) or centre.tokens[who]
    reason = refusal(live_server.url, token)
    assert reason["code"] == code
    assert reason["message"] and reason["message_en"]


def test_staff_token_may_not_be_an_agent(live_server, api, centre):
    admin = api.staff_token("admin", centre.password)
    assert refusal(live_server.url, admin)["code"] == "kiosk_token_required"


def test_agent_gets_its_own_slips_only_and_acknowledges_them(live_server, api, agents, centre):
    mine, _ = connect(live_server.url, agents["mine"])
    ward, _ = connect(live_server.url, agents["ward"])
    try:
        assert mine.call("next_job", {}, namespace=AGENT, timeout=10) == {"job": None}
        issued = api.issue(agents["mine"], "DKKD").json()
        assert ward.call("next_job", {}, namespace=AGENT, timeout=10) == {"job": None}
        job = mine.call("next_job", {}, namespace=AGENT, timeout=10)["job"]
        assert job["number"] == issued["number"] and job["reason"] == "issue"
        [image] = decode_tickets(job["data"])
        # Without PUBLIC_URL the QR code opens the address the kiosk used.
        slip = replace(expected_slip(issued), qr_url=f"{live_server.url}/t/{issued['public_code']}")
        assert same_image(image, render_ticket(slip))
        stolen = ward.call("job_done", {"job_id": job["id"], "outcome": "printed"},
                           namespace=AGENT, timeout=10)
        assert stolen["error"]["code"] == "print_job_not_found"
        done = mine.call("job_done", {"job_id": job["id"], "outcome": "printed"},
                         namespace=AGENT, timeout=10)
        assert done == {"ok": True}
        assert mine.call("next_job", {}, namespace=AGENT, timeout=10) == {"job": None}
    finally:
        mine.disconnect()
        ward.disconnect()


@pytest.mark.parametrize("event, payload, code", [
    ("job_done", {"job_id": "1", "outcome": "printed"}, "invalid_payload"),
    ("job_done", {"job_id": 1, "outcome": "burnt"}, "invalid_payload"),
    ("job_done", {"job_id": 10**9, "outcome": "printed"}, "print_job_not_found"),
    ("printer_status", {"state": "on fire", "message": ""}, "invalid_payload"),
    ("printer_status", {"state": "online", "message": "x" * 401}, "invalid_payload"),
    ("next_job", {"anything": 1}, "invalid_payload"),
    ("print_everything", {}, "unknown_event"),
])
def test_bad_agent_events_get_a_clear_error(live_server, agents, event, payload, code):
    client, _ = connect(live_server.url, agents["mine"])
    try:
        reply = client.call(event, payload, namespace=AGENT, timeout=10)
        assert reply["error"]["code"] == code
        assert reply["error"]["message"] and reply["error"]["message_en"]
    finally:
        client.disconnect()


def test_printer_status_reaches_admins_and_offline_when_the_agent_leaves(
        live_server, api, agents, centre):
    admin = api.staff_token("admin", centre.password)
    client, _ = connect(live_server.url, agents["mine"])
    reply = client.call("printer_status", {"state": "paper_out", "message": "paper roll is empty"},
                        namespace=AGENT, timeout=10)
    assert reply == {"ok": True}
    assert printer_of(api, admin, "KA1")["state"] == "paper_out"
    client.disconnect()
    wait_until(lambda: printer_of(api, admin, "KA1")["state"] == "offline")
    assert printer_of(api, admin, "KA1")["message"] == "print agent not connected"


@pytest.mark.slow
def test_agent_exit_codes_and_messages(live_server, agents, centre, tmp_path):
    common = ["--state-dir", str(tmp_path), "--printer", "network://127.0.0.1:9"]
    bad_token = run_agent(["--server", live_server.url, "--token", "qmsd_wrong", *common])
    assert bad_token.returncode == 3
    assert "Lỗi: máy chủ từ chối" in bad_token.stderr
    assert "Error: the server refused" in bad_token.stderr
    not_agent = run_agent(["--server", live_server.url, "--token", agents["network"], *common])
    assert not_agent.returncode == 3 and "agent://" in not_agent.stderr
    unreachable = run_agent(["--server", f"http://127.0.0.1:{free_port()}",
                             "--token", agents["mine"], *common])
    assert unreachable.returncode == 4
    assert "không kết nối được máy chủ" in unreachable.stderr
    assert "cannot reach the server" in unreachable.stderr
    for printer in ("agent://", "laser://x", "usb://nothex"):
        bad_printer = run_agent(["--server", live_server.url, "--token", agents["mine"],
                                 "--state-dir", str(tmp_path), "--printer", printer])
        assert bad_printer.returncode == 2, printer
        assert "địa chỉ máy in không hợp lệ" in bad_printer.stderr
        assert "bad printer URI" in bad_printer.stderr
    bad_server = run_agent(["--server", "qms.local", "--token", agents["mine"], *common])
    assert bad_server.returncode == 2 and "https://host" in bad_server.stderr

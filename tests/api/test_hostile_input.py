"""Input an attacker or a slip of the hand sends: clear 4xx answers, nothing stored that
breaks later, no formula in exports, no format spec in the call sentence, no file or host
that is not a printer."""

import csv
import io
import re
import subprocess
import sys
from datetime import datetime

import openpyxl
import pytest
import requests
import socketio

from server.engine.days import VIETNAM
from tests.support.server import ROOT
from tests.support.staff import StaffBrowser
from voice import announcement_text

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def admin(live_server, centre):
    return StaffBrowser(live_server.url, "admin", centre.password)


def form_fields(admin, path: str) -> dict:
    form = admin.get(path).text
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', form))
    for name, value in re.findall(
            r'<select name="(\w+)"[^>]*>.*?<option value="([^"]*)" selected', form, re.S):
        fields[name] = value
    return fields


@pytest.mark.parametrize("ticket_id", [2**63, 10**30, 2**31])
def test_a_vote_for_an_impossible_ticket_id_is_422(api, centre, ticket_id):
    response = api.call("POST", "/api/v1/votes", centre.tokens["vote-pad"],
                        json={"rating": 4, "ticket_id": ticket_id})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_payload"


@pytest.mark.parametrize("number", ["²", "٣", "9999999999999999"])
def test_audio_for_a_number_no_ticket_has_is_422(live_server, number):
    response = requests.get(f"{live_server.url}/display/audio/{number}/1.wav", timeout=10)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_number"


def test_a_very_long_url_gets_a_json_414(live_server):
    response = requests.get(live_server.url + "/api/v1/tickets/" + "a" * 10_000, timeout=10)
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"
    assert requests.get(live_server.url + "/healthz", timeout=5).ok


@pytest.mark.parametrize("event", ["connect", "disconnect"])
def test_connect_and_disconnect_sent_as_events_are_unknown_events(live_server, centre, event):
    tv = socketio.Client(reconnection=False)
    tv.connect(live_server.url, namespaces=["/display"], transports=["websocket"],
               auth={"token": centre.tokens["display"]}, wait_timeout=10)
    try:
        reply = tv.call(event, {"token": "x"}, namespace="/display", timeout=5)
        assert reply["error"]["code"] == "unknown_event"
        heartbeat = tv.call("heartbeat", {}, namespace="/display", timeout=5)
        assert heartbeat["ok"] is True  # still connected and known to its namespace
    finally:
        tv.disconnect()


def test_control_characters_are_dropped_and_exports_neutralise_formulas(admin, centre, api,
                                                                       live_server):
    fields = form_fields(admin, "/admin/counters/1")
    fields["name"] = "=HYPERLINK(\"http://x\")\x00\x07 Quầy 1"
    assert admin.post("/admin/counters/1", fields).status_code == 302
    assert "\x00" not in admin.get("/admin/counters/").text
    ticket = api.issue(centre.tokens["kiosk"], "DD").json()
    clerk = api.staff_token("quay1", centre.password)
    api.counter(clerk, 1, "open")
    for action in ("call-next", "start", "finish"):
        api.counter(clerk, 1, action)
    assert ticket["number"]
    manager = api.staff_token("quanly", centre.password)
    today = datetime.now(VIETNAM).date().isoformat()
    period = f"group=counter&from={today}&to={today}"
    exported = api.call("GET", f"/api/v1/reports/export.csv?{period}", manager)
    assert exported.status_code == 200
    labels = [row[0] for row in csv.reader(io.StringIO(exported.content.decode("utf-8-sig")))
              if row]  # a blank row parts the figures from the unhappy votes' reasons
    assert "'=HYPERLINK(\"http://x\") Quầy 1" in labels
    assert not any(label.startswith(("=", "+", "-", "@")) for label in labels)
    workbook = api.call("GET", f"/api/v1/reports/export.xlsx?{period}", manager)
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = [row[0] for row in sheet.iter_rows() if row[0].value]
    named = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert named and all(cell.data_type == "s" for cell in named)


@pytest.mark.parametrize("template", ["Mời số {number:>99999999} đến quầy {counter}",
                                      "Mời số {number!r} đến quầy {counter}",
                                      "Mời số {} đến quầy {counter}",
                                      "Mời số {number} " + "rất " * 40 + "đến quầy {counter}"])
def test_call_sentences_with_format_specs_or_too_long_are_refused(admin, template):
    fields = form_fields(admin, "/admin/sites/1")
    response = admin.post("/admin/sites/1", {**fields, "announcement_template": template})
    assert response.status_code == 422 and "{number}" in response.text
    assert template not in admin.get("/admin/sites/1").text


def test_a_saved_format_spec_cannot_grow_the_call_text():
    assert announcement_text("1001", 3, "Mời số {number:>99999999} quầy {counter}") == \
        "Mời số 1001 quầy 3"


@pytest.mark.parametrize("uri", ["file:///tmp/ve-ticket", "file:///etc/cron.d/x", "gopher://x",
                                 "network://a_b:9100", "network://host:99999",
                                 "file:///dev/usb/../../etc/x"])
def test_printer_uris_that_are_not_printers_are_refused(admin, uri):
    device = {"site_id": "1", "kind": "kiosk", "name": f"Máy in {uri}", "printer_uri": uri}
    response = admin.post("/admin/devices/new", device)
    assert response.status_code == 422 and "qmsd_" not in response.text


@pytest.mark.parametrize("uri", ["network://192.168.1.50:9100", "file:///dev/usb/lp0",
                                 "preview://quay-1"])
def test_printer_uris_of_real_printers_are_kept(admin, uri):
    device = {"site_id": "1", "kind": "kiosk", "name": f"Máy in {uri}", "printer_uri": uri}
    saved = admin.post("/admin/devices/new", device)
    assert saved.status_code == 303  # then the page that shows the new token once
    assert "/admin/devices/" in saved.headers["Location"]


@pytest.mark.slow
def test_the_command_line_refuses_a_file_printer_outside_the_devices(live_server):
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "device", "add", "--kind", "kiosk",
         "--name", "Máy in lạ", "--printer", "file:///etc/qms-slip"],
        cwd=ROOT, env=live_server.environment(), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "file://" in done.stderr

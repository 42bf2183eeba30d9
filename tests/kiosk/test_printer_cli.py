"""``qms device add|set --printer``: a technician points a kiosk at its print agent."""

import pytest
from click.testing import CliRunner

from server.cli import main
from tests.support.display import device_with_token


def test_device_set_printer_to_the_agent_and_back(centre, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    with device_with_token(centre, centre.tokens["kiosk"]) as kiosk:
        kiosk_id = kiosk.id
    runner = CliRunner()
    result = runner.invoke(main, ["device", "set", str(kiosk_id), "--printer", "agent://"])
    assert result.exit_code == 0, result.output
    assert "Đã lưu máy in / printer saved: agent://" in result.output
    with device_with_token(centre, centre.tokens["kiosk"]) as kiosk:
        assert kiosk.printer_uri == "agent://"
    result = runner.invoke(main, ["device", "set", str(kiosk_id), "--printer", ""])
    assert result.exit_code == 0, result.output
    with device_with_token(centre, centre.tokens["kiosk"]) as kiosk:
        assert kiosk.printer_uri is None


def test_only_a_kiosk_gets_a_printer_and_set_needs_something_to_set(centre, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    with device_with_token(centre, centre.tokens["display"]) as display:
        display_id = display.id
    runner = CliRunner()
    refused = runner.invoke(main, ["device", "set", str(display_id), "--printer", "agent://"])
    assert refused.exit_code != 0 and "only kiosks print" in refused.output
    with device_with_token(centre, centre.tokens["display"]) as display:
        assert display.printer_uri is None
    assert runner.invoke(main, ["device", "set", str(display_id)]).exit_code == 2
    missing = runner.invoke(main, ["device", "set", "999999", "--printer", "agent://"])
    assert missing.exit_code != 0 and "no device" in missing.output


def test_device_add_with_an_agent_printer(centre, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    result = CliRunner().invoke(main, ["device", "add", "--kind", "kiosk", "--name", "Máy sảnh B",
                                       "--printer", "agent://"])
    assert result.exit_code == 0, result.output
    with device_with_token(centre, result.output.strip().splitlines()[-1]) as kiosk:
        assert kiosk.printer_uri == "agent://" and kiosk.name == "Máy sảnh B"


@pytest.mark.live
def test_an_agent_kiosk_whose_agent_never_came_shows_its_printer_offline(centre, monkeypatch,
                                                                         api):
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    added = CliRunner().invoke(main, ["device", "add", "--kind", "kiosk", "--name", "KX",
                                      "--printer", "agent://"])
    token = added.output.strip().splitlines()[-1]
    issued = api.issue(token, "DD")
    assert issued.status_code == 201  # a ticket even without its agent
    assert issued.json()["print"] | {"job": None} == {
        "job": None, "state": "queued", "printer": "offline",
        "printer_message": "print agent not connected"}


def test_device_set_refuses_a_printer_uri_it_cannot_use(centre, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    with device_with_token(centre, centre.tokens["kiosk"]) as kiosk:
        kiosk_id, before = kiosk.id, kiosk.printer_uri
    runner = CliRunner()
    for bad in ("agent://somewhere", "agent:", "laser://x", "file:///etc/passwd"):
        refused = runner.invoke(main, ["device", "set", str(kiosk_id), "--printer", bad])
        assert refused.exit_code != 0, bad
    with device_with_token(centre, centre.tokens["kiosk"]) as kiosk:
        assert kiosk.printer_uri == before

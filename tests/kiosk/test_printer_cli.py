"""``qms device add|set --printer``: a technician points a kiosk at its print agent."""

import pytest

from tests.support.display import device_id, device_with_token


def printer_of(centre, kind: str) -> str | None:
    with device_with_token(centre, centre.tokens[kind]) as device:
        return device.printer_uri


def test_device_set_printer_to_the_agent_and_back(centre, qms_command):
    kiosk_id = str(device_id(centre, "kiosk"))
    result = qms_command("device", "set", kiosk_id, "--printer", "agent://")
    assert result.exit_code == 0, result.output
    assert "Đã lưu máy in / printer saved: agent://" in result.output
    assert printer_of(centre, "kiosk") == "agent://"
    result = qms_command("device", "set", kiosk_id, "--printer", "")
    assert result.exit_code == 0, result.output
    assert printer_of(centre, "kiosk") is None


def test_only_a_kiosk_gets_a_printer_and_set_needs_something_to_set(centre, qms_command):
    display_id = str(device_id(centre, "display"))
    refused = qms_command("device", "set", display_id, "--printer", "agent://")
    assert refused.exit_code != 0 and "only kiosks print" in refused.output
    assert printer_of(centre, "display") is None
    assert qms_command("device", "set", display_id).exit_code == 2
    missing = qms_command("device", "set", "999999", "--printer", "agent://")
    assert missing.exit_code != 0 and "no device" in missing.output


def add_agent_kiosk(qms_command, name: str) -> str:
    """Add a kiosk that prints through its agent; return its token."""
    result = qms_command("device", "add", "--kind", "kiosk", "--name", name,
                         "--printer", "agent://")
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_device_add_with_an_agent_printer(centre, qms_command):
    with device_with_token(centre, add_agent_kiosk(qms_command, "Máy sảnh B")) as kiosk:
        assert kiosk.printer_uri == "agent://" and kiosk.name == "Máy sảnh B"


@pytest.mark.live
def test_an_agent_kiosk_whose_agent_never_came_shows_its_printer_offline(qms_command, api):
    issued = api.issue(add_agent_kiosk(qms_command, "KX"), "DD")
    assert issued.status_code == 201  # a ticket even without its agent
    assert issued.json()["print"] | {"job": None} == {
        "job": None, "state": "queued", "printer": "offline",
        "printer_message": "print agent not connected"}


def test_device_set_refuses_a_printer_uri_it_cannot_use(centre, qms_command):
    kiosk_id, before = str(device_id(centre, "kiosk")), printer_of(centre, "kiosk")
    for bad in ("agent://somewhere", "agent:", "laser://x", "file:///etc/passwd"):
        refused = qms_command("device", "set", kiosk_id, "--printer", bad)
        assert refused.exit_code != 0, bad
    assert printer_of(centre, "kiosk") == before

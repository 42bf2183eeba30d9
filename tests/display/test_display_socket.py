"""The /display namespace against a live server: who may connect, snapshot, heartbeat, errors."""

from datetime import UTC, datetime, timedelta

import pytest
import socketio

from tests.support.clients import Listener
from tests.support.display import call_at_counter, device_with_token

pytestmark = []  # in process: tests/support/in_process.py

DISPLAY = "/display"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def display(server, centre):
    listener = Listener(server.url, DISPLAY, centre.tokens["display"])
    yield listener
    listener.close()


def test_display_token_gets_a_full_snapshot(display):
    state = display.wait_for("snapshot")
    assert state["site"]["code"] == "TPBK"
    assert [c["number"] for c in state["counters"]] == list(range(1, 11))
    assert {s["code"] for s in state["services"]} >= {"DD", "XD", "HT"}
    assert state["display"] == {"counters": None, "layout": "grid", "language": "vi",
                                "last_calls": 5, "voice": True, "board": "rotate",
                                "board_idle_s": 60}
    assert isinstance(state["recent_calls"], list)
    assert datetime.fromisoformat(state["server_time"]).tzinfo is not None


@pytest.mark.parametrize("kind", ["kiosk", "vote-pad"])
def test_other_device_tokens_are_refused(server, centre, kind):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(server.url, DISPLAY, centre.tokens[kind])


def test_no_token_is_refused(server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(server.url, DISPLAY, None)


def test_heartbeat_updates_last_seen(display, centre):
    display.wait_for("snapshot")
    with device_with_token(centre, centre.tokens["display"]) as device:
        device.last_seen_at = LONG_AGO
    reply = display.call("heartbeat", {})
    assert reply["ok"] is True
    assert reply["display"]["layout"] == "grid"
    assert reply["notice"].startswith("Quý khách vui lòng")
    with device_with_token(centre, centre.tokens["display"]) as device:
        assert device.last_seen_at > LONG_AGO
        assert abs(device.last_seen_at - datetime.fromisoformat(reply["server_time"])).seconds < 5


def test_heartbeat_within_a_minute_of_the_last_stamp_writes_nothing(display, centre):
    display.wait_for("snapshot")
    recently = datetime.now(UTC) - timedelta(seconds=20)
    with device_with_token(centre, centre.tokens["display"]) as device:
        device.last_seen_at = recently
    assert display.call("heartbeat", {})["ok"] is True
    with device_with_token(centre, centre.tokens["display"]) as device:
        assert device.last_seen_at == recently


@pytest.mark.parametrize("event, payload, code", [
    ("heartbeat", "not an object", "invalid_payload"),
    ("heartbeat", {"unexpected": 1}, "invalid_payload"),
    ("snapshot", [1, 2, 3], "invalid_payload"),
    ("no_such_event", {}, "unknown_event"),
])
def test_malformed_events_get_an_error_and_the_server_stays_up(display, event, payload, code):
    display.wait_for("snapshot")
    reply = display.call(event, payload)
    assert reply["error"]["code"] == code
    assert display.wait_for("error")["error"]["code"] == code
    state = display.call("snapshot", {})
    assert state["site"]["code"] == "TPBK"


def test_call_is_pushed_with_text_and_audio_and_lands_in_recent_calls(
        display, api, kiosk_token, clerk_tokens):
    display.wait_for("snapshot")
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[6], 6, "CT")
    call = display.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
    assert call["text"] == f"Xin mời số {ticket['number']} đến quầy 6"
    assert call["audio_url"] == f"/display/audio/{ticket['number']}/6.wav?site=TPBK"
    assert call["service_name_en"] == "Certification"
    state = display.call("snapshot", {})
    assert state["recent_calls"][0]["id"] == ticket["id"]
    assert state["recent_calls"][0]["counter"] == 6
    assert state["recent_calls"][0]["audio_url"] == call["audio_url"]  # missed calls replay


def test_ward_display_hears_only_its_own_site(server, centre, display, api, kiosk_token,
                                               clerk_tokens):
    display.wait_for("snapshot")
    ward = Listener(server.url, DISPLAY, centre.add_device("display", "Phường", "DUCXUAN"))
    try:
        assert ward.wait_for("snapshot")["site"]["code"] == "DUCXUAN"
        ticket = call_at_counter(api, kiosk_token, clerk_tokens[7], 7, "CT")
        # The city's display hears the call, so the server did send it...
        display.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
        # ...and whatever was sent to the ward before this reply has arrived by now.
        ward.call("snapshot", {})
        heard = []
        while not ward.events.empty():
            heard.append(ward.events.get_nowait()[0])
        assert "ticket_called" not in heard
    finally:
        ward.close()


def _events_until(listener: Listener, last: str) -> list[tuple[str, dict]]:
    """Take the listener's events, in the order they arrived, up to the first ``last``."""
    taken = []
    while not taken or taken[-1][0] != last:
        taken.append(listener.next_event())
    return taken


def test_a_call_is_one_frame_to_a_tv_and_a_finish_another(
        server, centre, api, kiosk_token, clerk_tokens):
    display = Listener(server.url, DISPLAY, centre.tokens["display"],
                       auth={"calls_carry_updates": True})
    staff = Listener(server.url, "/staff", clerk_tokens[8])
    try:
        display.wait_for("snapshot")
        staff.wait_for("snapshot")
        ticket = call_at_counter(api, kiosk_token, clerk_tokens[8], 8, "HT")
        call = display.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
        # The called counter and the new counts travel inside the call...
        assert call["counter_state"]["number"] == 8
        assert call["counter_state"]["ticket"]["id"] == ticket["id"]
        assert call["queue"]["site"] == "TPBK" and "HT" in call["queue"]["services"]
        # ...while the staff screens keep the call's own shape and the separate updates.
        staff_call = staff.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
        assert "counter_state" not in staff_call and "queue" not in staff_call
        assert [name for name, _ in _events_until(staff, "counter_changed")] == [
            "queue_changed", "counter_changed"]

        assert api.counter(clerk_tokens[8], 8, "finish").status_code == 200
        assert api.issue(kiosk_token, "HT").status_code == 201
        # A TV hears nothing more of the call, then the finished counter without the
        # unchanged counts, then the new ticket's counts.
        heard = _events_until(display, "queue_changed")
        assert [name for name, _ in heard] == ["counter_changed", "queue_changed"]
        assert heard[0][1]["number"] == 8 and heard[0][1]["ticket"] is None
        assert heard[1][1]["services"]["HT"] == call["queue"]["services"]["HT"] + 1
    finally:
        staff.close()
        display.close()


def test_a_display_that_did_not_ask_still_hears_a_calls_updates_separately(
        display, api, kiosk_token, clerk_tokens):
    """Screens built on the contract before a call carried its updates keep what they had."""
    display.wait_for("snapshot")
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[8], 8, "HT")
    display.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
    heard = _events_until(display, "counter_changed")
    assert [name for name, _ in heard] == ["queue_changed", "counter_changed"]
    assert heard[1][1]["number"] == 8 and heard[1][1]["ticket"]["id"] == ticket["id"]

"""The /display namespace against a live server: who may connect, snapshot, heartbeat, errors."""

from datetime import UTC, datetime, timedelta

import pytest
import socketio

from tests.support.clients import Listener
from tests.support.display import call_at_counter, device_with_token

DISPLAY = "/display"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def display(live_server, centre):
    listener = Listener(live_server.url, DISPLAY, centre.tokens["display"])
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
def test_other_device_tokens_are_refused(live_server, centre, kind):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(live_server.url, DISPLAY, centre.tokens[kind])


def test_no_token_is_refused(live_server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(live_server.url, DISPLAY, None)


def test_heartbeat_updates_last_seen(display, centre):
    display.wait_for("snapshot")
    with device_with_token(centre, centre.tokens["display"]) as device:
        device.last_seen_at = LONG_AGO
    reply = display.client.call("heartbeat", {}, namespace=DISPLAY, timeout=5)
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
    assert display.client.call("heartbeat", {}, namespace=DISPLAY, timeout=5)["ok"] is True
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
    reply = display.client.call(event, payload, namespace=DISPLAY, timeout=5)
    assert reply["error"]["code"] == code
    assert display.wait_for("error")["error"]["code"] == code
    state = display.client.call("snapshot", {}, namespace=DISPLAY, timeout=5)
    assert state["site"]["code"] == "TPBK"


def test_call_is_pushed_with_text_and_audio_and_lands_in_recent_calls(
        display, api, kiosk_token, clerk_tokens):
    display.wait_for("snapshot")
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[6], 6, "CT")
    call = display.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
    assert call["text"] == f"Xin mời số {ticket['number']} đến quầy 6"
    assert call["audio_url"] == f"/display/audio/{ticket['number']}/6.wav?site=TPBK"
    assert call["service_name_en"] == "Certification"
    state = display.client.call("snapshot", {}, namespace=DISPLAY, timeout=5)
    assert state["recent_calls"][0]["id"] == ticket["id"]
    assert state["recent_calls"][0]["counter"] == 6
    assert state["recent_calls"][0]["audio_url"] == call["audio_url"]  # missed calls replay


def test_ward_display_hears_only_its_own_site(live_server, centre, display, api, kiosk_token,
                                               clerk_tokens):
    display.wait_for("snapshot")
    ward = Listener(live_server.url, DISPLAY, centre.add_device("display", "Phường", "DUCXUAN"))
    try:
        assert ward.wait_for("snapshot")["site"]["code"] == "DUCXUAN"
        ticket = call_at_counter(api, kiosk_token, clerk_tokens[7], 7, "CT")
        # The city's display hears the call, so the server did send it...
        display.wait_for("ticket_called", predicate=lambda p: p["id"] == ticket["id"])
        # ...and whatever was sent to the ward before this reply has arrived by now.
        ward.client.call("snapshot", {}, namespace=DISPLAY, timeout=5)
        heard = []
        while not ward.events.empty():
            heard.append(ward.events.get_nowait()[0])
        assert "ticket_called" not in heard
    finally:
        ward.close()


def test_a_finish_sends_the_counter_but_not_the_unchanged_waiting_counts(
        display, api, kiosk_token, clerk_tokens):
    display.wait_for("snapshot")
    ticket = call_at_counter(api, kiosk_token, clerk_tokens[8], 8, "HT")
    display.wait_for("counter_changed", predicate=lambda p: p["number"] == 8 and p["ticket"]
                     and p["ticket"]["id"] == ticket["id"])
    assert api.counter(clerk_tokens[8], 8, "finish").status_code == 200
    assert api.issue(kiosk_token, "HT").status_code == 201
    # A socket receives in order: the finish's own news, then the new ticket's counts.
    after_finish = []
    while True:
        event, payload = display.events.get(timeout=5)
        after_finish.append(event)
        if event == "queue_changed":
            break
    assert after_finish == ["counter_changed", "queue_changed"]
    assert payload["services"]["HT"] >= 1

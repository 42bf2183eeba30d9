"""The /vote namespace: only vote pads, each woken for its own counter's finished visits."""

import pytest
import socketio

from tests.support.clients import Listener
from tests.support.visits import serve_visit

pytestmark = []  # in process: tests/support/in_process.py

PAD_EVENTS = ("pad", "ticket_finished", "vote_recorded")


@pytest.mark.parametrize("kind", ["kiosk", "display"])
def test_only_vote_pad_tokens_may_connect(server, centre, kind):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(server.url, "/vote", centre.tokens[kind])


@pytest.mark.live  # the reason as a real Socket.IO client (the browser) receives it
def test_refusal_says_why(live_server, centre):
    client = socketio.Client(reconnection=False)
    reasons = []
    client.on("connect_error", reasons.append, namespace="/vote")
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, namespaces=["/vote"], transports=["websocket"],
                       auth={"token": centre.tokens["display"]}, wait_timeout=10)
    assert reasons[0]["message"] == "Cần mã thiết bị của máy đánh giá."
    assert reasons[0]["data"]["code"] == "vote_pad_token_required"  # the browser's err.data


def test_staff_and_strangers_may_not_connect(server, clerk_tokens):
    for token in (clerk_tokens[1], None):
        with pytest.raises(socketio.exceptions.ConnectionError):
            Listener(server.url, "/vote", token)


def test_pad_is_told_its_counter_and_reasons(server, pads):
    pad = Listener(server.url, "/vote", pads[5], events=PAD_EVENTS)
    try:
        settings = pad.wait_for("pad")
        assert settings["counter"] == 5
        assert "Chờ lâu" in settings["reasons"]
    finally:
        pad.close()


def test_finish_wakes_only_the_pad_of_that_counter(server, api, kiosk_token, clerk_tokens,
                                                  pads):
    other = Listener(server.url, "/vote", pads[8], events=PAD_EVENTS)
    pad = Listener(server.url, "/vote", pads[9], events=PAD_EVENTS)
    try:
        pad.wait_for("pad")
        other.wait_for("pad")
        first = serve_visit(api, kiosk_token, clerk_tokens[9], 9, "HT")
        woken = pad.wait_for("ticket_finished")
        assert (woken["id"], woken["counter"]) == (first["id"], 9)
        second = serve_visit(api, kiosk_token, clerk_tokens[8], 8, "HT")
        assert other.wait_for("ticket_finished")["id"] == second["id"]
        assert all(name != "ticket_finished" for name, _ in list(pad.events.queue))
    finally:
        pad.close()
        other.close()


def test_pad_reconnecting_is_woken_for_an_unrated_visit(server, api, kiosk_token,
                                                       clerk_tokens, pads):
    ticket = serve_visit(api, kiosk_token, clerk_tokens[6], 6, "CT")
    pad = Listener(server.url, "/vote", pads[6], events=PAD_EVENTS)
    try:
        assert pad.wait_for("ticket_finished")["id"] == ticket["id"]
    finally:
        pad.close()


def test_vote_is_announced_to_staff(server, api, kiosk_token, clerk_tokens, pads):
    staff = Listener(server.url, "/staff", clerk_tokens[7], events=("vote_recorded",))
    try:
        staff.wait_for("snapshot")
        ticket = serve_visit(api, kiosk_token, clerk_tokens[7], 7, "CT")
        assert api.call("POST", "/api/v1/votes", pads[7], json={"rating": 2}).status_code == 201
        recorded = staff.wait_for("vote_recorded")
        assert recorded == {**recorded, "ticket_id": ticket["id"], "counter": 7, "rating": 2,
                            "label": "Bình thường"}
    finally:
        staff.close()

"""'Your turn is near' through a webhook: a local sink plays the SMS gateway."""

import pytest
from sqlalchemy import select

from server.models import Notification
from tests.appointments.support import bookable_centre, booking, slots
from tests.support.visits import database
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live

AHEAD = 2


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    # The phone check has its own tests (test_phone_codes.py): here bookings count at once.
    return bookable_centre(tmp_path_factory.mktemp("instance"), "HT", phone_check=False)


@pytest.fixture(scope="module")
def live_server_env(sink) -> dict:
    return {"QMS_NOTIFY_WEBHOOK_URL": sink.url, "QMS_NOTIFY_WEBHOOK_AUTH": "Bearer gateway-key",
            "QMS_NOTIFY_AHEAD": str(AHEAD), "QMS_NOTIFY_POLL_S": "0.2",
            "QMS_NOTIFY_RETRY_S": "0.2", "QMS_NOTIFY_TIMEOUT_S": "60",
            "QMS_BOOKING_RATE_LIMIT": "500/60"}


def _checked_in(api, centre, n: int) -> dict:
    """Book the next slot (not begun: the citizen waits in line) and check in at the kiosk."""
    start = slots(api, "HT")[1]["start"]
    code = api.call("POST", "/api/v1/appointments", json=booking("HT", start, n)).json()["code"]
    arrived = api.call("POST", f"/api/v1/appointments/{code}/check-in", centre.tokens["kiosk"])
    assert arrived.status_code == 201, arrived.text
    return arrived.json()


def _serve_one(api, token: str, counter: int) -> None:
    assert api.counter(token, counter, "call-next").status_code == 200
    assert api.counter(token, counter, "finish").status_code == 200


def _sent_log(centre, ticket_id: int) -> list[Notification]:
    with database(centre) as session:
        return list(session.scalars(select(Notification).where(
            Notification.ticket_id == ticket_id)))


def test_one_message_when_the_turn_is_near(api, centre, sink, clerk_tokens):
    for _ in range(4):
        assert api.issue(centre.tokens["kiosk"], "HT").status_code == 201
    ticket = _checked_in(api, centre, 1)
    assert ticket["waiting_ahead"] == 4
    _serve_one(api, clerk_tokens[8], 8)
    assert api.call("GET", f"/api/v1/tickets/{ticket['public_code']}").json()[
        "waiting_ahead"] == 3
    assert sink.delivered("0900000001") == []
    _serve_one(api, clerk_tokens[8], 8)  # now AHEAD people are ahead
    message = wait_until(lambda: sink.delivered("0900000001"))[0]
    assert message["ticket"] == ticket["number"] and message["event"] == "turn_near"
    assert "sap den luot" in message["text"] and "con 2 nguoi" in message["text"]
    assert message["text"].isascii()  # plain SMS: no diacritics
    assert sink.headers[-1]["Authorization"] == "Bearer gateway-key"
    _serve_one(api, clerk_tokens[8], 8)
    _serve_one(api, clerk_tokens[8], 8)
    # Another citizen's message is the sign that the notifier has gone round again.
    marker = _checked_in(api, centre, 2)
    wait_until(lambda: sink.delivered("0900000002"))
    assert len(sink.delivered("0900000001")) == 1
    log = _sent_log(centre, ticket["id"])
    assert [(n.event, n.status, n.attempts) for n in log] == [("turn_near", "sent", 1)]
    assert marker["number"] != ticket["number"]


def test_a_dead_gateway_is_retried_and_never_holds_up_the_queue(
        api, centre, sink, clerk_tokens):
    sink.hold_next_with = 503  # the next message hangs in the gateway, then fails
    ticket = _checked_in(api, centre, 3)
    wait_until(sink.holding.is_set)
    # The gateway is holding the notifier's request open: the counters work on regardless.
    for _ in range(2):
        assert api.issue(centre.tokens["kiosk"], "HT").status_code == 201
        _serve_one(api, clerk_tokens[9], 9)
    sink.release.set()
    wait_until(lambda: sink.delivered("0900000003"), timeout=20)
    attempts = [m["_status"] for m in sink.received if m["phone"] == "0900000003"]
    assert attempts == [503, 200]
    log = _sent_log(centre, ticket["id"])
    assert [(n.status, n.attempts) for n in log] == [("sent", 2)]
    assert log[0].last_error == ""

"""Every API route answered in process: a clerk's day at a counter, the vote pad, the roster,
feedback, bookings and the read-only views, each answer checked against the OpenAPI document
(``Api`` does), and what the screens receive over Socket.IO on the way."""

from datetime import date, timedelta

import pytest

from tests.appointments.support import booking, make_bookable, slots, today
from tests.support.clients import Api

SITE = "?site=TPBK"
PERIOD = f"&from={today()}&to={today()}"


@pytest.fixture(scope="module")
def api(server):
    return Api(server.url)


@pytest.fixture(scope="module")
def tokens(api, centre):
    """Bearer tokens: the devices, the clerk of counter 1 (the pad's), a manager, the admin."""
    staff = {name: api.staff_token(user, centre.password)
             for name, user in (("clerk", "quay1"), ("manager", "quanly"), ("admin", "admin"))}
    return centre.tokens | staff


def names(client, namespace: str) -> list[str]:
    return [event["name"] for event in client.get_received(namespace)]


def test_a_counters_day_reaches_the_tv_the_console_and_the_pad(api, tokens, server):
    tv = server.socket("/display", {"token": tokens["display"]})
    console = server.socket("/staff", {"token": tokens["clerk"]})
    pad = server.socket("/vote", {"token": tokens["vote-pad"]})
    assert "snapshot" in names(tv, "/display") and "snapshot" in names(console, "/staff")
    assert "pad" in names(pad, "/vote")
    clerk, kiosk = tokens["clerk"], tokens["kiosk"]

    def act(action: str, counter: int = 1, **body):
        answer = api.counter(clerk, counter, action, **body)
        assert answer.status_code == 200, (action, answer.text)
        return answer.json()

    first, second, third = (api.issue(kiosk, "DD").json() for _ in range(3))
    act("open")
    assert act("call-next")["id"] == first["id"]
    assert {"ticket_called", "counter_changed", "queue_changed"} <= set(names(tv, "/display"))
    assert {"ticket_called", "counter_changed", "queue_changed"} <= set(names(console, "/staff"))
    assert act("recall")["id"] == first["id"]
    assert act("start")["status"] == "serving"
    assert act("transfer", service="HT")["id"] == first["id"]
    assert act("call", number=third["number"])["id"] == third["id"]
    assert act("no-show")["status"] == "no_show"
    assert act("call-next")["id"] == second["id"]
    assert act("finish")["status"] == "done"
    assert "ticket_finished" in names(pad, "/vote")
    vote = api.call("POST", "/api/v1/votes", tokens["vote-pad"], json={"rating": 4})
    assert vote.status_code == 201, vote.text
    assert "vote_recorded" in names(console, "/staff") and "vote_recorded" in names(pad, "/vote")
    assert act("pause")["counter_state"]["status"] == "paused"
    assert act("resume")["counter_state"]["status"] == "open"
    assert act("close")["counter_state"]["status"] == "closed"
    reprint = api.call("POST", f"/api/v1/tickets/{second['id']}/reprint", clerk, json={})
    assert reprint.status_code == 202, reprint.text
    kiosk_reprint = api.call("POST", "/api/v1/tickets/reprint", kiosk,
                             json={"public_code": first["public_code"]})
    assert kiosk_reprint.status_code == 202, kiosk_reprint.text


@pytest.mark.parametrize("path, who", [
    ("/api/v1/counters" + SITE, "clerk"),
    ("/api/v1/queue" + SITE, "clerk"),
    ("/api/v1/services" + SITE, "kiosk"),
    ("/api/v1/printers" + SITE, "manager"),
    ("/api/v1/dashboard" + SITE, "manager"),
    ("/api/v1/reports" + SITE + PERIOD, "manager"),
    ("/api/v1/reports/appointments" + SITE + PERIOD, "manager"),
    ("/api/v1/reports/overview?" + PERIOD, "manager"),
    ("/api/v1/roster" + SITE, "manager"),
    ("/api/v1/roster/report" + SITE, "manager"),
    ("/api/v1/roster/week" + SITE, "manager"),
    ("/api/v1/appointments" + SITE, "manager"),
    ("/api/v1/feedback", "manager"),
    ("/api/v1/procedures/" + "CT-01", None),
])
def test_every_view_answers_its_reader(api, tokens, path, who):
    if path.startswith("/api/v1/procedures/"):
        listed = api.call("GET", "/api/v1/procedures?limit=1").json()
        path = "/api/v1/procedures/" + listed["procedures"][0]["code"]
    answer = api.call("GET", path, tokens.get(who))
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", [
    "/api/v1/reports/export.xlsx" + SITE + PERIOD,
    "/api/v1/reports/dossiers/export.xlsx" + SITE + PERIOD,
    "/api/v1/reports/overview/export.xlsx?" + PERIOD,
])
def test_workbooks_are_zip_files(api, tokens, path):
    answer = api.call("GET", path, tokens["manager"])
    assert answer.status_code == 200, answer.text
    assert answer.content[:2] == b"PK"


def test_a_week_of_roster_is_replaced_and_copied(api, tokens):
    manager = tokens["manager"]
    monday = date.fromisoformat(today()) - timedelta(days=date.fromisoformat(today()).weekday())
    week = api.call("GET", f"/api/v1/roster/week{SITE}&start={monday}", manager).json()
    put = api.call("PUT", "/api/v1/roster/week" + SITE, manager,
                   json={"start": monday.isoformat(), "entries": []})
    assert put.status_code == 200, put.text
    copied = api.call("POST", "/api/v1/roster/week/copy" + SITE, manager,
                      json={"start": (monday + timedelta(days=7)).isoformat()})
    assert copied.status_code == 200, copied.text
    assert week["start"] == monday.isoformat()


def test_a_feedback_message_is_assigned_answered_and_closed(api, tokens):
    sent = api.call("POST", "/api/v1/feedback",
                    json={"category": "other", "text": "Phòng chờ thiếu ghế."})
    assert sent.status_code == 201, sent.text
    code, manager = sent.json()["code"], tokens["manager"]
    base = f"/api/v1/feedback/{code}"
    assert api.call("POST", base + "/assign", manager, json={"username": "quanly"}).ok
    assert api.call("POST", base + "/reply", manager, json={"reply": "Đã bổ sung."}).ok
    closed = api.call("POST", base + "/close", manager, json={})
    assert closed.status_code == 200, closed.text
    public = api.call("GET", base).json()
    assert public["status"] == "closed" and public["reply"] == "Đã bổ sung."


def test_a_booking_is_rescheduled_shown_checked_in_and_another_cancelled(api, tokens, centre):
    make_bookable(centre, "DD")
    free = slots(api, "DD")
    made = [api.call("POST", "/api/v1/appointments" + SITE,
                     json=booking("DD", free[n]["start"], n)).json() for n in (0, 1)]
    code = made[0]["code"]
    moved = api.call("POST", f"/api/v1/appointments/{code}/reschedule",
                     json={"start": free[2]["start"]})
    assert moved.status_code == 200, moved.text
    qr = api.call("GET", f"/api/v1/appointments/{code}/qr.svg")
    assert qr.status_code == 200 and qr.content.startswith(b"<?xml")
    checked_in = api.call("POST", f"/api/v1/appointments/{code}/check-in", tokens["kiosk"],
                          json={})
    assert checked_in.status_code in (200, 201), checked_in.text
    cancelled = api.call("DELETE", f"/api/v1/appointments/{made[1]['code']}")
    assert cancelled.status_code == 200, cancelled.text
    assert api.call("GET", f"/api/v1/appointments/{made[1]['code']}").json()[
        "status"] == "cancelled"

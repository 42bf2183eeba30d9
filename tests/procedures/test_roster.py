"""The duty roster: day and week over HTTP, copying a week, refusals, the console's warning."""

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.engine.days import VIETNAM
from server.engine.roster import (
    Slot,
    begin_session,
    end_session,
    hours_report,
    set_week,
    shift_hours,
)
from server.models import CounterSession, utcnow
from server.provision import add_user, find_site
from server.storage import unit_of_work
from tests.support.browser import log_in
from tests.support.centre import provision_demo

pytestmark = pytest.mark.live

SHOTS = Path(os.environ.get("QMS_SCREENSHOTS", "/tmp/qms-shots/procedures"))
TODAY = utcnow().astimezone(VIETNAM).date()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """The demo with a city clerk free to take any counter and a ward manager."""
    centre = provision_demo(tmp_path_factory.mktemp("roster"))
    app = centre.app()
    with unit_of_work(app) as session:
        add_user(session, "tudo", centre.password, "clerk", full_name="Cán bộ dự phòng",
                 site=find_site(session, "TPBK"))
        add_user(session, "qlphuong", centre.password, "manager",
                 site=find_site(session, "DUCXUAN"))
    app.extensions["qms_engine"].dispose()
    return centre


@pytest.fixture(scope="module")
def manager(api, centre):
    return api.staff_token("quanly", centre.password)


def test_demo_ships_this_weeks_roster(api, clerk_tokens):
    monday = api.call("GET", "/api/v1/roster", clerk_tokens[1],
                      params={"date": MONDAY.isoformat()}).json()
    assert [entry["counter"] for entry in monday["roster"]] == list(range(1, 11))
    assert monday["roster"][0]["clerk"] == "quay1" and monday["roster"][0]["starts"] == "07:30"
    saturday = api.call("GET", "/api/v1/roster", clerk_tokens[1],
                        params={"date": (MONDAY + timedelta(days=5)).isoformat()}).json()
    assert len(saturday["roster"]) == 10 and saturday["roster"][0]["ends"] == "11:30"


def test_copy_last_week_in_one_action(api, manager):
    next_monday = (MONDAY + timedelta(days=7)).isoformat()
    copied = api.call("POST", "/api/v1/roster/week/copy", manager, json={"start": next_monday})
    assert copied.status_code == 200 and copied.json()["entries"] == 60
    week = api.call("GET", "/api/v1/roster/week", manager, params={"start": next_monday}).json()
    assert len(week["roster"]) == 60 and week["roster"][0]["day"] == next_monday


@pytest.mark.parametrize("entries, code", [
    ([{"day": "2020-01-01", "counter": 1, "clerk": "quay1"}], "roster_day_outside_week"),
    ([{"day": MONDAY.isoformat(), "counter": 99, "clerk": "quay1"}], "unknown_counter"),
    ([{"day": MONDAY.isoformat(), "counter": 1, "clerk": "quanly"}], "unknown_clerk"),
    ([{"day": MONDAY.isoformat(), "counter": 1, "clerk": "ducxuan"}], "unknown_clerk"),
    ([{"day": MONDAY.isoformat(), "counter": 1, "clerk": "quay1", "starts": "12:00",
       "ends": "08:00"}], "roster_bad_hours"),
    ([{"day": MONDAY.isoformat(), "counter": 1, "clerk": "quay1"},
      {"day": MONDAY.isoformat(), "counter": 2, "clerk": "quay1"}], "roster_overlap"),
    ([{"day": "hôm nay", "counter": 1, "clerk": "quay1"}], "invalid_payload"),
])
def test_bad_weeks_are_refused_and_change_nothing(api, manager, clerk_tokens, entries, code):
    answer = api.call("PUT", "/api/v1/roster/week", manager,
                      json={"start": MONDAY.isoformat(), "entries": entries})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == code, answer.text
    still = api.call("GET", "/api/v1/roster", clerk_tokens[1],
                     params={"date": MONDAY.isoformat()}).json()
    assert len(still["roster"]) == 10


def test_who_may_read_and_edit(api, centre, clerk_tokens, kiosk_token):
    week = {"start": MONDAY.isoformat(), "entries": []}
    assert api.call("GET", "/api/v1/roster").status_code == 401
    assert api.call("GET", "/api/v1/roster", kiosk_token).status_code == 403
    assert api.call("PUT", "/api/v1/roster/week", clerk_tokens[1], json=week).status_code == 403
    assert api.call("GET", "/api/v1/roster/report", clerk_tokens[1]).status_code == 403
    ward = api.staff_token("qlphuong", centre.password)
    other = api.call("PUT", "/api/v1/roster/week?site=TPBK", ward, json=week)
    assert other.status_code == 403 and other.json()["error"]["code"] == "other_site"
    bad_date = api.call("GET", "/api/v1/roster", clerk_tokens[1], params={"date": "31/12/2026"})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["code"] == "invalid_date"


def test_console_warns_a_clerk_at_someone_elses_counter(api, centre, manager):
    whole_day = {"day": TODAY.isoformat(), "counter": 3, "clerk": "quay3", "starts": "00:00",
                 "ends": "23:59:59"}
    assert api.call("PUT", "/api/v1/roster/week", manager,
                    json={"start": TODAY.isoformat(), "entries": [whole_day]}).status_code == 200
    spare = api.staff_token("tudo", centre.password)
    opened = api.counter(spare, 3, "open").json()
    assert opened["roster_warning"]["rostered"] == ["quay3"]
    assert "Cán bộ quầy 3" in opened["roster_warning"]["message"]
    assert api.counter(spare, 3, "close").status_code == 200
    report = api.call("GET", "/api/v1/roster/report", manager,
                      params={"from": TODAY.isoformat(), "to": TODAY.isoformat()}).json()
    by_clerk = {row["clerk"]: row for row in report["clerks"]}
    assert by_clerk["quay3"]["rostered_hours"] == pytest.approx(21.5, abs=0.5)  # less lunch
    assert by_clerk["tudo"]["rostered_hours"] == 0
    rostered = api.counter(api.staff_token("quay3", centre.password), 3, "open").json()
    assert rostered["roster_warning"] is None


def test_hours_report_counts_open_spans_within_the_days(session, site):
    day = date(2026, 11, 25)
    counter = site.counters[0]
    set_week(session, site, day, [Slot(day, 1, "clerk1", time(7, 30), time(11, 30)),
                                  Slot(day, 2, "clerk2", time(13, 30), time(17, 0))])
    opened = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
    begin_session(session, counter, 1, opened)
    begin_session(session, counter, 1, opened + timedelta(hours=1))  # already open: ignored
    end_session(session, counter, opened + timedelta(hours=3))
    session.add(CounterSession(counter_id=counter.id, user_id=1, opened_at=opened
                               + timedelta(days=1)))  # the next day: outside the report
    rows = {row["clerk"]: row for row in hours_report(session, site, day, day, opened
                                                      + timedelta(days=2))}
    assert rows["clerk1"] == {"clerk": "clerk1", "clerk_name": "", "rostered_hours": 4.0,
                              "open_hours": 3.0}
    assert rows["clerk2"]["rostered_hours"] == 3.5 and rows["clerk2"]["open_hours"] == 0


@pytest.mark.parametrize(("starts", "ends", "hours"), [
    (time(7, 30), time(17, 0), 7.5), (time(7, 30), time(11, 30), 4.0),
    (time(13, 30), time(17, 0), 3.5), (time(12, 0), time(14, 0), 0.5)])
def test_a_shift_across_lunch_does_not_count_the_lunch_break(starts, ends, hours):
    assert shift_hours(date(2026, 11, 25), starts, ends) == hours
    assert shift_hours(date(2026, 11, 28), starts, ends) == hours  # a Saturday too


@pytest.mark.browser
def test_manager_edits_and_copies_the_week_on_the_page(page, live_server, centre, api, manager):
    log_in(page, live_server.url, "quanly", centre.password, "/reports/roster")
    later = MONDAY + timedelta(days=21)  # weeks no other test touches
    page.goto(f"{live_server.url}/reports/roster?start={later.isoformat()}")
    page.locator("#roster-copy").click()  # the week before is empty: so is this one
    page.select_option('select[name="c4d2s0"]', "tudo")
    page.locator("#roster-save").click()
    expect(page.locator(".notice-ok")).to_contain_text("1 ca")
    day = api.call("GET", "/api/v1/roster", manager,
                   params={"date": (later + timedelta(days=2)).isoformat()}).json()["roster"]
    assert [(entry["counter"], entry["clerk"]) for entry in day] == [(4, "tudo")]
    page.goto(f"{live_server.url}/reports/roster?start={(later + timedelta(days=7)).isoformat()}")
    page.locator("#roster-copy").click()
    expect(page.locator(".notice-ok")).to_contain_text("1 ca")
    expect(page.locator('select[name="c4d2s0"]')).to_have_value("tudo")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "roster-1366x768.png"), full_page=True)


@pytest.mark.browser
def test_a_day_has_morning_and_afternoon_shifts(page, live_server, centre, api, manager):
    log_in(page, live_server.url, "quanly", centre.password, "/reports/roster")
    week = MONDAY + timedelta(days=56)  # weeks no other test touches
    page.goto(f"{live_server.url}/reports/roster?start={week.isoformat()}")
    cell = page.locator("td.roster-cell").nth(2 * 7 + 1)  # counter 3, Tuesday
    page.select_option('select[name="c3d1s0"]', "quay3")
    page.fill('input[name="c3d1s0from"]', "07:30")
    page.fill('input[name="c3d1s0to"]', "11:30")
    cell.locator(".add-shift").click()
    page.select_option('select[name="c3d1s1"]', "tudo")
    page.fill('input[name="c3d1s1from"]', "13:30")
    page.fill('input[name="c3d1s1to"]', "17:00")
    page.select_option('select[name="c3d5s0"]', "quay3")  # Saturday morning by default
    page.locator("#roster-save").click()
    expect(page.locator(".notice-ok")).to_contain_text("3 ca")
    tuesday = (week + timedelta(days=1)).isoformat()
    shifts = api.call("GET", "/api/v1/roster", manager, params={"date": tuesday}).json()
    assert [(e["counter"], e["clerk"], e["starts"], e["ends"]) for e in shifts["roster"]] == [
        (3, "quay3", "07:30", "11:30"), (3, "tudo", "13:30", "17:00")]
    saturday = api.call("GET", "/api/v1/roster", manager,
                        params={"date": (week + timedelta(days=5)).isoformat()}).json()
    assert [(e["clerk"], e["starts"], e["ends"]) for e in saturday["roster"]] == [
        ("quay3", "07:30", "11:30")]
    report = api.call("GET", "/api/v1/roster/report", manager,
                      params={"from": week.isoformat(),
                              "to": (week + timedelta(days=6)).isoformat()}).json()
    hours = {row["clerk"]: row["rostered_hours"] for row in report["clerks"]}
    assert hours == {"quay3": 8.0, "tudo": 3.5}
    expect(page.locator('select[name="c3d1s1"]')).to_have_value("tudo")  # both shown again
    page.screenshot(path=str(SHOTS / "roster-shifts-1366x768.png"), full_page=True)

    page.goto(f"{live_server.url}/reports/roster?start={(week + timedelta(days=7)).isoformat()}")
    page.locator("#roster-copy").click()
    expect(page.locator(".notice-ok")).to_contain_text("3 ca")
    expect(page.locator('input[name="c3d1s1from"]')).to_have_value("13:30")
    page.select_option('select[name="c3d1s0"]', "")  # the morning shift is taken off
    page.locator("#roster-save").click()
    expect(page.locator(".notice-ok")).to_contain_text("2 ca")
    expect(page.locator('select[name="c3d1s0"]')).to_have_value("tudo")


@pytest.mark.browser
def test_bad_hours_on_the_page_change_nothing(page, live_server, centre, api, manager):
    log_in(page, live_server.url, "quanly", centre.password, "/reports/roster")
    week = MONDAY + timedelta(days=84)
    page.goto(f"{live_server.url}/reports/roster?start={week.isoformat()}")
    page.select_option('select[name="c2d0s0"]', "quay2")
    page.fill('input[name="c2d0s0from"]', "15:00")
    page.fill('input[name="c2d0s0to"]', "09:00")
    page.locator("#roster-save").click()
    expect(page.locator("p.error")).to_contain_text("Giờ kết thúc phải sau giờ bắt đầu")
    answer = api.call("GET", "/api/v1/roster", manager, params={"date": week.isoformat()})
    assert answer.json()["roster"] == []

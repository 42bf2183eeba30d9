"""Make-up working days on a weekend: announced with the holidays or by the admin, and worked
by services with their own hours as on a weekday."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from server.engine import QueueError, issue_ticket
from server.engine.booking import day_slots
from server.engine.calendar import WorkingCalendar, calendar_for
from server.models import DAY_OFF, WORKING_DAY, CalendarDay, Service
from server.payloads import site as site_payloads

# Saturday 26/04/2025 was worked to give Friday 02/05/2025 off; Saturday 22/08/2026 pays for
# Monday 31/08/2026. Both come with the holidays package, not typed by the admin.
PACKAGE_MAKE_UP = [date(2025, 4, 26), date(2026, 8, 22)]
# Saturday 05/12/2026, 09:00 in Hà Nội.
SATURDAY = date(2026, 12, 5)
SATURDAY_MORNING = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
WEEKDAY_HOURS = {day: [["07:30", "11:30"], ["13:30", "17:00"]]
                 for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.mark.parametrize("day", PACKAGE_MAKE_UP)
def test_make_up_saturdays_announced_with_the_holidays_are_worked(day):
    calendar = WorkingCalendar()
    assert calendar.is_working_day(day) and calendar.is_make_up_day(day)
    assert not calendar.is_working_day(date(2025, 5, 2))  # the day off it pays for


def test_an_admin_day_off_wins_over_a_package_make_up_day(session):
    session.add(CalendarDay(day=PACKAGE_MAKE_UP[0], kind=DAY_OFF, name="Nghỉ theo tỉnh"))
    session.flush()
    assert calendar_for(session, None).closure(PACKAGE_MAKE_UP[0]).reason == "Nghỉ theo tỉnh"


@pytest.fixture
def made_up_saturday(session, site):
    """Land (DD) keeps its own weekday hours and takes bookings; the Saturday is made up."""
    land = session.scalar(select(Service).where(Service.code == "DD"))
    land.opening_hours = WEEKDAY_HOURS
    land.slot_minutes, land.slot_places, land.walk_in_share = 15, 5, 0
    session.add(CalendarDay(day=SATURDAY, kind=WORKING_DAY, name="Làm bù"))
    session.commit()
    return land


def test_a_service_with_its_own_hours_issues_tickets_on_a_make_up_saturday(
        session, site, made_up_saturday):
    ticket = issue_ticket(session, site, "DD", now=SATURDAY_MORNING).ticket
    assert ticket.status == "waiting"


def test_a_service_with_its_own_hours_has_slots_on_a_make_up_saturday(
        session, made_up_saturday):
    slots = day_slots(session, made_up_saturday, SATURDAY, now=SATURDAY_MORNING)
    starts = [slot.start.strftime("%H:%M") for slot in slots]
    assert starts[0] == "09:00" and "13:30" in starts and starts[-1] == "16:45"


def test_the_kiosk_shows_the_service_open_on_a_make_up_saturday(
        session, site, made_up_saturday, monkeypatch):
    monkeypatch.setattr(site_payloads, "utcnow", lambda: SATURDAY_MORNING)
    listing = site_payloads.ServiceList.of(session, site).dump()
    land = next(service for service in listing["services"] if service["code"] == "DD")
    assert land["open"] and listing["day_off"] is None


def test_an_ordinary_saturday_stays_closed_for_the_service(session, site,
                                                           made_up_saturday):
    next_saturday = SATURDAY_MORNING.replace(day=12)
    assert day_slots(session, made_up_saturday, next_saturday.date(), now=SATURDAY_MORNING) == []
    with pytest.raises(QueueError) as closed:
        issue_ticket(session, site, "DD", now=next_saturday)
    assert closed.value.code == "service_closed"

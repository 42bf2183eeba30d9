"""Working days and due dates: weekends, Saturday sites, public holidays, announced days."""

from datetime import date

import pytest

from server.engine.calendar import (
    Closure,
    WorkingCalendar,
    add_working_days,
    calendar_for,
    is_working_day,
)
from server.models import DAY_OFF, WORKING_DAY, CalendarDay, Site

WEEKDAYS_ONLY = WorkingCalendar()
SATURDAYS = WorkingCalendar(works_saturday=True)

# (calendar, received on, working days) -> due date
KNOWN_ANSWERS = [
    (WEEKDAYS_ONLY, date(2026, 11, 16), 3, date(2026, 11, 19)),   # Monday -> Thursday
    (WEEKDAYS_ONLY, date(2026, 11, 23), 1, date(2026, 11, 25)),   # 24/11, Culture Day
    (WEEKDAYS_ONLY, date(2026, 11, 26), 3, date(2026, 12, 1)),    # Thursday over a weekend
    (WEEKDAYS_ONLY, date(2026, 11, 27), 1, date(2026, 11, 30)),   # Friday -> Monday
    (WEEKDAYS_ONLY, date(2026, 11, 28), 1, date(2026, 11, 30)),   # received on a Saturday
    (SATURDAYS, date(2026, 11, 27), 1, date(2026, 11, 28)),       # the site works Saturdays
    (SATURDAYS, date(2026, 11, 27), 2, date(2026, 11, 30)),       # …never Sundays
    (WEEKDAYS_ONLY, date(2026, 11, 27), 0, date(2026, 11, 27)),   # same day
    (WEEKDAYS_ONLY, date(2026, 11, 29), 0, date(2026, 11, 30)),   # same day, but a Sunday
    # Friday 13/02/2026, the afternoon before Tết Bính Ngọ: 16–20/02 are public holidays.
    (WEEKDAYS_ONLY, date(2026, 2, 13), 3, date(2026, 2, 25)),
    (SATURDAYS, date(2026, 2, 13), 3, date(2026, 2, 23)),          # Saturdays 14 and 21/02
    (WEEKDAYS_ONLY, date(2026, 4, 29), 2, date(2026, 5, 5)),      # 30/4, 1/5 and a weekend
    (WEEKDAYS_ONLY, date(2026, 8, 31), 1, date(2026, 9, 3)),      # 1/9 and 2/9 (Quốc khánh)
    (WEEKDAYS_ONLY, date(2025, 12, 31), 1, date(2026, 1, 2)),     # 1/1
]


@pytest.mark.parametrize(("calendar", "received", "days", "due"), KNOWN_ANSWERS)
def test_due_dates_known_answers(calendar, received, days, due):
    assert calendar.add_working_days(received, days) == due


def test_public_holidays_are_named_in_vietnamese_and_english():
    tet = WEEKDAYS_ONLY.closure(date(2026, 2, 17))
    assert "Tết" in tet.reason and "New Year" in tet.reason_en
    hung_kings = WEEKDAYS_ONLY.closure(date(2026, 4, 26))
    assert "Hùng" in hung_kings.reason
    assert WEEKDAYS_ONLY.closure(date(2026, 11, 28)).reason == "Thứ Bảy"
    assert WEEKDAYS_ONLY.closure(date(2026, 11, 26)) is None


def test_announced_days_off_and_make_up_days():
    # A bridge day off on Friday 02/01/2026, made up on Saturday 10/01/2026.
    calendar = WorkingCalendar(days_off={date(2026, 1, 2): Closure("Nghỉ bù", "Day off")},
                               working_days=frozenset({date(2026, 1, 10)}))
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    assert calendar.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert calendar.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        WEEKDAYS_ONLY.add_working_days(date(2026, 1, 5), -1)


def test_site_entries_override_the_province_and_saturday_rule(session):
    city = Site(code="HN", name="Trung tâm", works_saturday=True)
    ward = Site(code="P1", name="Phường 1")
    session.add_all([city, ward])
    session.flush()
    session.add_all([
        CalendarDay(day=date(2026, 2, 13), kind=DAY_OFF, name="Nghỉ Tết theo thông báo"),
        # The ward works that Friday to receive dossiers before the break.
        CalendarDay(day=date(2026, 2, 13), site_id=ward.id, kind=WORKING_DAY, name="Trực"),
        CalendarDay(day=date(2026, 2, 28), site_id=city.id, kind=DAY_OFF, name="Kiểm kê"),
    ])
    session.commit()
    assert not is_working_day(session, city, date(2026, 2, 13))
    assert calendar_for(session, city).closure(date(2026, 2, 13)).reason == \
        "Nghỉ Tết theo thông báo"
    assert is_working_day(session, ward, date(2026, 2, 13))
    assert not is_working_day(session, None, date(2026, 2, 13))
    assert is_working_day(session, city, date(2026, 2, 21))  # a Saturday, worked
    assert not is_working_day(session, ward, date(2026, 2, 21))
    assert not is_working_day(session, city, date(2026, 2, 28))
    assert add_working_days(session, city, date(2026, 2, 12), 2) == date(2026, 2, 21)
    assert add_working_days(session, ward, date(2026, 2, 12), 1) == date(2026, 2, 13)

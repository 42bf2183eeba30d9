"""Booking rules on a real SQLite file: slots, capacity, full slots, cancel and reschedule."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from server.engine import QueueError
from server.engine.booking import (
    book,
    cancel,
    day_slots,
    normalise_code,
    normalise_phone,
    reschedule,
    slot_capacity,
)
from server.engine.days import VIETNAM
from server.models import Appointment, Service
from tests.support.engine import MORNING, session, site  # noqa: F401  (fixtures)

WEDNESDAY = MORNING.astimezone(VIETNAM).date()


def local(day, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


@pytest.fixture
def land(session, site):  # noqa: F811
    """Land (DD, counters 1 and 2): 15-minute slots, 5 places each, no walk-in share."""
    service = session.scalar(select(Service).where(Service.code == "DD"))
    service.slot_minutes, service.slot_places = 15, 5
    service.walk_in_share, service.default_service_s = 0, 300
    session.commit()
    return service


def test_slots_follow_office_hours_and_skip_those_already_over(session, land):  # noqa: F811
    slots = day_slots(session, land, WEDNESDAY, now=MORNING)  # 09:00 local
    starts = [slot.start.strftime("%H:%M") for slot in slots]
    assert starts[0] == "09:00" and starts[-1] == "16:45"
    assert "11:30" not in starts and "13:30" in starts
    assert len(starts) == 10 + 14
    assert {slot.capacity for slot in slots} == {5}


def test_weekend_and_unbookable_service_have_no_slots(session, land):  # noqa: F811
    saturday = WEDNESDAY + timedelta(days=3)
    assert day_slots(session, land, saturday, now=MORNING) == []
    land.slot_minutes = 0
    with pytest.raises(QueueError) as refused:
        book(session, land.site, "DD", local(WEDNESDAY, "10:00"), "A", "0912345678",
             now=MORNING)
    assert refused.value.code == "not_bookable"


def test_capacity_keeps_the_walk_in_share_of_the_counters(session, land):  # noqa: F811
    land.slot_places = 0
    assert slot_capacity(session, land) == 6  # 2 counters × 15 min / 5 min
    land.walk_in_share = 50
    assert slot_capacity(session, land) == 3
    land.slot_places = 2
    assert slot_capacity(session, land) == 2


def test_a_full_slot_refuses_and_stores_nothing(session, land):  # noqa: F811
    start = local(WEDNESDAY, "10:00")
    for n in range(5):
        book(session, land.site, "DD", start, f"Công dân {n}", f"091234567{n}", now=MORNING)
    session.commit()
    with pytest.raises(QueueError) as refused:
        book(session, land.site, "DD", start, "Người thứ sáu", "0987654321", now=MORNING)
    assert (refused.value.code, refused.value.status) == ("slot_full", 409)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Appointment)) == 5
    slot = next(s for s in day_slots(session, land, WEDNESDAY, now=MORNING)
                if s.start == start)
    assert slot.available == 0


def test_closed_day_or_time_off_the_grid_is_refused(session, land):  # noqa: F811
    for start in (local(WEDNESDAY + timedelta(days=3), "09:00"),  # Saturday
                  local(WEDNESDAY, "12:00"),  # lunch
                  local(WEDNESDAY, "10:05"),  # not a slot start
                  local(WEDNESDAY, "08:00")):  # already over
        with pytest.raises(QueueError) as refused:
            book(session, land.site, "DD", start, "A", "0912345678", now=MORNING)
        assert refused.value.code == "no_such_slot"
    assert session.scalar(select(func.count()).select_from(Appointment)) == 0


def test_cancel_and_reschedule_give_the_place_back(session, land):  # noqa: F811
    ten, eleven = local(WEDNESDAY, "10:00"), local(WEDNESDAY, "11:00")
    first = book(session, land.site, "DD", ten, "Nguyễn Văn A", "+84 912 345 678", now=MORNING)
    assert first.phone == "0912345678"
    reschedule(session, first, eleven, now=MORNING)
    assert first.start == eleven
    available = {s.start: s.available for s in day_slots(session, land, WEDNESDAY, now=MORNING)}
    assert (available[ten], available[eleven]) == (5, 4)
    cancel(session, first, now=MORNING)
    assert first.status == "cancelled"
    available = {s.start: s.available for s in day_slots(session, land, WEDNESDAY, now=MORNING)}
    assert available[eleven] == 5
    with pytest.raises(QueueError) as refused:
        cancel(session, first, now=MORNING)
    assert refused.value.code == "appointment_closed"


def test_one_booking_per_phone_service_and_day(session, land):  # noqa: F811
    book(session, land.site, "DD", local(WEDNESDAY, "10:00"), "A", "0912345678", now=MORNING)
    with pytest.raises(QueueError) as refused:
        book(session, land.site, "DD", local(WEDNESDAY, "14:00"), "A", "0912345678",
             now=MORNING)
    assert refused.value.code == "already_booked"


def test_phone_and_code_are_read_as_people_type_them():
    assert normalise_phone("0912.345.678") == "0912345678"
    assert normalise_phone("84912345678") == "0912345678"
    with pytest.raises(QueueError):
        normalise_phone("12345")
    assert normalise_code(" ab3k-7mnq ") == "AB3K7MNQ"


def test_too_far_ahead_is_refused(session, land):  # noqa: F811
    later = local(WEDNESDAY + timedelta(days=35), "09:00")
    with pytest.raises(QueueError) as refused:
        book(session, land.site, "DD", later, "A", "0912345678", now=MORNING)
    assert refused.value.code == "too_far_ahead"


def test_holidays_and_announced_days_off_have_no_slots(session, land):  # noqa: F811
    from datetime import date

    from server.models import DAY_OFF, CalendarDay

    new_year = date(2027, 1, 1)  # a Friday, a public holiday
    assert day_slots(session, land, new_year, now=MORNING) == []
    assert day_slots(session, land, new_year + timedelta(days=3), now=MORNING) != []
    thursday = WEDNESDAY + timedelta(days=1)
    session.add(CalendarDay(day=thursday, kind=DAY_OFF, name="Nghỉ bù"))
    session.flush()
    assert day_slots(session, land, thursday, now=MORNING) == []
    with pytest.raises(QueueError) as refused:
        book(session, land.site, "DD", local(thursday, "09:00"), "A", "0912345678", now=MORNING)
    assert refused.value.code == "no_such_slot"


def test_sms_text_has_no_diacritics_and_survives_a_bad_template(session, site):  # noqa: F811
    from server.engine import issue_ticket
    from server.engine.notices import plain, turn_near_text

    assert plain("Đất đai, Hộ tịch — quý khách") == "Dat dai, Ho tich — quy khach"
    ticket = issue_ticket(session, site, "DD", now=MORNING).ticket
    text = turn_near_text(ticket, 2, None, plain_sms=True)
    assert text.isascii() and "1001" in text and "Dat dai" in text and "con 2 nguoi" in text
    assert turn_near_text(ticket, 2, "Số {number} {oops}", plain_sms=False) == turn_near_text(
        ticket, 2, None, plain_sms=False)
    assert "Đất đai" in turn_near_text(ticket, 2, None, plain_sms=False)


def test_a_booked_ticket_slip_carries_the_appointment_mark():
    from datetime import UTC, datetime

    from printers.layout import render_ticket
    from printers.ticket import TicketPrint

    slip = TicketPrint(centre_name="Bộ phận Một cửa", site_name="Phường Đức Xuân",
                       service_name="Đất đai", number="1001",
                       issued_at=datetime(2026, 11, 25, 2, 0, tzinfo=UTC), waiting_ahead=0)
    walk_in, booked = render_ticket(slip), render_ticket(replace(slip, appointment=True))
    assert booked.height > walk_in.height
    assert booked.histogram()[0] - walk_in.histogram()[0] > 200 * 30  # a black bar

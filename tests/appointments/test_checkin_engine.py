"""Check-in and the call policy: a booked citizen is next for the field at the slot time."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.engine import Actor, QueueError, call_next, issue_ticket
from server.engine.booking import book
from server.engine.checkin import check_in, mark_no_shows
from server.engine.snapshot import waiting_ahead
from server.models import Service, User
from tests.appointments.test_booking_engine import WEDNESDAY, land, local  # noqa: F401
from tests.support.engine import MORNING, counter, session, site  # noqa: F401

NINE_THIRTY = local(WEDNESDAY, "09:30")


@pytest.fixture
def booking(session, land):  # noqa: F811
    appointment = book(session, land.site, "DD", NINE_THIRTY, "Trần Thị B", "0912345678",
                       now=MORNING)
    session.commit()
    return appointment


def _clerk(session, site, number):  # noqa: F811
    return Actor(user_id=session.scalar(select(User.id).where(User.username == f"clerk{number}")))


def test_too_early_is_told_when_to_come_back(session, site, booking):  # noqa: F811
    with pytest.raises(QueueError) as refused:
        check_in(session, site, booking.code, now=NINE_THIRTY - timedelta(minutes=31))
    assert refused.value.code == "too_early"
    assert refused.value.extra["come_back_at"].startswith(f"{WEDNESDAY.isoformat()}T09:00")
    assert "09:00" in refused.value.message and "quý khách" in refused.value.message
    assert booking.status == "booked"


def test_too_early_addresses_the_citizen_as_the_site_does(session, site, booking):  # noqa: F811
    booking.site.citizen_address = "ong_ba"
    with pytest.raises(QueueError) as refused:
        check_in(session, site, booking.code, now=NINE_THIRTY - timedelta(minutes=31))
    assert refused.value.message.startswith("Lịch hẹn của Ông/Bà lúc 09:30")


def test_on_time_gets_an_appointment_ticket_once(session, site, booking):  # noqa: F811
    arrived = check_in(session, site, booking.code.lower(), now=NINE_THIRTY - timedelta(minutes=10))
    assert not arrived.late and arrived.ticket.appointment_at == NINE_THIRTY
    assert arrived.ticket.channel == "appointment" and arrived.ticket.phone == "0912345678"
    assert booking.status == "checked_in"
    again = check_in(session, site, booking.code, now=NINE_THIRTY)
    assert again.replayed and again.ticket.id == arrived.ticket.id


def test_too_late_gets_a_walk_in_ticket(session, site, booking):  # noqa: F811
    arrived = check_in(session, site, booking.code, now=NINE_THIRTY + timedelta(minutes=16))
    assert arrived.late and arrived.ticket.appointment_at is None
    assert arrived.ticket.channel == "kiosk"


def test_booked_ticket_is_called_at_its_slot_ahead_of_earlier_walk_ins(
        session, site, booking):  # noqa: F811
    before = NINE_THIRTY - timedelta(minutes=20)
    walk_in = issue_ticket(session, site, "DD", now=before).ticket
    booked = check_in(session, site, booking.code, now=before + timedelta(minutes=5)).ticket
    second_walk_in = issue_ticket(session, site, "DD", now=before + timedelta(minutes=6)).ticket
    session.commit()
    # Before the slot the booked citizen waits like anyone else...
    assert waiting_ahead(session, booked, now=NINE_THIRTY - timedelta(minutes=1)) == 1
    desk = counter(session, site, 1)
    first = call_next(session, desk, _clerk(session, site, 1),
                      now=NINE_THIRTY - timedelta(minutes=1)).ticket
    assert first.id == walk_in.id
    # ...from the slot on, they are next, ahead of the walk-in who came earlier.
    assert waiting_ahead(session, booked, now=NINE_THIRTY) == 0
    assert waiting_ahead(session, second_walk_in, now=NINE_THIRTY) == 1
    second = call_next(session, desk, _clerk(session, site, 1), now=NINE_THIRTY).ticket
    assert second.id == booked.id


def test_no_shows_are_recorded_after_the_window(session, site, booking):  # noqa: F811
    assert mark_no_shows(session, site, now=NINE_THIRTY + timedelta(minutes=14)) == 0
    assert mark_no_shows(session, site, now=NINE_THIRTY + timedelta(minutes=16)) == 1
    assert booking.status == "no_show"
    # Coming after all still gets a (walk-in) ticket.
    late = check_in(session, site, booking.code, now=NINE_THIRTY + timedelta(minutes=40))
    assert late.late and booking.status == "checked_in"


def test_another_sites_kiosk_cannot_check_in(session, site, booking):  # noqa: F811
    from server.models import Site

    other = Site(code="S2", name="Khác")
    session.add(other)
    session.flush()
    with pytest.raises(QueueError) as refused:
        check_in(session, other, booking.code, now=NINE_THIRTY)
    assert refused.value.code == "appointment_not_found"
    assert session.scalar(select(Service).where(Service.code == "DD")).slot_minutes == 15

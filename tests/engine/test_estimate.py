"""Wait estimates that know the day: lunch, closing time, shared counters, the pace of the hour."""

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from server.engine import QueueError, estimate_inputs, issue_ticket
from server.engine.estimate import Desk, Pace, estimate_ticket, learn_pace, remaining_s
from server.engine.forecast import Caller, Waiting
from server.engine.snapshot import new_ticket_estimates, queue_position
from server.models import RosterEntry, Service, User
from tests.support.engine import counter

OFFICE = {day: [["07:30", "11:30"], ["13:30", "17:00"]]
          for day in ("mon", "tue", "wed", "thu", "fri")}


def local(hour: int, minute: int = 0) -> datetime:
    """Wednesday 25 November 2026 at ``hour:minute`` in Hà Nội, as UTC."""
    return datetime(2026, 11, 25, hour - 7, minute, tzinfo=UTC)


def _land(session) -> Service:
    return session.scalar(select(Service).where(Service.code == "DD"))


def _one_counter_rostered_all_day(session, site) -> None:
    desk = counter(session, site, 1)
    desk.status = "open"
    clerk = session.scalar(select(User).where(User.username == "clerk1"))
    session.add(RosterEntry(site_id=site.id, day=local(9).date(), counter_id=desk.id,
                            user_id=clerk.id, starts=time(7, 30), ends=time(17, 0)))
    session.flush()


def test_a_ticket_at_11_20_with_ten_ahead_is_told_it_waits_past_lunch(session, site):
    _one_counter_rostered_all_day(session, site)
    _land(session).default_service_s = 300
    for _ in range(10):
        issue_ticket(session, site, "DD", now=local(11, 20))
    ticket = issue_ticket(session, site, "DD", now=local(11, 20)).ticket
    position = queue_position(session, ticket, now=local(11, 20))
    ahead, wait = position
    # Two served before 11:30, then lunch until 13:30, then eight more of 5 minutes: 14:10.
    assert ahead == 10
    assert wait == (local(14, 10) - local(11, 20)).total_seconds() > 2 * 3600
    low, high = position.range_s
    assert low <= wait <= high and low > 2 * 3600
    assert position.served_today


def test_a_ticket_at_16_45_with_twenty_ahead_is_not_likely_served_today(session, site):
    _one_counter_rostered_all_day(session, site)
    land = _land(session)
    land.opening_hours = OFFICE
    for _ in range(20):
        issue_ticket(session, site, "DD", now=local(16, 40))
    late = new_ticket_estimates(session, site, [land], now=local(16, 45))[land.id]
    assert not late.served_today and late.wait_s >= 20 * 300
    early = new_ticket_estimates(session, site, [land], now=local(9))[land.id]
    assert early.served_today  # the same queue in the morning is served well before closing


def test_a_new_ticket_in_a_field_whose_hours_end_soon_is_flagged(session, site):
    land = _land(session)
    land.opening_hours = OFFICE  # no roster: the counter works the field's hours
    counter(session, site, 1).status = "open"
    for _ in range(3):
        issue_ticket(session, site, "DD", now=local(16, 30))
    estimate = new_ticket_estimates(session, site, [land], now=local(16, 50))[land.id]
    assert not estimate.served_today


def _waiting(ticket_id: int, service_id: int, minute: int, priority: bool = False) -> Waiting:
    queued = local(9, minute)
    return Waiting(ticket_id, service_id, None, priority, None, queued, ("service", service_id))


class _Site:
    priority_policy, priority_ratio = "strict", 3


def test_a_counter_serving_two_fields_splits_its_time_by_their_lengths():
    land, civil = 1, 2
    pace = Pace({land: 600.0, civil: 120.0})
    shared = Desk(Caller(1, frozenset({land, civil}), 0), None, local(9))
    land_only = Desk(Caller(2, frozenset({land}), 0), None, local(9))
    tickets = [_waiting(1, land, 0), _waiting(2, land, 1), _waiting(3, civil, 2),
               _waiting(4, land, 3), _waiting(5, civil, 4)]
    # 9:00 both take a land file (10 min); 9:10 the shared counter takes civil 3 (2 min) while
    # the other takes land 4; 9:12 the shared counter calls civil 5.
    estimate = estimate_ticket(tickets, [shared, land_only], _Site(), local(9), pace,
                               tickets[-1])
    assert estimate.wait_s == 12 * 60
    assert estimate.low_s < estimate.wait_s < estimate.high_s


def test_a_priority_ticket_passes_ahead_and_lengthens_the_wait():
    land = 1
    pace = Pace({land: 300.0})
    desk = Desk(Caller(1, frozenset({land}), 0), None, local(9))
    walk_in = _waiting(1, land, 0)
    alone = estimate_ticket([walk_in], [desk], _Site(), local(9), pace, walk_in)
    priority = _waiting(2, land, 5, priority=True)
    behind = estimate_ticket([walk_in, priority], [desk], _Site(), local(9), pace, walk_in)
    assert alone.wait_s == 0 and behind.wait_s == 300


def test_the_citizen_already_at_the_counter_counts_for_what_is_left():
    land = 1
    pace = Pace({land: 600.0})
    # Eight minutes into a ten-minute service: the counter is free in about two.
    busy = Desk(Caller(1, frozenset({land}), 0), None,
                local(9) + timedelta(seconds=remaining_s(600, 480)))
    ticket = _waiting(1, land, 0)
    assert estimate_ticket([ticket], [busy], _Site(), local(9), pace, ticket).wait_s == 120
    assert remaining_s(600, 900) == 30  # an overrun is not believed to end this instant


def test_service_times_are_learned_per_hour_with_defaults_for_a_new_field():
    land, civil = 1, 2
    samples = [(land, local(8, 10), 900.0)] * 20 + [(land, local(15, 10), 300.0)] * 20
    pace = learn_pace({land: 600.0, civil: 240.0}, samples)
    assert pace.seconds(land, local(8, 30)) > 800
    assert pace.seconds(land, local(15, 30)) < 400
    assert pace.seconds(civil, local(10)) == 240.0


def test_the_daily_limit_refuses_the_next_walk_in_but_not_a_booking(session, site):
    _land(session).daily_ticket_limit = 2
    issue_ticket(session, site, "DD", now=local(9))
    issue_ticket(session, site, "DD", now=local(9))
    with pytest.raises(QueueError) as full:
        issue_ticket(session, site, "DD", now=local(9))
    assert full.value.code == "field_full_today"
    assert "đã đủ số hôm nay" in full.value.message
    booked = issue_ticket(session, site, "DD", now=local(9), appointment_at=local(9))
    assert booked.ticket.number


def test_no_walk_in_number_after_the_last_ticket_time(session, site):
    _land(session).last_ticket_at = time(16, 0)
    assert issue_ticket(session, site, "DD", now=local(15, 59)).ticket.number == "1001"
    with pytest.raises(QueueError) as late:
        issue_ticket(session, site, "DD", now=local(16, 0))
    assert late.value.code == "field_full_today"


def test_a_field_with_no_open_counter_is_counted_as_one_counter_at_work(session, site):
    _land(session).default_service_s = 300
    for _ in range(3):
        issue_ticket(session, site, "DD", now=local(9))
    ticket = issue_ticket(session, site, "DD", now=local(9)).ticket
    # Counters 1 and 2 both serve land but are closed: not two at work, one.
    assert queue_position(session, ticket, now=local(9)) == (3, 900)


STRICT = SimpleNamespace(priority_policy="strict", priority_ratio=3)
LAND = 1


def _walk_in(ticket_id: int, queued: datetime, booked: datetime | None = None) -> Waiting:
    return Waiting(ticket_id, LAND, None, False, booked, queued, ("service", LAND))


def _desk(counter_id: int, *spans: tuple[datetime, datetime], free: datetime) -> Desk:
    return Desk(Caller(counter_id, frozenset({LAND}), 0), list(spans), free)


def test_a_counter_that_leaves_at_lunch_does_not_serve_through_the_others_break():
    # Counter 1 works the morning only, counter 2 the whole day; land takes 10 minutes.
    # At 11:25 both take one citizen; the third waits for counter 2 after lunch, not for
    # counter 1 at 11:35 (it is gone until closing, and only then would work overtime).
    morning, afternoon = (local(7, 30), local(11, 30)), (local(13, 30), local(17))
    desks = [_desk(1, morning, free=local(11, 25)),
             _desk(2, morning, afternoon, free=local(11, 25))]
    tickets = [_walk_in(index, local(10, index)) for index in (1, 2, 3)]
    pace = Pace({LAND: 600.0})

    third = estimate_ticket(tickets, desks, STRICT, local(11, 25), pace, tickets[2])

    assert third.wait_s == (local(13, 30) - local(11, 25)).total_seconds()
    assert third.served_today


def test_a_booked_citizen_passes_ahead_once_the_slot_comes_and_not_before():
    # One counter free at 9:00, 10 minutes a citizen; two walk-ins, and a citizen booked
    # for 9:05 who checked in at 8:55. 9:00 the first walk-in (the slot is not due),
    # 9:10 the booked citizen (now due), 9:20 the second walk-in.
    desks = [_desk(1, (local(7, 30), local(11, 30)), free=local(9))]
    first, second = _walk_in(1, local(8, 50)), _walk_in(2, local(8, 51))
    booked = _walk_in(3, local(8, 55), booked=local(9, 5))
    tickets, pace = [first, second, booked], Pace({LAND: 600.0})

    def wait(ticket):
        return estimate_ticket(tickets, desks, STRICT, local(9), pace, ticket).wait_s

    assert [wait(first), wait(booked), wait(second)] == [0, 600, 1200]


def test_a_counter_idle_until_a_booked_slot_calls_it_at_its_time():
    desks = [_desk(1, (local(7, 30), local(11, 30)), free=local(9))]
    booked = _walk_in(1, local(8, 55), booked=local(9, 20))

    estimate = estimate_ticket([booked], desks, STRICT, local(9), Pace({LAND: 600.0}), booked)

    assert estimate.wait_s == 1200


def test_the_pace_is_relearned_every_five_minutes_of_the_estimates_own_clock(monkeypatch):
    # A replayed day runs in seconds of the machine's time: its pace must still follow it.
    learned = []
    monkeypatch.setattr(estimate_inputs, "site_pace",
                        lambda _session, _site, now, _weeks: learned.append(now) or Pace({}))
    cache, site = estimate_inputs.PaceCache(), SimpleNamespace(id=1)

    for minute in (0, 4, 5, 9, 10):
        cache.of(None, site, local(9, minute))

    assert learned == [local(9, 0), local(9, 5), local(9, 10)]

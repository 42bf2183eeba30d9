"""The waiting list a clerk sees is the order in which "call next" will call."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server import engine
from server.engine import Actor, QueueError, issue_ticket
from server.engine.days import service_day
from server.engine.forecast import calls_ahead
from server.engine.snapshot import waiting_ahead
from server.models import Ticket
from tests.support.engine import MORNING, counter

CLERK = Actor(user_id=2)


def issue(session, site, code, seconds, priority=False):
    return issue_ticket(session, site, code, priority=priority,
                        now=MORNING + timedelta(seconds=seconds)).ticket


def predicted(session, site, number):
    desk = counter(session, site, number)
    day = service_day(MORNING, site.rollover_at)
    return [t.id for t in calls_ahead(session, desk, day, MORNING + timedelta(minutes=5))]


def called_one_by_one(session, site, number, how_many):
    desk = counter(session, site, number)
    return [engine.call_next(session, desk, CLERK, now=MORNING + timedelta(minutes=5 + i)).ticket.id
            for i in range(how_many)]


def test_ratio_policy_list_matches_the_calls(session, site):
    site.priority_policy, site.priority_ratio = "ratio", 2
    desk = counter(session, site, 2)
    # The counter called a priority citizen earlier today: its next two calls are normal.
    desk.last_called_at, desk.normal_since_priority = MORNING, 0
    for i in range(5):
        issue(session, site, "DD", i, priority=i in (0, 1))
    issue(session, site, "HT", 6, priority=True)
    expected = predicted(session, site, 2)
    assert len(expected) == 6
    first_two = session.get(Ticket, expected[0]), session.get(Ticket, expected[1])
    assert not any(t.priority for t in first_two)  # priority first would be the old, wrong list
    assert called_one_by_one(session, site, 2, 6) == expected


def test_strict_policy_and_a_ticket_sent_to_the_counter(session, site):
    site.priority_policy = "strict"
    issue(session, site, "DD", 0)
    issue(session, site, "DD", 1, priority=True)
    sent = issue(session, site, "HT", 2)
    sent.target_counter_id = counter(session, site, 1).id
    session.flush()
    expected = predicted(session, site, 1)
    assert expected[0] == sent.id
    assert called_one_by_one(session, site, 1, 3) == expected


def _forecast_and_calls(session, site, numbers):
    """Return each waiting ticket's "ahead", then what the counters ``numbers`` really call,
    pressing in turns, as (ticket id, counter number) pairs."""
    desks = [counter(session, site, n) for n in numbers]
    for desk in desks:
        desk.status = "open"
    session.flush()
    waiting = session.scalars(select(Ticket).where(Ticket.status == "waiting")).all()
    ahead = {t.id: waiting_ahead(session, t, MORNING + timedelta(minutes=5)) for t in waiting}
    calls, minute, active = [], 5, list(desks)
    while active:
        for desk in list(active):
            minute += 1
            try:
                ticket = engine.call_next(session, desk, Actor(user_id=desk.number),
                                          now=MORNING + timedelta(minutes=minute)).ticket
            except QueueError:
                active.remove(desk)
                continue
            calls.append((ticket.id, desk.number))
    return ahead, calls


def _calls_before(calls, ticket, numbers_serving):
    position = [ticket_id for ticket_id, _ in calls].index(ticket.id)
    return sum(1 for _, number in calls[:position] if number in numbers_serving)


def test_a_priority_citizen_is_told_the_calls_the_ratio_lets_through_first(session, site):
    site.priority_policy, site.priority_ratio = "ratio", 3
    desk = counter(session, site, 1)
    desk.last_called_at, desk.normal_since_priority = MORNING, 0  # just called a priority one
    normals = [issue(session, site, "DD", i) for i in range(4)]
    vip = issue(session, site, "DD", 10, priority=True)
    ahead, calls = _forecast_and_calls(session, site, [1])
    assert ahead[vip.id] == 3  # the old count said 0: "you are next"
    assert [ticket_id for ticket_id, _ in calls] == [*(n.id for n in normals[:3]), vip.id,
                                                      normals[3].id]
    assert all(ahead[ticket_id] == index for index, (ticket_id, _) in enumerate(calls))


def test_at_the_start_of_the_day_a_priority_citizen_is_next_and_is_called_first(session, site):
    site.priority_policy, site.priority_ratio = "ratio", 3
    normals = [issue(session, site, "DD", i) for i in range(3)]
    vip = issue(session, site, "DD", 10, priority=True)
    ahead, calls = _forecast_and_calls(session, site, [1])
    assert ahead[vip.id] == 0 and calls[0][0] == vip.id
    assert [ahead[n.id] for n in normals] == [1, 2, 3]


@pytest.mark.parametrize("policy", ["strict", "ratio"])
def test_every_citizen_is_told_the_calls_really_made_before_them(session, site, policy):
    site.priority_policy, site.priority_ratio = policy, 2
    for i in range(12):
        code = "HT" if i % 4 == 3 else "DD"
        ticket = issue(session, site, code, i, priority=i % 5 == 1)
        if i in (6, 9):
            ticket.appointment_at = MORNING + timedelta(minutes=-2 if i == 6 else 60)  # begun, not
    sent = issue(session, site, "HT", 20)
    sent.target_counter_id = counter(session, site, 1).id
    counter(session, site, 2).last_called_at = MORNING  # mid-cycle: no priority due yet
    session.flush()
    serving = {"DD": {1, 2}, "HT": {2}}
    ahead, calls = _forecast_and_calls(session, site, [1, 2])
    assert len(calls) == 13
    for ticket_id, _ in calls:
        ticket = session.get(Ticket, ticket_id)
        numbers = {1} if ticket.id == sent.id else serving[ticket.service.code]
        assert ahead[ticket.id] == _calls_before(calls, ticket, numbers), ticket.number

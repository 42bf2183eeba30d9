"""The waiting list a clerk sees is the order in which "call next" will call."""

from datetime import timedelta

from server import engine
from server.engine import Actor, issue_ticket
from server.engine.call_policy import calls_ahead
from server.engine.days import service_day
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

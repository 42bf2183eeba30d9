"""Vote rules: which visit a pad may rate, once, and only at its own counter."""

from datetime import timedelta

import pytest

from server import engine
from server.engine import Actor, QueueError, issue_ticket
from server.engine.votes import pending_ticket, record_vote
from tests.support.engine import MORNING, counter

CLERK = Actor(user_id=1)


def served(session, site, number=1, at=0):
    """Issue a land ticket, call it at counter ``number`` and finish it; return it."""
    now = MORNING + timedelta(seconds=at)
    ticket = issue_ticket(session, site, "DD", now=now).ticket
    desk = counter(session, site, number)
    engine.call_next(session, desk, Actor(user_id=number), now=now)
    engine.finish(session, desk, Actor(user_id=number), now=now + timedelta(seconds=30))
    session.commit()
    return ticket


def vote(session, site, number=1, rating=4, at=60, **options):
    return record_vote(session, counter(session, site, number), rating,
                       now=MORNING + timedelta(seconds=at), **options)


def test_vote_takes_ticket_counter_clerk_and_service_from_the_finished_visit(session, site):
    ticket = served(session, site)
    stored = vote(session, site, rating=2, reason="Chờ lâu", device_id=None)
    assert (stored.ticket_id, stored.counter_id, stored.clerk_id) == (
        ticket.id, counter(session, site, 1).id, 1)
    assert (stored.service_id, stored.rating, stored.reason) == (ticket.service_id, 2, "Chờ lâu")


def test_second_vote_is_already_voted(session, site):
    served(session, site)
    vote(session, site)
    with pytest.raises(QueueError) as twice:
        vote(session, site, rating=1)
    assert (twice.value.code, twice.value.status) == ("already_voted", 409)


def test_nothing_to_rate_before_any_finish_and_after_the_window(session, site):
    with pytest.raises(QueueError) as empty:
        vote(session, site)
    assert empty.value.code == "nothing_to_rate"
    served(session, site)
    late = 30 + 601
    with pytest.raises(QueueError) as expired:
        vote(session, site, at=late, window_s=600)
    assert expired.value.code == "nothing_to_rate"
    assert pending_ticket(session, counter(session, site, 1), 600,
                          MORNING + timedelta(seconds=late)) is None


def test_named_ticket_must_be_this_counters_last_visit(session, site):
    earlier = served(session, site, 1)
    elsewhere = served(session, site, 2, at=5)
    latest = served(session, site, 1, at=10)
    with pytest.raises(QueueError) as foreign:
        vote(session, site, 1, ticket_id=elsewhere.id)
    assert (foreign.value.code, foreign.value.status) == ("ticket_other_counter", 403)
    with pytest.raises(QueueError) as stale:
        vote(session, site, 1, ticket_id=earlier.id)
    assert (stale.value.code, stale.value.status) == ("not_last_finished", 409)
    assert vote(session, site, 1, ticket_id=latest.id).ticket_id == latest.id


def test_pending_ticket_clears_once_rated_and_ignores_no_shows(session, site):
    ticket = served(session, site)
    desk = counter(session, site, 1)
    assert pending_ticket(session, desk, 600, MORNING + timedelta(seconds=60)) is ticket
    vote(session, site)
    assert pending_ticket(session, desk, 600, MORNING + timedelta(seconds=61)) is None
    issue_ticket(session, site, "DD", now=MORNING + timedelta(seconds=70))
    engine.call_next(session, desk, CLERK, now=MORNING + timedelta(seconds=80))
    engine.no_show(session, desk, CLERK, now=MORNING + timedelta(seconds=90))
    with pytest.raises(QueueError) as no_show:
        vote(session, site, at=100)
    assert no_show.value.code == "already_voted"  # still the rated visit, not the no-show

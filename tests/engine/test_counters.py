"""Counter actions: call order, priority policy, double clicks, recall, no-show, transfer."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server import engine
from server.engine import Actor, QueueError, issue_ticket
from server.models import Service, Ticket, TicketEvent
from tests.support.engine import MORNING, counter

CLERK = {n: Actor(user_id=n) for n in (1, 2, 3)}


def issue(session, site, code, seconds, priority=False):
    return issue_ticket(session, site, code, priority=priority,
                        now=MORNING + timedelta(seconds=seconds)).ticket


def call(session, site, number, at=10, debounce=0.0):
    return engine.call_next(session, counter(session, site, number), CLERK[number],
                            now=MORNING + timedelta(seconds=at), debounce_s=debounce)


def test_call_next_is_first_come_first_served_within_served_services(session, site):
    land = issue(session, site, "DD", 0)
    civil = issue(session, site, "HT", 1)
    land2 = issue(session, site, "DD", 2)
    assert call(session, site, 3).ticket.id == civil.id  # counter 3 serves HT only
    assert call(session, site, 1).ticket.id == land.id
    result = call(session, site, 1, at=20)
    assert result.ticket.id == land2.id and result.finished.id == land.id
    assert land.status == "done" and land2.status == "called"


def test_empty_queue_is_a_clear_conflict_and_changes_nothing(session, site):
    serving = issue(session, site, "DD", 0)
    assert call(session, site, 1).ticket.id == serving.id
    desk = counter(session, site, 1)
    before = (desk.status, desk.current_ticket_id, desk.last_called_at, serving.status,
              serving.finished_at, session.scalar(select(func.count(TicketEvent.id))))
    with pytest.raises(QueueError) as empty:
        call(session, site, 1, at=20)
    assert empty.value.code == "queue_empty" and empty.value.status == 409
    # The citizen at the desk is not finished by a press that finds nobody else waiting.
    after = (desk.status, desk.current_ticket_id, desk.last_called_at, serving.status,
             serving.finished_at, session.scalar(select(func.count(TicketEvent.id))))
    assert after == before


def test_strict_priority_goes_first(session, site):
    issue(session, site, "DD", 0)
    vip = issue(session, site, "DD", 5, priority=True)
    assert call(session, site, 1).ticket.id == vip.id


def test_ratio_policy_serves_one_priority_per_n_normal(session, site):
    site.priority_policy, site.priority_ratio = "ratio", 2
    normals = [issue(session, site, "DD", i) for i in range(4)]
    first, second = (issue(session, site, "DD", 10 + i, priority=True) for i in range(2))
    order = [call(session, site, 1, at=20 + i).ticket.id for i in range(6)]
    # A counter that has not called yet today owes priority its turn: the first call is
    # priority, then two normal tickets pass before the next priority one.
    assert order == [first.id, normals[0].id, normals[1].id, second.id, normals[2].id,
                     normals[3].id]


def test_the_count_of_yesterday_does_not_hold_priority_back_today(session, site):
    site.priority_policy, site.priority_ratio = "ratio", 3
    desk = counter(session, site, 1)
    # Yesterday the counter had just called a priority citizen when the day ended.
    desk.last_called_at, desk.normal_since_priority = MORNING - timedelta(days=1), 0
    for i in range(3):
        issue(session, site, "DD", i)
    vip = issue(session, site, "DD", 5, priority=True)
    assert call(session, site, 1, at=20).ticket.id == vip.id


def test_double_click_returns_the_same_ticket_instead_of_skipping(session, site):
    first = issue(session, site, "DD", 0)
    second = issue(session, site, "DD", 1)
    one = call(session, site, 1, at=10, debounce=2.0)
    two = call(session, site, 1, at=11, debounce=2.0)
    assert one.ticket.id == two.ticket.id == first.id and two.repeated
    assert second.status == "waiting"
    assert call(session, site, 1, at=13, debounce=2.0).ticket.id == second.id


def test_two_counters_never_get_the_same_ticket(session, site):
    a = issue(session, site, "DD", 0)
    b = issue(session, site, "DD", 1)
    assert {call(session, site, 1).ticket.id, call(session, site, 2).ticket.id} == {a.id, b.id}


def test_recall_counts_and_needs_a_ticket(session, site):
    with pytest.raises(QueueError):
        engine.recall(session, counter(session, site, 1), CLERK[1])
    issue(session, site, "DD", 0)
    ticket = call(session, site, 1).ticket
    engine.recall(session, counter(session, site, 1), CLERK[1])
    assert ticket.recall_count == 1


def test_no_show_with_and_without_requeue(session, site):
    gone = issue(session, site, "DD", 0)
    late = issue(session, site, "DD", 1)
    other = issue(session, site, "DD", 2)
    call(session, site, 1)
    engine.no_show(session, counter(session, site, 1), CLERK[1])
    assert gone.status == "no_show"
    call(session, site, 1, at=20)
    engine.no_show(session, counter(session, site, 1), CLERK[1], requeue=True,
                   now=MORNING + timedelta(seconds=21))
    assert late.status == "waiting" and late.no_show_count == 1
    assert call(session, site, 1, at=30).ticket.id == other.id  # requeued goes to the back
    assert call(session, site, 1, at=40).ticket.id == late.id


def test_transfer_keeps_number_and_place(session, site):
    moved = issue(session, site, "DD", 0)
    waiting_civil = issue(session, site, "HT", 5)
    call(session, site, 1)
    civil = session.scalar(select(Service).where(Service.code == "HT"))
    engine.transfer(session, counter(session, site, 1), CLERK[1], service=civil)
    assert moved.number == "1001" and moved.status == "waiting" and moved.service_id == civil.id
    assert call(session, site, 3).ticket.id == moved.id  # issued earlier than A001
    assert waiting_civil.status == "waiting"


def test_transfer_to_a_counter_is_called_only_there(session, site):
    ticket = issue(session, site, "DD", 0)
    call(session, site, 1)
    engine.transfer(session, counter(session, site, 1), CLERK[1],
                    to_counter=counter(session, site, 3))
    with pytest.raises(QueueError):
        call(session, site, 2, at=20)
    assert call(session, site, 3, at=21).ticket.id == ticket.id  # though 3 serves only HT


def test_paused_counter_takes_no_calls(session, site):
    issue(session, site, "DD", 0)
    desk = counter(session, site, 1)
    engine.open_counter(session, desk, CLERK[1])
    engine.pause_counter(session, desk, CLERK[1])
    with pytest.raises(QueueError) as paused:
        call(session, site, 1)
    assert paused.value.code == "counter_paused"
    engine.resume_counter(session, desk, CLERK[1])
    assert call(session, site, 1).ticket.number == "1001"


def test_another_clerk_cannot_act_at_a_staffed_counter(session, site):
    issue(session, site, "DD", 0)
    call(session, site, 1)
    with pytest.raises(QueueError) as taken:
        engine.recall(session, counter(session, site, 1), CLERK[2])
    assert taken.value.status == 403


def test_finish_sets_the_ticket_to_rate(session, site):
    issue(session, site, "DD", 0)
    ticket = call(session, site, 1).ticket
    engine.start_service(session, counter(session, site, 1), CLERK[1],
                         now=MORNING + timedelta(seconds=30))
    engine.finish(session, counter(session, site, 1), CLERK[1],
                  now=MORNING + timedelta(seconds=330))
    desk = counter(session, site, 1)
    assert ticket.status == "done" and desk.last_finished_ticket_id == ticket.id
    assert desk.current_ticket_id is None
    assert (ticket.finished_at - ticket.started_at).total_seconds() == 300


def test_rollover_expires_yesterdays_waiting_tickets(session, site):
    stale = issue(session, site, "DD", 0)
    expired = engine.rollover(session, site, now=MORNING + timedelta(days=1))
    assert expired == 1 and stale.status == "expired"
    assert session.scalar(select(Ticket).where(Ticket.status == "waiting")) is None

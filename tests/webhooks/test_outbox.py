"""The outbox: events written with the change, personal fields held back, order per key,
the retry schedule, giving up and replaying."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server import engine
from server.engine import Actor, issue_ticket
from server.engine.dossiers import Receipt, receive_dossier
from server.engine.feedback import reply_feedback, submit_feedback
from server.engine.outbox import RetryPolicy, claim_due, forget_sent, record_outcome, replay
from server.engine.votes import record_vote
from server.models import Feedback, Site, User, WebhookDelivery, WebhookEndpoint, utcnow
from server.models.webhook import DEAD, DELIVERED, PENDING
from tests.support.engine import counter

CLERK = Actor(user_id=1)


def deliveries(session) -> list[WebhookDelivery]:
    session.expire_all()
    return session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def test_an_issued_ticket_queues_its_event_in_the_same_commit(session, site, endpoint):
    ticket = issue_ticket(session, site, "DD").ticket
    session.rollback()
    assert deliveries(session) == []
    ticket = issue_ticket(session, site, "DD").ticket
    session.commit()
    [row] = deliveries(session)
    assert (row.kind, row.key, row.status, row.endpoint_id) == (
        "ticket.issued", f"ticket:{ticket.id}", PENDING, endpoint.id)
    assert row.payload["event"] == "ticket.issued" and row.payload["site"] == "S1"
    assert row.payload["data"]["number"] == "1001" and row.payload["data"]["service"] == "DD"


def test_no_row_without_an_endpoint_that_wants_the_kind(session, site, endpoint):
    endpoint.kinds = ["ticket.called"]
    other = Site(code="S2", name="Khác")
    session.add(other)
    session.flush()
    session.add(WebhookEndpoint(site_id=other.id, name="khác", url="http://x/", secret="x",
                                kinds=["ticket.issued"], include_personal=[]))
    session.commit()
    issue_ticket(session, site, "DD")
    session.commit()
    assert deliveries(session) == []


def test_an_endpoint_of_every_site_receives_each_site_s_events(session, site, endpoint):
    session.add(WebhookEndpoint(site_id=None, name="tỉnh", url="http://x/", secret="x",
                                kinds=["ticket.issued"], include_personal=[]))
    session.commit()
    issue_ticket(session, site, "DD")
    session.commit()
    rows = deliveries(session)
    assert len(rows) == 2 and len({row.event_id for row in rows}) == 1


def test_the_counter_s_call_finish_and_no_show_queue_in_order(session, site, endpoint):
    issue_ticket(session, site, "DD")
    issue_ticket(session, site, "DD")
    desk = counter(session, site, 1)
    engine.call_next(session, desk, CLERK)
    engine.call_next(session, desk, CLERK)  # finishes the first
    engine.no_show(session, desk, CLERK)
    session.commit()
    kinds = [(row.key[-1], row.kind) for row in deliveries(session)]
    assert [kind for _, kind in kinds] == ["ticket.issued", "ticket.issued", "ticket.called",
                                           "ticket.served", "ticket.called", "ticket.no_show"]


def test_personal_fields_stay_home_unless_the_endpoint_lists_them(session, site, endpoint):
    issue_ticket(session, site, "DD", phone="0912345678")
    session.commit()
    assert "phone" not in deliveries(session)[0].payload["data"]
    assert "0912345678" not in str(deliveries(session)[0].payload)
    endpoint.include_personal = ["phone"]
    session.commit()
    issue_ticket(session, site, "DD", phone="0912345678")
    session.commit()
    assert deliveries(session)[1].payload["data"]["phone"] == "0912345678"


def test_a_dossier_received_for_a_ticket_is_linked_without_the_applicant(session, site,
                                                                         endpoint):
    ticket = issue_ticket(session, site, "DD").ticket
    receipt = Receipt(procedure_name="Cấp sổ đỏ", applicant_name="Nguyễn An", processing_days=5,
                      phone="0912345678", ticket_id=ticket.id)
    receive_dossier(session, site, receipt, CLERK, code="000.00.01.H01-261125-0001")
    receive_dossier(session, site, Receipt(procedure_name="Không số", applicant_name="Trần B",
                                           processing_days=5),
                    CLERK)
    session.commit()
    linked = [row for row in deliveries(session) if row.kind == "dossier.linked"]
    assert len(linked) == 1  # the dossier without a ticket links nothing
    data = linked[0].payload["data"]
    assert data["dossier_code"] == "000.00.01.H01-261125-0001"
    assert (data["ticket_id"], linked[0].key) == (ticket.id, f"ticket:{ticket.id}")
    assert "Nguyễn An" not in str(data) and "0912345678" not in str(data)


def test_a_vote_and_feedback_queue_their_events(session, site, endpoint):
    issue_ticket(session, site, "DD")
    desk = counter(session, site, 1)
    engine.call_next(session, desk, CLERK)
    engine.finish(session, desk, CLERK)
    record_vote(session, desk, 3)
    feedback = submit_feedback(session, Feedback(site_id=site.id, category="other",
                                                 text="Nhà vệ sinh hỏng", name="Lê C",
                                                 phone="0987654321"))
    reply_feedback(feedback, "Đã sửa", session.get(User, 1))
    session.commit()
    rows = {row.kind: row for row in deliveries(session)}
    assert rows["rating.recorded"].payload["data"]["rating"] == 3
    assert rows["feedback.received"].key == f"feedback:{feedback.id}"
    assert rows["feedback.answered"].payload["data"]["status"] == "answered"
    assert "Nhà vệ sinh" not in str(rows["feedback.received"].payload)
    assert "Lê C" not in str(rows["feedback.answered"].payload)


def test_a_later_event_of_a_key_waits_for_the_earlier_one(session, site, endpoint):
    first = issue_ticket(session, site, "DD").ticket
    other = issue_ticket(session, site, "DD").ticket
    engine.call_ticket(session, counter(session, site, 1), first.number, CLERK)
    session.commit()
    policy, now = RetryPolicy(), utcnow()
    claimed = claim_due(session, now, lease_s=10)
    assert [(row.key, row.kind) for row in claimed] == [
        (f"ticket:{first.id}", "ticket.issued"), (f"ticket:{other.id}", "ticket.issued")]
    record_outcome(claimed[0], "HTTP 500", now, policy)
    record_outcome(claimed[1], None, now, policy)
    session.commit()
    later = now + timedelta(hours=2)  # the retry is due, and still comes first
    assert [row.kind for row in claim_due(session, later, 10)] == ["ticket.issued"]
    assert claim_due(session, later, 10) == []  # leased; "called" still waits behind it
    session.rollback()
    [retry] = claim_due(session, later, 10)
    record_outcome(retry, None, later, policy)
    assert [row.kind for row in claim_due(session, later, 10)] == ["ticket.called"]


@pytest.mark.parametrize("attempts, pause_s", [(1, 30), (2, 60), (3, 120), (7, 1920),
                                               (8, 3600), (30, 3600)])
def test_the_pause_doubles_up_to_an_hour(attempts, pause_s):
    assert RetryPolicy(first_s=30, cap_s=3600).pause(attempts) == timedelta(seconds=pause_s)


def test_an_event_is_given_up_after_days_and_replayed_on_demand(session, site, endpoint):
    issue_ticket(session, site, "DD")
    session.commit()
    policy, now = RetryPolicy(give_up_days=3), utcnow()
    [row] = claim_due(session, now, 10)
    record_outcome(row, "HTTP 503", now + timedelta(days=2), policy)
    assert (row.status, row.next_attempt_at) == (PENDING, now + timedelta(days=2, seconds=30))
    record_outcome(row, "HTTP 503", now + timedelta(days=3), policy)
    assert (row.status, row.last_error) == (DEAD, "HTTP 503")
    session.commit()
    assert replay(session, endpoint, now + timedelta(hours=1)) == 0  # occurred before that
    assert replay(session, endpoint, now - timedelta(hours=1)) == 1
    session.commit()
    [again] = claim_due(session, utcnow(), 10)
    assert (again.id, again.status, again.attempts) == (row.id, PENDING, 1)
    record_outcome(again, None, utcnow(), policy)
    assert again.status == DELIVERED


def test_sent_and_given_up_events_are_forgotten_after_the_keeping_time(session, site,
                                                                       endpoint):
    for _ in range(3):
        issue_ticket(session, site, "DD")
    session.commit()
    rows = deliveries(session)
    now = utcnow()
    record_outcome(rows[0], None, now, RetryPolicy())
    rows[1].status = DEAD
    session.commit()
    assert forget_sent(session, now - timedelta(days=1)) == 0
    assert forget_sent(session, now + timedelta(seconds=1)) == 2
    session.commit()
    assert [row.status for row in deliveries(session)] == [PENDING]

"""Issuing: daily numbering, number blocks, idempotency, position and estimates."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.engine import QueueError, estimate_wait_s, issue_ticket, waiting_ahead
from server.models import Service, TicketEvent
from tests.support.engine import MORNING


def test_numbers_follow_the_service_block_and_format(session, site):
    first = issue_ticket(session, site, "DD", now=MORNING).ticket
    second = issue_ticket(session, site, "DD", now=MORNING).ticket
    civil = issue_ticket(session, site, "HT", now=MORNING).ticket
    assert (first.number, second.number, civil.number) == ("1001", "1002", "A001")
    assert (first.sequence, second.sequence) == (1, 2)


def test_numbering_restarts_each_service_day_in_vietnam_time(session, site):
    # 23:30 on the 25th in Hà Nội is 16:30 UTC; 00:30 on the 26th is 17:30 UTC.
    late = MORNING.replace(hour=16, minute=30)
    before = issue_ticket(session, site, "DD", now=late).ticket
    after = issue_ticket(session, site, "DD", now=late + timedelta(hours=1)).ticket
    assert before.service_day.isoformat() == "2026-11-25"
    assert after.service_day.isoformat() == "2026-11-26"
    assert after.number == "1001"


def test_same_request_id_returns_the_same_ticket(session, site):
    first = issue_ticket(session, site, "DD", request_id="tap-123456", now=MORNING)
    again = issue_ticket(session, site, "DD", request_id="tap-123456", now=MORNING)
    assert again.replayed and not first.replayed
    assert again.ticket.id == first.ticket.id
    assert issue_ticket(session, site, "DD", now=MORNING).ticket.number == "1002"


def test_unknown_and_inactive_services_are_refused(session, site):
    with pytest.raises(QueueError) as unknown:
        issue_ticket(session, site, "NOPE", now=MORNING)
    assert unknown.value.code == "unknown_service" and unknown.value.status == 404
    session.scalar(select(Service).where(Service.code == "HT")).active = False
    with pytest.raises(QueueError):
        issue_ticket(session, site, "HT", now=MORNING)


def test_priority_refused_where_not_allowed(session, site):
    session.scalar(select(Service).where(Service.code == "DD")).priority_allowed = False
    with pytest.raises(QueueError) as refused:
        issue_ticket(session, site, "DD", priority=True, now=MORNING)
    assert refused.value.code == "priority_not_allowed"


def test_exhausted_block_is_refused_and_never_wraps(session, site):
    service = session.scalar(select(Service).where(Service.code == "DD"))
    service.number_end = 1002
    issue_ticket(session, site, "DD", now=MORNING)
    issue_ticket(session, site, "DD", now=MORNING)
    with pytest.raises(QueueError) as exhausted:
        issue_ticket(session, site, "DD", now=MORNING)
    assert exhausted.value.code == "number_block_exhausted"


def test_outside_opening_hours_is_refused(session, site):
    service = session.scalar(select(Service).where(Service.code == "DD"))
    service.opening_hours = {"wed": [["13:30", "17:00"]]}
    with pytest.raises(QueueError) as closed:
        issue_ticket(session, site, "DD", now=MORNING)  # 09:00 local
    assert closed.value.code == "service_closed"
    assert issue_ticket(session, site, "DD", now=MORNING + timedelta(hours=5)).ticket


def test_waiting_ahead_puts_priority_first(session, site):
    a = issue_ticket(session, site, "DD", now=MORNING).ticket
    b = issue_ticket(session, site, "DD", now=MORNING + timedelta(seconds=1)).ticket
    p = issue_ticket(session, site, "DD", priority=True,
                     now=MORNING + timedelta(seconds=2)).ticket
    assert waiting_ahead(session, a) == 1  # the priority ticket
    assert waiting_ahead(session, b) == 2
    assert waiting_ahead(session, p) == 0


def test_estimate_uses_default_service_time_and_open_counters(session, site):
    service = session.scalar(select(Service).where(Service.code == "DD"))
    service.default_service_s = 300
    assert estimate_wait_s(session, service, 0) == 0
    assert estimate_wait_s(session, service, 3) == 900  # no open counter counts as one
    for c in site.counters[:2]:
        c.status = "open"  # counters 1 and 2 both serve DD
    assert estimate_wait_s(session, service, 3) == 600


def test_every_issue_is_logged(session, site):
    ticket = issue_ticket(session, site, "DD", priority=True, now=MORNING).ticket
    events = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).all()
    assert [(e.kind, e.data["priority"]) for e in events] == [("issued", True)]

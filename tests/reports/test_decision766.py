"""The Decision 766 view's feedback indicator: answered within the working-day deadline."""

from datetime import timedelta

from reports.decision766 import Query766, compute_766
from server.models import Feedback
from tests.support import engine as engine_fixtures
from tests.support.engine import MORNING

session, site = engine_fixtures.session, engine_fixtures.site  # the engine's fixtures


def feedback(session, site, code: str, replied_after_days: int | None) -> None:
    replied = MORNING + timedelta(days=replied_after_days) if replied_after_days else None
    session.add(Feedback(code=code, site_id=site.id, category="waiting", text="Chờ lâu",
                         created_at=MORNING, replied_at=replied))


def rate(session, today) -> float | None:
    day = MORNING.date()
    (row,) = compute_766(session, Query766(day, day, deadline_days=10), today)["rows"]
    return row["feedback_on_time_rate"], row["counts"]["feedback_due"]


def test_feedback_counts_once_answered_or_past_its_deadline(session, site):
    # Received Wednesday 25/11/2026: ten working days later is Wednesday 9/12.
    feedback(session, site, "GY-1", 1)     # answered the next day: on time
    feedback(session, site, "GY-2", 30)    # answered after a month: late
    feedback(session, site, "GY-3", None)  # never answered
    session.commit()
    assert rate(session, MORNING.date() + timedelta(days=3)) == (50.0, 2)  # GY-3 not due yet
    assert rate(session, MORNING.date() + timedelta(days=60)) == (33.3, 3)


def test_each_grouping_splits_the_site_row_and_adds_up_to_it(session, site):
    from server.engine import Actor, call_next, finish, issue_ticket, open_counter
    from server.models import Vote
    from tests.support.engine import counter

    desk, clerk = counter(session, site, 2), Actor(user_id=1)
    open_counter(session, desk, clerk)
    for service in ("DD", "DD", "HT"):
        ticket = issue_ticket(session, site, service, now=MORNING).ticket
        call_next(session, desk, clerk, now=MORNING + timedelta(minutes=10))
        finish(session, desk, clerk, now=MORNING + timedelta(minutes=15))
        session.add(Vote(ticket_id=ticket.id, site_id=site.id, counter_id=desk.id,
                         service_id=ticket.service_id, rating=4 if service == "DD" else 1,
                         clerk_id=1, at=MORNING + timedelta(minutes=16)))
    feedback(session, site, "GY-9", 1)
    session.commit()
    day = MORNING.date()
    by_site = compute_766(session, Query766(day, day), day)["rows"]
    assert [row["counts"]["tickets"] for row in by_site] == [3]
    by_service = compute_766(session, Query766(day, day, group="service"), day)
    rows = {row["key"].split("/")[1]: row for row in by_service["rows"]}
    assert by_service["group"] == "service"
    assert {key: row["counts"]["tickets"] for key, row in rows.items() if key != "-"} == {
        "DD": 2, "HT": 1}
    assert (rows["DD"]["satisfaction_visit_rate"], rows["HT"]["satisfaction_visit_rate"]) == (
        100.0, 0.0)
    assert rows["DD"]["wait_mean_s"] == 600
    assert rows["-"]["counts"]["feedback_due"] == 1  # no visit named: not attributed
    for group in ("procedure", "clerk"):
        rows = compute_766(session, Query766(day, day, group=group), day)["rows"]
        assert sum(row["counts"]["tickets"] for row in rows) == 3
        assert sum(row["counts"]["votes"] for row in rows) == 3

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

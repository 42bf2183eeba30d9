"""The history generator: realistic past days, on the site calendars, with their rollups."""

import collections
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.compute import GROUPS, ReportQuery, compute_report
from reports.overview import OverviewQuery, compute_overview
from server.db import make_engine
from server.demo_history import generate_history
from server.engine.calendar import calendar_for
from server.engine.days import VIETNAM
from server.models import DAY_OFF, CalendarDay, Counter, Service, Site, Ticket, TicketEvent, Vote
from server.provision import migrate
from tests.support.tiers import POSTGRES

from .conftest import database_url

NOW = datetime(2026, 5, 6, 3, 0, tzinfo=UTC)  # Wednesday 6/5/2026, 10:00 in Hà Nội
FIRST, LAST = date(2026, 4, 6), date(2026, 5, 5)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def history(request, tmp_path_factory):
    with ExitStack() as stack:
        url = database_url(request.param, tmp_path_factory.mktemp("history"), stack)
        migrate(url)
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            old = Site(code="OLD", name="Trung tâm có sẵn", works_saturday=True)
            session.add(old)
            session.flush()
            field = Service(site_id=old.id, code="HT", name="Hộ tịch", target_wait_s=900)
            session.add(Counter(site_id=old.id, number=1, name="Quầy 1", services=[field]))
            session.add(CalendarDay(day=date(2026, 4, 20), kind=DAY_OFF, name="Nghỉ bù"))
            session.commit()
            summary = generate_history(session, 3, 30, 40, seed=5, now=NOW)
            yield session, summary
        engine.dispose()


def test_sites_are_filled_on_their_working_days_only(history):
    session, summary = history
    assert summary.sites_created == 2 and summary.days == (FIRST, LAST)
    days = session.execute(select(Ticket.site_id, Ticket.service_day).distinct()).all()
    for site in session.scalars(select(Site)):
        calendar = calendar_for(session, site)
        worked = {day for site_id, day in days if site_id == site.id}
        expected = {FIRST + timedelta(days=n) for n in range(30)
                    if calendar.is_working_day(FIRST + timedelta(days=n))}
        assert worked == expected, site.code
    old = session.scalar(select(Site).where(Site.code == "OLD"))
    assert (old.id, date(2026, 4, 11)) in days  # the existing site works Saturdays
    assert date(2026, 4, 30) not in {day for _site, day in days}  # 30/4 holiday
    assert date(2026, 4, 20) not in {day for _site, day in days}  # announced day off


def test_days_have_a_morning_peak_no_shows_transfers_and_happy_votes(history):
    session, summary = history
    assert summary.tickets == session.scalar(select(func.count()).select_from(Ticket))
    hours = collections.Counter(issued.astimezone(VIETNAM).hour
                    for issued in session.scalars(select(Ticket.issued_at)))
    assert max(hours, key=hours.get) in (8, 9) and hours[8] > hours[15]
    statuses = dict(session.execute(select(Ticket.status, func.count())
                                    .group_by(Ticket.status)).all())
    assert statuses["done"] > 0.8 * summary.tickets and statuses["no_show"] > 0
    assert session.scalar(select(func.count()).where(TicketEvent.kind == "transferred")) > 0
    assert session.scalar(select(func.count()).where(Ticket.priority.is_(True))) > 0
    ratings = dict(session.execute(select(Vote.rating, func.count())
                                   .group_by(Vote.rating)).all())
    assert ratings[4] > ratings.get(3, 0) > ratings.get(1, 0)
    services = session.execute(select(Ticket.service_id, func.count()).group_by(
        Ticket.service_id)).all()
    assert len(services) >= 4


def test_generated_rollups_answer_like_the_raw_tickets(history):
    session, _summary = history
    for group in GROUPS:
        for per_day in (False, True):
            for start, end in ((FIRST, LAST), (date(2026, 4, 14), date(2026, 4, 24))):
                query = ReportQuery(start, end, group, None, per_day)
                assert compute_report(session, query, NOW) == compute_report(
                    session, query, NOW, rollups=False), (group, per_day)


@pytest.mark.parametrize("trend", ["week", "month"])
def test_generated_overview_trend_answers_like_the_raw_tickets(history, trend):
    """The overview reads rollups per trend bucket: every working day of a month of history
    must land in its own week or month, at each bucket's edges too."""
    session, _summary = history
    for start, end in ((FIRST, LAST), (date(2026, 4, 12), date(2026, 5, 3))):
        query = OverviewQuery(start, end, trend=trend)
        from_rollups = compute_overview(session, query, LAST, NOW)
        assert len(from_rollups["trend"]) >= 2
        assert from_rollups == compute_overview(session, query, LAST, NOW, rollups=False)


def test_a_second_run_keeps_the_days_already_filled(history):
    session, summary = history
    again = generate_history(session, 3, 30, 40, seed=6, now=NOW)
    assert (again.tickets, again.sites_created) == (0, 0)
    assert session.scalar(select(func.count()).select_from(Ticket)) == summary.tickets

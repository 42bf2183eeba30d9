"""Rollups give exactly the raw tickets' answers: kept live by the engine, and rebuilt.

Random days go through the real engine on SQLite and PostgreSQL; every group, with and
without per-day rows, over every period of the simulated days is compared field by field
with the raw tally.
"""

import math
import threading
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.compute import GROUPS, ReportQuery, compute_report
from server.db import make_engine
from server.engine.rollups import Rollup, empty_measures, rebuild
from server.models import ReportRollup, Site, Ticket, Vote
from server.models.ticket import DONE
from server.provision import migrate
from tests.support.tiers import POSTGRES

from .conftest import database_url
from .simulation import DAYS, FIRST_DAY, simulate

# Simulated days through the real engine, compared for every group and period: seconds each.
pytestmark = [pytest.mark.live, pytest.mark.slow]
LAST_DAY = FIRST_DAY + timedelta(days=DAYS - 1)
PERIODS = [(FIRST_DAY + timedelta(days=a), FIRST_DAY + timedelta(days=b))
           for a in range(DAYS) for b in range(a, DAYS)]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def simulated(request, tmp_path_factory):
    with ExitStack() as stack:
        yield stack.enter_context(_simulation(
            database_url(request.param, tmp_path_factory.mktemp("rollups"), stack)))


@contextmanager
def _simulation(url: str):
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        now = simulate(session, seed=15)
        yield session, now
    engine.dispose()


def _assert_same_answers(session, now) -> None:
    sites = session.scalars(select(Site.id).order_by(Site.id)).all()
    for group in GROUPS:
        for per_day in (False, True):
            for site_ids in (None, (sites[1],)):
                for start, end in PERIODS:
                    query = ReportQuery(start, end, group, site_ids, per_day)
                    assert compute_report(session, query, now) == compute_report(
                        session, query, now, rollups=False), (group, per_day, start, end)


def test_the_simulation_covers_what_rollups_must_handle(simulated):
    session, _now = simulated
    statuses = dict(session.execute(
        select(Ticket.status, func.count()).group_by(Ticket.status)).all())
    assert statuses["done"] > 50 and statuses["no_show"] and statuses["expired"]
    # A night without rollover at one site: a closed day still holds open tickets.
    assert session.scalar(select(func.count()).where(
        Ticket.service_day < LAST_DAY - timedelta(days=1), Ticket.status == "waiting"))
    assert session.scalar(select(func.count()).where(Ticket.transfer_count > 0))
    assert session.scalar(select(func.count()).select_from(ReportRollup)) > 20


def test_live_rollups_answer_like_raw_tickets_for_every_group_and_period(simulated):
    _assert_same_answers(*simulated)


def test_rollups_count_what_sql_counts_in_the_raw_tickets(simulated):
    """Both answers above share the measures' definitions; here SQL counts independently."""
    session, now = simulated
    total = compute_report(session, ReportQuery(FIRST_DAY, LAST_DAY, "site"), now)["total"]

    def tickets(*where):
        return session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.service_day.between(FIRST_DAY, LAST_DAY), *where))

    assert total["issued"] == tickets() > 50
    assert total["served"] == tickets(Ticket.status == DONE)
    assert total["no_show"] == tickets(Ticket.status == "no_show")
    assert total["transferred"] == tickets(Ticket.transfer_count > 0)
    assert total["recalled"] == session.scalar(select(func.coalesce(
        func.sum(Ticket.recall_count), 0)).where(Ticket.service_day.between(FIRST_DAY, LAST_DAY)))
    assert sum(total["votes"].values()) == session.scalar(
        select(func.count()).select_from(Vote).join(Ticket, Ticket.id == Vote.ticket_id)
        .where(Ticket.service_day.between(FIRST_DAY, LAST_DAY)))


def test_rebuilt_rollups_answer_like_raw_tickets(simulated):
    session, now = simulated
    rows = session.scalar(select(func.count()).select_from(ReportRollup))
    assert rebuild(session) == session.scalar(select(func.count()).where(
        Ticket.status.not_in(("waiting", "called", "serving"))))
    assert session.scalar(select(func.count()).select_from(ReportRollup)) > rows / 2
    _assert_same_answers(session, now)
    session.rollback()


def test_p90_is_the_nearest_rank_of_whole_seconds_of_the_raw_tickets(simulated):
    session, now = simulated
    waits = sorted(math.floor((called - issued).total_seconds()) for called, issued in
                   session.execute(select(Ticket.called_at, Ticket.issued_at)
                                   .where(Ticket.called_at.is_not(None))))
    services = sorted(math.floor((finished - (started or called)).total_seconds())
                      for finished, started, called in session.execute(
                          select(Ticket.finished_at, Ticket.started_at, Ticket.called_at)
                          .where(Ticket.status == DONE)))
    total = compute_report(session, ReportQuery(FIRST_DAY, LAST_DAY, "site"), now)["total"]
    assert total["p90_wait_s"] == waits[math.ceil(0.9 * len(waits) - 1e-9) - 1]
    assert total["p90_service_s"] == services[math.ceil(0.9 * len(services) - 1e-9) - 1]


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def test_concurrent_closes_on_one_row_all_land(kind, tmp_path):
    """Writers adding to the same rollup row at once: none of their figures is lost."""
    with ExitStack() as stack:
        _add_at_once(database_url(kind, tmp_path, stack))


def _add_at_once(url: str) -> None:
    migrate(url)
    key = (FIRST_DAY - timedelta(days=30), 999, 1, 1, 1, 0)
    engines = [make_engine(url) for _ in range(4)]
    barrier = threading.Barrier(len(engines))
    errors = []

    def add_many(engine, index):
        try:
            barrier.wait()
            for step in range(10):
                with Session(engine) as session:
                    rollup = Rollup()
                    measures = empty_measures()
                    measures.update(issued=1, wait_count=1, wait_sum_us=1_000_000 + step,
                                    wait_seconds=str(index).zfill(7))
                    rollup.add(key, measures)
                    rollup.write(session)
                    session.commit()
        except Exception as error:  # reported below: the assertion names it
            errors.append(error)

    threads = [threading.Thread(target=add_many, args=(engine, index))
               for index, engine in enumerate(engines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Session(engines[0]) as session:
        row = session.get(ReportRollup, key)
        assert not errors
        assert (row.issued, row.wait_count, len(row.wait_seconds)) == (40, 40, 280)
        assert row.wait_sum_us == 4 * sum(1_000_000 + step for step in range(10))
        assert sorted(row.wait_seconds[i:i + 7] for i in range(0, 280, 7)) == sorted(
            str(index).zfill(7) for index in range(4) for _ in range(10))
    for engine in engines:
        engine.dispose()

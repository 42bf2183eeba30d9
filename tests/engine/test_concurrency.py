"""Several processes issuing at once: numbers stay unique and contiguous on both databases."""

import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from server.db import make_engine, make_session_factory
from server.engine import issue_ticket
from server.models import Base, Site, Ticket
from tests.support.engine import add_site
from tests.support.postgres import temporary_database

pytestmark = pytest.mark.live

WORKERS = 4
PER_WORKER = 25


def _issue_many(url: str, count: int, start_barrier) -> list[str]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    start_barrier.wait()
    numbers = []
    for _ in range(count):
        with factory() as session:
            site = session.scalars(select(Site)).one()
            numbers.append(issue_ticket(session, site, "DD").ticket.number)
            session.commit()
    engine.dispose()
    return numbers


def _prepare(url: str) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with make_session_factory(engine)() as session:
        add_site(session, code="DD", name="Đất đai", number_start=1001, number_end=1999)
        session.commit()
    engine.dispose()


def _run_processes(url: str) -> list[str]:
    _prepare(url)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(WORKERS)
        with context.Pool(WORKERS) as pool:
            results = pool.starmap(_issue_many, [(url, PER_WORKER, barrier)] * WORKERS)
    return [number for numbers in results for number in numbers]


def _assert_unique_and_contiguous(url: str, answered: list[str]) -> None:
    expected = [str(1001 + i) for i in range(WORKERS * PER_WORKER)]
    assert sorted(answered) == expected
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        stored = session.scalars(select(Ticket.number).order_by(Ticket.sequence)).all()
    engine.dispose()
    assert stored == expected


@pytest.mark.slow
def test_processes_issue_unique_contiguous_numbers_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    _assert_unique_and_contiguous(url, _run_processes(url))


@pytest.mark.postgres
@pytest.mark.slow
def test_processes_issue_unique_contiguous_numbers_on_postgresql():
    with temporary_database() as url:
        _assert_unique_and_contiguous(url, _run_processes(url))


@pytest.mark.postgres
@pytest.mark.slow
def test_threads_in_one_process_share_the_sequence_on_postgresql():
    with temporary_database() as url:
        _prepare(url)
        engine = make_engine(url, pool_size=8)
        factory = make_session_factory(engine)

        def issue_one(_):
            with factory() as session:
                site = session.scalars(select(Site)).one()
                number = issue_ticket(session, site, "DD").ticket.number
                session.commit()
                return number

        with ThreadPoolExecutor(8) as pool:
            numbers = list(pool.map(issue_one, range(80)))
        engine.dispose()
        assert sorted(numbers) == [str(1001 + i) for i in range(80)]


def test_concurrent_kiosks_over_http_get_unique_contiguous_numbers(api, centre):
    kiosks = [centre.add_device("kiosk", f"Kiosk {n}") for n in range(4)]
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda n: api.issue(kiosks[n % 4], "DD"), range(40)))
    assert [response.status_code for response in responses] == [201] * 40
    numbers = sorted(int(response.json()["number"]) for response in responses)
    assert numbers == list(range(numbers[0], numbers[0] + 40))


def _wait_until_a_backend_waits_on_a_lock(engine, timeout_s: float = 10.0) -> None:
    """Block until some other connection of this database is waiting on a row lock, so the
    test's commit happens while the racing transaction is really parked behind it."""
    deadline = time.monotonic() + timeout_s
    with engine.connect() as probe:
        while time.monotonic() < deadline:
            waiting = probe.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            probe.rollback()
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError("the racing transaction never blocked on the day's sequence row")


@pytest.mark.postgres
@pytest.mark.slow
def test_a_concurrent_retry_of_one_request_conflicts_then_replays_on_postgresql():
    """What POST /api/v1/tickets relies on: the loser of a same-request_id race gets an
    IntegrityError (numbering rolled back with it), and a second try replays the winner."""
    with temporary_database() as url:
        _prepare(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with factory() as first, factory() as second:
            site_a, site_b = (s.scalars(select(Site)).one() for s in (first, second))
            winner = issue_ticket(first, site_a, "DD", request_id="same-tap-123").ticket
            with ThreadPoolExecutor(1) as pool:
                # Blocks on the day's sequence row until the first transaction commits.
                loser = pool.submit(issue_ticket, second, site_b, "DD", request_id="same-tap-123")
                _wait_until_a_backend_waits_on_a_lock(engine)
                first.commit()
                with pytest.raises(IntegrityError):
                    loser.result(timeout=10)
            second.rollback()
            replay = issue_ticket(second, site_b, "DD", request_id="same-tap-123")
            assert replay.replayed and replay.ticket.id == winner.id
            assert issue_ticket(second, site_b, "DD").ticket.number == "1002"  # no gap
            second.commit()
        engine.dispose()

"""Two simultaneous votes for one visit on PostgreSQL: the unique ticket_id lets one through."""

import threading
import time

import pytest
from sqlalchemy import func, select, text

from server import engine
from server.db import make_engine, make_session_factory
from server.demo import seed_demo
from server.engine import Actor, QueueError, issue_ticket
from server.engine.votes import record_vote
from server.models import Counter, Site, User, Vote
from server.provision import migrate
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def pg_sessions():
    with temporary_database() as url:
        migrate(url)
        db_engine = make_engine(url)
        yield make_session_factory(db_engine)
        db_engine.dispose()


def _finished_visit(sessions) -> int:
    with sessions() as session:
        seed_demo(session, "demo-pass-123", timetable=False)  # DD takes tickets at any hour
        site = session.scalar(select(Site).where(Site.code == "TPBK"))
        desk = session.scalar(select(Counter).where(Counter.site_id == site.id,
                                                    Counter.number == 1))
        clerk = Actor(user_id=session.scalar(select(User.id).where(User.username == "quay1")))
        issue_ticket(session, site, "DD")
        engine.call_next(session, desk, clerk)
        engine.finish(session, desk, clerk)
        session.commit()
        return desk.id


def _wait_until_blocked(sessions, deadline_s=10.0):
    """Wait until some connection waits on a lock (the second vote's insert)."""
    end = time.monotonic() + deadline_s
    with sessions() as probe:
        while time.monotonic() < end:
            if probe.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
                return
            probe.rollback()
            time.sleep(0.02)
    raise AssertionError("the second vote never waited on the first")


def test_second_concurrent_vote_hits_the_unique_ticket_and_gets_409(pg_sessions):
    counter_id = _finished_visit(pg_sessions)
    outcome = {}

    def second_vote():
        with pg_sessions() as session:
            try:
                record_vote(session, session.get(Counter, counter_id), 1)
                session.commit()
                outcome["second"] = "stored"
            except QueueError as error:
                outcome["second"] = error.code

    with pg_sessions() as first:
        record_vote(first, first.get(Counter, counter_id), 4)  # inserted, not yet committed
        racer = threading.Thread(target=second_vote)
        racer.start()
        _wait_until_blocked(pg_sessions)
        first.commit()
    racer.join(10)
    assert outcome == {"second": "already_voted"}
    with pg_sessions() as session:
        assert session.scalars(select(Vote.rating)).all() == [4]
        assert session.scalar(select(func.count()).select_from(Vote)) == 1

"""Recalls per counter: how many times the tickets were called again, in every report."""

from datetime import timedelta

from sqlalchemy import select, text

from reports.compute import ReportQuery, compute_report
from reports.export import headings, table
from server import engine
from server.engine import Actor, issue_ticket
from server.models import ReportRollup
from server.provision import migrate
from tests.support import engine as engine_fixtures
from tests.support.engine import MORNING, counter

session, site = engine_fixtures.session, engine_fixtures.site  # the engine's fixtures
CLERK = Actor(user_id=1)


def serve_with_recalls(session, site) -> None:
    """Counter 1 recalls its first ticket twice and its second once; counter 2 never."""
    for seconds in (0, 1, 2):
        issue_ticket(session, site, "DD", now=MORNING + timedelta(seconds=seconds))
    desk, other = counter(session, site, 1), counter(session, site, 2)
    at = MORNING + timedelta(minutes=5)
    engine.call_next(session, desk, CLERK, now=at, debounce_s=0)
    engine.recall(session, desk, CLERK, now=at)
    engine.recall(session, desk, CLERK, now=at)
    engine.call_next(session, desk, CLERK, now=at + timedelta(minutes=1), debounce_s=0)
    engine.recall(session, desk, CLERK, now=at + timedelta(minutes=1))
    engine.call_next(session, other, Actor(user_id=2), now=at, debounce_s=0)
    engine.finish(session, desk, CLERK, now=at + timedelta(minutes=2))
    session.commit()


def recalls(session, rollups: bool) -> dict:
    day = MORNING.date()
    report = compute_report(session, ReportQuery(day, day, "counter"), MORNING, rollups=rollups)
    return {row["key"]: row["recalled"] for row in report["rows"]} | {
        "total": report["total"]["recalled"]}


def test_recalls_count_at_their_counter_from_rollups_and_raw_alike(session, site):
    serve_with_recalls(session, site)
    assert recalls(session, rollups=True) == {"S1/1": 3, "S1/2": 0, "S1/3": 0, "total": 3}
    assert recalls(session, rollups=False) == recalls(session, rollups=True)
    rolled = session.scalar(select(ReportRollup.recalled).where(ReportRollup.counter_id
                                                                == counter(session, site, 1).id))
    assert rolled == 3


def test_the_export_heads_and_fills_a_recalls_column(session, site):
    serve_with_recalls(session, site)
    day = MORNING.date()
    report = compute_report(session, ReportQuery(day, day, "counter"), MORNING)
    column = headings(report).index("Số lần gọi lại")
    assert [row[column] for row in table(report)] == [3, 0, 0, 3]


def test_an_upgrade_fills_the_recalls_of_recorded_days(session, site, tmp_path):
    serve_with_recalls(session, site)
    session.execute(text("ALTER TABLE report_rollups DROP COLUMN recalled"))
    for later in ("webhook_deliveries", "webhook_endpoints"):  # the upgrade creates them
        session.execute(text(f"DROP TABLE {later}"))
    session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
    session.execute(text("INSERT INTO alembic_version VALUES ('0020_citizens')"))
    session.commit()
    session.close()
    migrate(f"sqlite:///{tmp_path / 'engine.sqlite3'}")
    assert session.scalar(select(text("sum(recalled)")).select_from(ReportRollup)) == 3

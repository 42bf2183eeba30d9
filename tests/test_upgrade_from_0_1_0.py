"""A centre's 0.1.0 database upgrades to this release with every ticket and vote intact.

``tests/fixtures/centre-0.1.0.sqlite3`` was written by release 0.1.0 (``qms init --demo``, then a
morning of visits through its engine on 25/11/2026: 40 tickets, 15 calls, one no-show, 6 votes).
It is the file a centre has on disk; PostgreSQL centres get the same rows copied into a 0.1.0
schema. Both are upgraded to head, then checked and used.
"""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Boolean, MetaData, create_engine, func, select
from sqlalchemy.orm import Session

from server.auth.passwords import verify_password
from server.engine.issue import issue_ticket
from server.models import Site, Ticket, TicketEvent, User, Vote
from server.provision import MIGRATIONS, migrate
from tests.support.postgres import temporary_database

FIXTURE = Path(__file__).parent / "fixtures" / "centre-0.1.0.sqlite3"
FIXTURE_DAY = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội, the fixture's day
RELEASED_HEAD = "0001"


def _released_rows(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = {
            "tickets": sorted(tuple(row) for row in connection.execute(
                select(Ticket.id, Ticket.number, Ticket.status, Ticket.service_id,
                       Ticket.service_day, Ticket.public_code))),
            "votes": sorted(tuple(row) for row in connection.execute(
                select(Vote.ticket_id, Vote.rating, Vote.reason, Vote.counter_id))),
            "events": connection.scalar(select(func.count()).select_from(TicketEvent)),
        }
    engine.dispose()
    return rows


def _check_upgraded(url: str, before: dict) -> None:
    migrate(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
            == _head()
    assert _released_rows(url) == before
    with Session(engine) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        assert verify_password(admin.password_hash, "mat-khau-0-1-0")
        site = session.scalar(select(Site).where(Site.code == "TPBK"))
        service = site.services[0]
        last = session.scalar(select(func.max(Ticket.sequence)).where(
            Ticket.service_id == service.id, Ticket.service_day == FIXTURE_DAY.date()))
        ticket = issue_ticket(session, site, service.code, now=FIXTURE_DAY).ticket
        assert ticket.sequence == last + 1
        session.commit()
    engine.dispose()


def _head() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def _fixture_rows() -> dict:
    return _released_rows(f"sqlite:///{FIXTURE}")


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.live
def test_fixture_is_a_0_1_0_database():
    engine = create_engine(f"sqlite:///{FIXTURE}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
            == RELEASED_HEAD
    engine.dispose()
    rows = _fixture_rows()
    assert len(rows["tickets"]) == 40 and len(rows["votes"]) == 6


def test_sqlite_centre_upgrades_and_numbering_goes_on(tmp_path):
    database = tmp_path / "qms.sqlite3"
    shutil.copy(FIXTURE, database)
    _check_upgraded(f"sqlite:///{database}", _fixture_rows())


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.live
def test_postgresql_centre_upgrades_and_numbering_goes_on():
    with temporary_database() as url:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(config, RELEASED_HEAD)
        _copy_rows(f"sqlite:///{FIXTURE}", url)
        _check_upgraded(url, _fixture_rows())


def _copy_rows(source_url: str, target_url: str) -> None:
    source, target = create_engine(source_url), create_engine(target_url)
    source_tables, target_tables = MetaData(), MetaData()
    source_tables.reflect(source)
    target_tables.reflect(target)
    with source.connect() as reading, target.begin() as writing:
        # Counters and tickets point at each other: load with foreign-key triggers off, as
        # pg_restore does for a data-only dump.
        writing.exec_driver_sql("SET session_replication_role = replica")
        for table in target_tables.tables.values():
            if table.name == "alembic_version":
                continue
            booleans = {column.name for column in table.columns
                        if isinstance(column.type, Boolean)}
            rows = [{key: bool(value) if key in booleans and value is not None else value
                     for key, value in row._mapping.items()}
                    for row in reading.execute(select(source_tables.tables[table.name]))]
            if rows:
                writing.execute(table.insert(), rows)
            if "id" in table.columns:
                writing.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table.name}))")
    source.dispose()
    target.dispose()

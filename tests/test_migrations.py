"""Migrations build exactly the schema the models describe, on both databases."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text

from server.models import Base
from server.provision import MIGRATIONS, migrate
from tests.support.postgres import temporary_database


def _differences(url: str) -> list:
    migrate(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    return differences


def test_sqlite_schema_matches_models(tmp_path):
    assert _differences(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.live
def test_postgresql_schema_matches_models():
    with temporary_database() as url:
        assert _differences(url) == []


def test_upgrade_is_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
    migrate(url)
    migrate(url)  # a second `qms init` on an existing centre keeps its data
    assert _differences(url) == []


def _sqlite_at(tmp_path, revision: str) -> tuple[str, Engine]:
    """Return an SQLite database (its address and an engine) migrated up to ``revision``
    only, as a running centre's was: the next upgrade must keep its rows."""
    url = f"sqlite:///{tmp_path / 'running.sqlite3'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, revision)
    return url, create_engine(url)


def _add_old_site(connection, notice: str = "", footer: str = "") -> None:
    """Add the site ``OLD`` with the columns the first release had."""
    connection.execute(text(
        "INSERT INTO sites (code, name, address, rollover_at, priority_policy, priority_ratio, "
        "notice, announcement_template, ticket_footer, active) VALUES ('OLD', "
        "'Bộ phận Một cửa', '', '00:00:00', 'strict', 3, :notice, '', :footer, 1)"),
        {"notice": notice, "footer": footer})


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.live
def test_sites_of_a_running_centre_get_a_tier_and_formal_address(tmp_path):
    url, engine = _sqlite_at(tmp_path, "0001")  # a centre on the first release
    with engine.begin() as connection:
        _add_old_site(connection, notice="n", footer="f")
    migrate(url)
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT code, name, notice, tier, citizen_address FROM sites")).one()
    engine.dispose()
    assert tuple(row) == ("OLD", "Bộ phận Một cửa", "n", "commune", "quy_khach")


def test_district_procedures_of_a_running_centre_become_commune_ones(tmp_path):
    url, engine = _sqlite_at(tmp_path, "0011_booked_appointments_index")  # before the two tiers
    with engine.begin() as connection:
        for code, level in (("1.000001", "district"), ("1.000002", "province")):
            connection.execute(text(
                "INSERT INTO procedures (code, name, level, documents, processing_days, fee, "
                "legal_basis, submit_at, online_url, keywords, search_text, active, updated_at) "
                f"VALUES ('{code}', 'Thủ tục', '{level}', '[]', 3, '', '', '', '', '', '', 1, "
                "'2025-06-30 00:00:00')"))
    migrate(url)
    with engine.begin() as connection:
        rows = connection.execute(text(
            "SELECT code, level, processing_days FROM procedures ORDER BY code")).all()
        connection.execute(text("UPDATE procedures SET processing_days = 0.5"))
        halves = connection.execute(text("SELECT processing_days FROM procedures")).scalars()
        assert set(halves) == {0.5}  # the column now keeps half days
    engine.dispose()
    assert [tuple(row) for row in rows] == [("1.000001", "commune", 3), ("1.000002", "province", 3)]


def test_dossiers_of_a_running_centre_are_due_at_the_close_of_their_due_date(tmp_path):
    url, engine = _sqlite_at(tmp_path, "0021_rollup_recalls")  # before the legal clock
    with engine.begin() as connection:
        _add_old_site(connection)
        connection.execute(text(
            "INSERT INTO dossiers (code, site_id, procedure_code, procedure_name, "
            "applicant_name, phone, source, received_at, processing_days, due_date, "
            "due_override_reason, status, status_reason, status_changed_at) VALUES "
            "('261207-AAAA', 1, '', 'Thủ tục', 'A', '', 'counter', '2026-12-07 02:00:00', 2, "
            "'2026-12-09', '', 'received', '', '2026-12-07 02:00:00')"))
    migrate(url)
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT due_at, original_due_at, extension_reason, processing_days FROM dossiers"
        )).one()
    engine.dispose()
    # 17:00 in Hà Nội on the due date; never extended.
    assert tuple(row) == ("2026-12-09 10:00:00.000000", None, "", 2)

"""Migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from server.models import Base
from server.provision import migrate
from tests.support.postgres import temporary_database
from tests.support.services import require_postgres


def _differences(url: str) -> list:
    migrate(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    return differences


def test_sqlite_schema_matches_models(tmp_path):
    assert _differences(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


def test_postgresql_schema_matches_models():
    require_postgres()
    with temporary_database() as url:
        assert _differences(url) == []


def test_upgrade_is_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
    migrate(url)
    migrate(url)  # a second `qms init` on an existing centre keeps its data
    assert _differences(url) == []

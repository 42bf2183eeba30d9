"""Engine fixtures and helpers: a real SQLite database file built from the models, a small site."""

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.db import make_engine, make_session_factory
from server.models import Base, Counter, Service, Site, User

# 09:00 in Hà Nội on a Wednesday.
MORNING = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


DATABASE_FILE = "engine.sqlite3"
_empty: Path | None = None  # the folder of an empty database built from the models, once a run


def empty_database(folder: Path) -> str:
    """The URL of a fresh database in ``folder`` with every table of the models and no row.

    The first is built with ``create_all`` (about 30 ms of DDL); later ones are its copy.
    """
    global _empty
    if _empty is None:
        template = Path(tempfile.mkdtemp(prefix="qms-empty-schema-"))
        engine = make_engine(f"sqlite:///{template / DATABASE_FILE}")
        Base.metadata.create_all(engine)
        engine.dispose()
        _empty = template
    for path in _empty.glob(f"{DATABASE_FILE}*"):  # the database and any WAL beside it
        shutil.copyfile(path, folder / path.name)
    return f"sqlite:///{folder / DATABASE_FILE}"


@pytest.fixture
def session(tmp_path):
    engine = make_engine(empty_database(tmp_path))
    factory = make_session_factory(engine)
    with factory() as session:
        yield session
    engine.dispose()


@pytest.fixture
def site(session):
    """A site with land (DD, 1001…) and civil status (HT, A001…) and three counters."""
    site = Site(code="S1", name="Một cửa thử nghiệm")
    session.add(site)
    session.flush()
    land = Service(site_id=site.id, code="DD", name="Đất đai", number_start=1001,
                   number_end=1999, sort_order=0)
    civil = Service(site_id=site.id, code="HT", name="Hộ tịch", prefix="A", number_start=1,
                    number_end=999, number_width=3, sort_order=1)
    session.add_all([land, civil])
    session.flush()
    session.add_all([
        Counter(site_id=site.id, number=1, name="Quầy 1", services=[land]),
        Counter(site_id=site.id, number=2, name="Quầy 2", services=[land, civil]),
        Counter(site_id=site.id, number=3, name="Quầy 3", services=[civil]),
    ])
    for n in (1, 2, 3):
        session.add(User(username=f"clerk{n}", password_hash="x", role="clerk", site_id=site.id))
    session.commit()
    return site


def add_site(session, **service) -> Site:
    """Add site S1 with one service (``service``: its code, name, numbering); flushed."""
    site = Site(code="S1", name="Một cửa thử nghiệm")
    session.add(site)
    session.flush()
    session.add(Service(site_id=site.id, **service))
    session.flush()
    return site


def counter(session, site, number):
    return next(c for c in site.counters if c.number == number)


def back_to_revision(session, url: str, revision: str) -> None:
    """Make a database built from today's models look like one at ``revision``.

    It is stamped at the head, then Alembic's own downgrades undo every later revision, so a
    test of one upgrade does not depend on the revisions that came after it.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from server.provision import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    head = ScriptDirectory.from_config(config).get_current_head()
    session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
    session.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": head})
    session.commit()
    session.close()
    command.downgrade(config, revision)

"""Databases holding the generated report data set: SQLite and PostgreSQL."""

from contextlib import ExitStack, contextmanager

import pytest
from sqlalchemy.orm import Session

from server.db import make_engine
from server.engine.rollups import rebuild
from server.provision import migrate
from tests.support.browser import log_in
from tests.support.clients import Api
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer
from tests.support.tiers import POSTGRES

from .dataset import PASSWORD, build


def database_url(kind: str, folder, stack: ExitStack) -> str:
    """Return the address of a fresh empty database: an SQLite file in ``folder``, or (``kind``
    "postgresql") a temporary PostgreSQL database entered on ``stack``, skipped if that server
    is unreachable."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'qms.sqlite3'}"
    return stack.enter_context(temporary_database())


@contextmanager
def loaded(url: str):
    """Migrate ``url``, load the data set (rows written directly, as an import does, then
    the rollups rebuilt), and yield an open session on it."""
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        build(session)
        rebuild(session)
        session.commit()
        yield session
    engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=POSTGRES)])
def report_session(request, tmp_path_factory):
    """A session on the data set, once on SQLite and once on PostgreSQL."""
    with ExitStack() as stack:
        url = database_url(request.param, tmp_path_factory.mktemp("reports"), stack)
        yield stack.enter_context(loaded(url))


def show_report(page, report_api, group: str) -> None:
    """Sign in to the report page and show the data set's 2–3/3/2026 per ``group``."""
    log_in(page, report_api.base_url, "manager-all", PASSWORD, "/reports/")
    page.fill("input[name=from]", "2026-03-02")
    page.fill("input[name=to]", "2026-03-03")
    page.select_option("select[name=group]", group)
    page.click("#report-form button[type=submit]")
    page.wait_for_function("group => (document.body.dataset.loaded || '').includes("
                           "'from=2026-03-02') && document.body.dataset.loaded.includes("
                           "'group=' + group)", arg=group)


@pytest.fixture(scope="module")
def report_api(tmp_path_factory):
    """A live server over the data set (SQLite), with an API client."""
    instance = tmp_path_factory.mktemp("report-instance")
    with loaded(f"sqlite:///{instance / 'qms.sqlite3'}"):
        pass
    server = LiveServer(instance).start()
    yield Api(server.url)
    server.stop()


@pytest.fixture(scope="module")
def manager(report_api):
    return report_api.staff_token("manager-all", PASSWORD)

"""Database engine and sessions: SQLite tuned for durability, or PostgreSQL."""

import logging

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

log = logging.getLogger(__name__)


def make_engine(url: str, *, busy_timeout_ms: int = 10000, connect_timeout_s: int = 5,
                pool_size: int = 15, **kwargs) -> Engine:
    """Create an engine; SQLite gets WAL, FULL sync, a busy timeout and BEGIN IMMEDIATE;
    PostgreSQL gets pre-ping and a connect timeout, so an outage fails fast and heals, and
    keeps ``pool_size`` connections open (SQLite keeps its one).
    """
    if url.startswith("sqlite"):
        # One connection per process: SQLite has one writer anyway, and queueing on the pool
        # (green-aware under eventlet/gevent) beats blocking the whole hub in the busy handler.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_timeout", 30)
        engine = create_engine(
            url, poolclass=QueuePool,
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
            **kwargs,
        )
        _tune_sqlite(engine, busy_timeout_ms)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("max_overflow", 5)  # beyond the pool: opened for a burst, closed after
    if url.startswith("postgresql"):
        kwargs.setdefault("connect_args", {"connect_timeout": connect_timeout_s})
    return create_engine(url, pool_size=pool_size, **kwargs)


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take transaction control from pysqlite so BEGIN IMMEDIATE below is the one sent.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # Writers queue on the database lock up front instead of failing on upgrade.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to ``engine`` that keeps objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)

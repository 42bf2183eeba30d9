"""Backing up and restoring a centre's database.

SQLite is copied with its online backup API: a consistent snapshot while the server keeps
serving. PostgreSQL is handed to its own tools, ``pg_dump`` and ``pg_restore``, in their custom
format; they must be installed where ``qms`` runs.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with a message for the operator."""


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` (a new, private file)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"tệp {target} đã có; chọn tên khác / {target} exists; choose another")
    target.parent.mkdir(parents=True, exist_ok=True)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(Path(url.database), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target),
              _libpq_dsn(database_url)])
    os.chmod(target, 0o600)


def restore(database_url: str, source: Path, *, force: bool = False) -> None:
    """Replace the database with the backup in ``source``; refuse to overwrite data unforced."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"không có tệp {source} / no file {source}")
    if not force and holds_data(database_url):
        raise BackupError("cơ sở dữ liệu đang có dữ liệu; thêm --force để ghi đè / "
                          "the database holds data; add --force to overwrite it")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _copy_sqlite(source, Path(url.database))
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq_dsn(database_url), str(source)])


def holds_data(database_url: str) -> bool:
    """Tell whether the database already has a centre in it (any site)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("sites"):
                return False
            return connection.execute(text("SELECT 1 FROM sites LIMIT 1")).first() is not None
    finally:
        engine.dispose()


def _copy_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()


def _check_sqlite_backup(source: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            healthy = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} không phải bản sao lưu qms / not a qms backup: {error}") \
            from error
    if not healthy or not {"alembic_version", "tickets", "sites"} <= tables:
        raise BackupError(f"{source} không phải bản sao lưu qms / not a qms backup")


def _libpq_dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql") \
        .render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"cần cài {command[0]} (gói postgresql-client) / "
                          f"{command[0]} is needed (package postgresql-client)")
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} thất bại / failed: {finished.stderr.strip()[-500:]}")

"""One database session per request or socket event; background tasks open their own."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g, request
from sqlalchemy.orm import Session

from .db import make_engine, make_session_factory


def init_app(app: Flask) -> None:
    """Create the engine and session factory for ``app`` and close sessions after each use."""
    engine = make_engine(app.config["DATABASE_URL"],
                         connect_timeout_s=app.config["DB_CONNECT_TIMEOUT_S"],
                         pool_size=app.config["DB_POOL_SIZE"])
    app.extensions["qms_engine"] = engine
    app.extensions["qms_sessions"] = make_session_factory(engine)
    app.teardown_appcontext(_close_session)
    app.before_request(_buffer_body)


def _buffer_body() -> None:
    # Read the body before any query: under eventlet a socket read inside a SQLite transaction
    # (which holds the write lock, see db.py) lets another request block the whole process
    # on that lock until the busy timeout.
    request.get_data(cache=True)


def db() -> Session:
    """Return this request's session, opening it on first use."""
    if "db" not in g:
        g.db = current_app.extensions["qms_sessions"]()
    return g.db


def _close_session(_error=None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()  # rolls back anything not committed


@contextmanager
def unit_of_work(app: Flask) -> Iterator[Session]:
    """Open a session outside a request: commit on success, roll back on error."""
    session = app.extensions["qms_sessions"]()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


# The files a procedure's form may be, by extension: what the admin may upload and the
# download answers with.
FORM_TYPES = {".pdf": "application/pdf", ".doc": "application/msword",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def forms_folder() -> Path:
    """Return the instance folder where uploaded procedure forms are kept."""
    return Path(current_app.instance_path) / "forms"

"""Throwaway PostgreSQL databases on the machine's server, one per test that needs one."""

import os
import uuid
from contextlib import contextmanager

import psycopg

from tests.support.services import require_postgres

ADMIN_DSN = os.environ.get("QMS_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=test")


@contextmanager
def temporary_database():
    """Create an empty database, yield its SQLAlchemy URL, drop it afterwards; skip (or fail,
    see ``skip_or_fail``) when the server is not there."""
    require_postgres()
    name = f"qms_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""The baseline that bench/bench_issue.py measures ticket issue against.

Registered only when ``QMS_BENCH_ENDPOINTS=1``; never enable it in production. Its table lives
outside the migrations (own metadata, created on registration), so the production schema never
holds it.
"""

from flask import Blueprint, Flask
from sqlalchemy import Column, Integer, MetaData, String, Table

from .models import utcnow
from .models.base import UTCDateTime
from .storage import db

bench = Blueprint("bench", __name__, url_prefix="/bench")
_metadata = MetaData()
bench_rows = Table(
    "bench_rows", _metadata,
    Column("id", Integer, primary_key=True),
    Column("note", String(32), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)


@bench.post("/insert")
def insert_one():
    """Insert one row and commit: the floor under any write endpoint of this server."""
    session = db()
    row_id = session.execute(
        bench_rows.insert().values(note="baseline", created_at=utcnow()).returning(bench_rows.c.id)
    ).scalar_one()
    session.commit()
    return {"id": row_id}, 201


def init_app(app: Flask) -> None:
    """Create the bench table and register the baseline endpoint on ``app``."""
    _metadata.create_all(app.extensions["qms_engine"])
    app.register_blueprint(bench)

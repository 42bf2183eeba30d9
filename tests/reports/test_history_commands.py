"""``qms init --demo`` comes with history; ``qms demo history`` and ``qms reports rebuild``."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.compute import ReportQuery, compute_report
from server.db import make_engine
from server.engine.days import service_day
from server.models import ReportRollup, Site, Ticket, utcnow
from tests.support.cli import qms

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.postgres]


def _counts(instance) -> tuple[int, int, int]:
    engine = make_engine(f"sqlite:///{instance / 'qms.sqlite3'}")
    with Session(engine) as session:
        counts = (session.scalar(select(func.count()).select_from(Site)),
                  session.scalar(select(func.count()).select_from(Ticket)),
                  session.scalar(select(func.sum(ReportRollup.issued))) or 0)
    engine.dispose()
    return counts


def test_demo_history_and_rebuild_from_the_command_line(tmp_path):
    init = qms(tmp_path, "init", "--demo", "--password", "mat-khau-demo")
    assert init.returncode == 0, init.stderr
    sites, tickets, rolled = _counts(tmp_path)
    assert sites == 2 and tickets > 1000 and rolled == tickets  # weeks of history, all closed

    added = qms(tmp_path, "demo", "history", "--sites", "4", "--days", "10", "--per-day", "20",
                "--seed", "3")
    assert added.returncode == 0, added.stderr
    assert "2 đơn vị mới / new sites" in added.stdout
    new_tickets = int(re.search(r"added: ([\d,]+) số", added.stdout)[1].replace(",", ""))
    assert _counts(tmp_path) == (4, tickets + new_tickets, tickets + new_tickets)

    wrong = qms(tmp_path, "reports", "rebuild", "--from", "2026-02-01", "--to", "2026-01-01")
    assert wrong.returncode != 0 and "--from" in wrong.stderr
    rebuilt = qms(tmp_path, "reports", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"{tickets + new_tickets:,} số đã xong" in rebuilt.stdout
    assert _counts(tmp_path)[2] == tickets + new_tickets

    engine = make_engine(f"sqlite:///{tmp_path / 'qms.sqlite3'}")
    with Session(engine) as session:
        today = service_day(utcnow())
        query = ReportQuery(today - timedelta(days=30), today, "counter")
        assert compute_report(session, query) == compute_report(session, query, rollups=False)
    engine.dispose()

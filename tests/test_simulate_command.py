"""``qms simulate``: files in, one CSV row per ticket out, the kiosk's own estimate."""

import csv
import io

from click.testing import CliRunner

from server import payloads
from server.cli import main
from server.engine.day_files import OUTCOME_COLUMNS
from server.simulation import simulate
from tests.engine.test_simulate import ARRIVALS, DESKS, MONDAY

ARRIVALS_CSV = ("arrived_at,service,priority,appointment_at,service_s,no_show\n"
                "08:00:00,DD,0,,600,0\n08:01:00,DD,0,,300,0\n08:02:00,HT,1,,200,1\n")
COUNTERS_CSV = "counter,services,open\n1,DD;HT,07:30-11:30;13:30-17:00\n"


def _files(tmp_path, arrivals=ARRIVALS_CSV):
    (tmp_path / "a.csv").write_text(arrivals, encoding="utf-8")
    (tmp_path / "c.csv").write_text(COUNTERS_CSV, encoding="utf-8")
    return ["simulate", "--arrivals", str(tmp_path / "a.csv"), "--counters",
            str(tmp_path / "c.csv"), "--date", "2026-11-23"]


def test_simulate_writes_one_row_per_ticket_and_a_summary(tmp_path):
    out = tmp_path / "out.csv"

    result = CliRunner().invoke(main, [*_files(tmp_path), "--out", str(out)])

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == OUTCOME_COLUMNS
    assert [(r["number"], r["called_at"], r["wait_s"]) for r in rows] == [
        ("DD1", "08:00:00", "0"), ("DD2", "08:12:00", "660"), ("HT1", "08:10:00", "480")]
    assert rows[2]["no_show"] == "1"
    assert "tickets: 3" in result.stderr


def test_a_bad_file_exits_non_zero_naming_the_row(tmp_path):
    result = CliRunner().invoke(main, _files(tmp_path, ARRIVALS_CSV + "07:00:00,DD,0,,1,0\n"))

    assert result.exit_code != 0
    assert "row 5" in result.output


def test_the_simulator_asks_the_kiosks_own_estimate(monkeypatch):
    monkeypatch.setattr(payloads.tickets, "queue_position", lambda *args: (7, 4242))

    outcomes = simulate(ARRIVALS[:2], DESKS, day=MONDAY)

    assert [o.estimate_s for o in outcomes] == [4242, 4242]


def test_simulate_replays_a_sites_own_day_without_writing_to_it(tmp_path, monkeypatch):
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from server.demo_history import generate_history
    from server.models import Site, Ticket
    from server.storage import unit_of_work
    from tests.support.centre import provision_demo

    centre = provision_demo(tmp_path / "instance")
    app = centre.app()
    with unit_of_work(app) as session:
        generate_history(session, 1, 3, 30, seed=5, now=datetime(2026, 12, 7, 3, tzinfo=UTC))
        site_code = session.scalars(select(Site).order_by(Site.id)).first().code
        before = session.scalar(select(func.count()).select_from(Ticket))
    monkeypatch.setenv("QMS_INSTANCE", str(centre.instance))
    out = tmp_path / "day.csv"

    result = CliRunner().invoke(main, ["simulate", "--from-history", site_code,
                                       "--date", "2026-12-04", "--out", str(out)])

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 30 and all(row["called_at"] for row in rows)
    with unit_of_work(app) as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == before
    app.extensions["qms_engine"].dispose()

"""``qms backup`` while kiosks issue tickets, and ``qms restore`` to exactly those tickets."""

import os
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid

import pytest
from sqlalchemy import create_engine, select

from server.engine.issue import issue_ticket
from server.models import Ticket
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.postgres import temporary_database
from tests.support.server import ROOT, LiveServer

pytestmark = [pytest.mark.live, pytest.mark.slow]


def qms(instance, *args, database_url: str | None = None):
    env = dict(os.environ, QMS_INSTANCE=str(instance), PYTHONPATH=str(ROOT),
               QMS_LOG_LEVEL="WARNING")
    if database_url:
        env["QMS_DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _tickets(database_url: str) -> list[tuple]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = sorted(tuple(row) for row in connection.execute(
            select(Ticket.id, Ticket.number, Ticket.service_id, Ticket.public_code)))
    engine.dispose()
    return rows


def _issue_until(server: LiveServer, kiosk: str, stop: threading.Event, issued: list) -> None:
    api = Api(server.url)
    while not stop.is_set():
        response = api.call("POST", "/api/v1/tickets", kiosk,
                            json={"service": "HT", "request_id": uuid.uuid4().hex})
        if response.status_code == 201:
            issued.append(response.json()["number"])


def test_backup_under_load_restores_to_the_same_tickets(tmp_path):
    centre = provision_demo(tmp_path / "centre")
    server = LiveServer(centre.instance, env={"QMS_KIOSK_RATE_LIMIT": "100000/60"}).start()
    stop, issued = threading.Event(), []
    load = threading.Thread(target=_issue_until,
                            args=(server, centre.tokens["kiosk"], stop, issued))
    load.start()
    backup_file = tmp_path / "saved" / "qms-backup.sqlite3"
    try:
        while len(issued) < 20 and load.is_alive():
            load.join(0.05)
        done = qms(centre.instance, "backup", str(backup_file))
        during = len(issued)
        while len(issued) < during + 5 and load.is_alive():  # the load outlives the backup
            load.join(0.05)
    finally:
        stop.set()
        load.join()
        server.stop()
    assert done.returncode == 0, done.stderr
    saved = _tickets(f"sqlite:///{backup_file}")
    assert 20 <= len(saved) < len(issued)
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    check = sqlite3.connect(backup_file)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    refused = qms(centre.instance, "restore", str(backup_file))
    assert refused.returncode != 0 and "--force" in refused.stderr

    fresh = tmp_path / "new-server"
    fresh.mkdir()
    restored = qms(fresh, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert _tickets(f"sqlite:///{fresh / 'qms.sqlite3'}") == saved

    again = LiveServer(fresh).start()
    try:
        number = Api(again.url).issue(centre.tokens["kiosk"], "HT").json()["number"]
    finally:
        again.stop()
    assert int(number) == max(int(row[1]) for row in saved) + 1


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"this is not a database")
    refused = qms(tmp_path / "instance", "restore", str(junk))
    assert refused.returncode != 0 and "not a qms backup" in refused.stderr


@pytest.mark.postgres
def test_postgresql_backup_and_restore(tmp_path):
    with temporary_database() as source_url, temporary_database() as target_url:
        centre = provision_demo(tmp_path / "pg", source_url)
        app = centre.app()
        with unit_of_work(app) as session:
            site = find_site(session, None)
            for _ in range(5):
                issue_ticket(session, site, "HT")
        app.extensions["qms_engine"].dispose()
        dump = tmp_path / "centre.dump"
        saved = qms(tmp_path, "backup", str(dump), database_url=source_url)
        assert saved.returncode == 0, saved.stderr
        restored = qms(tmp_path, "restore", str(dump), database_url=target_url)
        assert restored.returncode == 0, restored.stderr
        assert len(_tickets(target_url)) == 5
        assert _tickets(target_url) == _tickets(source_url)
        refused = qms(tmp_path, "restore", str(dump), database_url=target_url)
        assert refused.returncode != 0 and "--force" in refused.stderr

"""The print worker's rules with dummy printers: outcomes, backoff, and jobs in the database."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from printers import PrinterState, open_printer
from printers.attempts import DONE, RETRY, attempt_print, backoff_s, probe
from printers.pool import PrinterPool
from printers.simple import DummyPrinter
from server.models import Device, PrinterHealth, PrintJob, Ticket, utcnow
from server.models.printing import JOB_DONE, JOB_FAILED, JOB_PRINTING, JOB_QUEUED
from server.printing.worker import PrintWorker
from server.storage import unit_of_work
from tests.support.centre import provision_demo


def test_backoff_doubles_and_is_capped():
    assert [backoff_s(n, 2, 30) for n in range(7)] == [0, 2, 4, 8, 16, 30, 30]


@pytest.mark.parametrize("state, result, printer_state", [
    ("online", DONE, PrinterState.ONLINE),
    ("paper_out", RETRY, PrinterState.PAPER_OUT),
    ("offline", RETRY, PrinterState.OFFLINE),
])
def test_attempt_classifies_printer_states(tmp_path, state, result, printer_state):
    printer = open_printer(f"dummy://?state={state}", instance_path=str(tmp_path))
    outcome = attempt_print(printer, b"slip")
    assert (outcome.result, outcome.printer.state) == (result, printer_state)
    assert printer.jobs == ([b"slip"] if result == DONE else [])


def test_probe_reports_offline_instead_of_raising(tmp_path):
    printer = open_printer("network://127.0.0.1:9?timeout=0.2", instance_path=str(tmp_path))
    assert probe(printer).state is PrinterState.OFFLINE


def test_pool_reuses_a_printer_until_its_uri_changes(tmp_path):
    pool = PrinterPool(str(tmp_path))
    first = pool.get(1, "dummy://")
    assert pool.get(1, "dummy://") is first
    assert pool.get(1, "dummy://?state=offline") is not first


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("spool"))
    for name in ("dummy", "broken", "stale"):
        centre.add_device("kiosk", name, printer_uri="dummy://")
    app = centre.app(SPOOL_BACKOFF_BASE_S=2, SPOOL_BACKOFF_CAP_S=8)
    # A URI saved before printer URIs were checked on save: the worker must still cope.
    with unit_of_work(app) as session:
        session.scalar(select(Device).where(Device.name == "broken")).printer_uri = "laser://x"
    return app


def _issue_job(app, device_name: str) -> tuple[int, int]:
    from server.engine import issue_ticket
    from server.printing.jobs import enqueue_print

    with app.app_context(), unit_of_work(app) as session:
        device = session.scalar(select(Device).where(Device.name == device_name))
        ticket = issue_ticket(session, device.site, "DKKD").ticket
        session.commit()
        job = enqueue_print(session, ticket, device)
        return job.id, device.id


def _job(app, job_id: int) -> PrintJob:
    with unit_of_work(app) as session:
        job = session.get(PrintJob, job_id)
        session.expunge(job)
        return job


def _health(app, device_id: int) -> str:
    with unit_of_work(app) as session:
        return session.get(PrinterHealth, device_id).state


def test_job_prints_and_printer_is_recorded_online(app):
    job_id, device_id = _issue_job(app, "dummy")
    worker = PrintWorker(app)
    with app.app_context():
        worker.drain(device_id)
    assert _job(app, job_id).status == JOB_DONE
    assert len(worker.pool.get(device_id, "dummy://").jobs) == 1
    assert _health(app, device_id) == "online"


def test_offline_printer_retries_with_backoff_then_prints_once(app):
    job_id, device_id = _issue_job(app, "dummy")
    worker = PrintWorker(app)
    printer: DummyPrinter = worker.pool.get(device_id, "dummy://")
    printer.state = PrinterState.OFFLINE
    with app.app_context():
        worker.drain(device_id)
    job = _job(app, job_id)
    assert (job.status, job.attempts) == (JOB_QUEUED, 1)
    assert job.next_attempt_at - job.updated_at == timedelta(seconds=2)
    assert _health(app, device_id) == "offline"
    printer.state = PrinterState.ONLINE
    with unit_of_work(app) as session:  # the backoff has passed
        session.get(PrintJob, job_id).next_attempt_at = utcnow()
    with app.app_context():
        worker.drain(device_id)
        worker.drain(device_id)
    assert (_job(app, job_id).status, _job(app, job_id).attempts) == (JOB_DONE, 2)
    assert len(printer.jobs) == 1


def test_bad_printer_uri_fails_the_job_with_a_clear_message(app):
    job_id, device_id = _issue_job(app, "broken")
    with app.app_context():
        PrintWorker(app).drain(device_id)
    job = _job(app, job_id)
    assert job.status == JOB_FAILED
    assert "unknown printer URI" in job.last_error


def test_jobs_interrupted_by_a_crash_go_back_to_the_queue(app):
    job_id, _device_id = _issue_job(app, "dummy")
    with unit_of_work(app) as session:
        job = session.get(PrintJob, job_id)
        job.status, job.updated_at = JOB_PRINTING, utcnow() - timedelta(minutes=5)
    assert PrintWorker(app).requeue_interrupted() == 1
    assert _job(app, job_id).status == JOB_QUEUED


def test_a_job_another_process_is_printing_now_is_left_alone(app):
    job_id, _device_id = _issue_job(app, "dummy")
    with unit_of_work(app) as session:
        job = session.get(PrintJob, job_id)
        job.status, job.updated_at = JOB_PRINTING, utcnow()
    assert PrintWorker(app).requeue_interrupted() == 0
    assert _job(app, job_id).status == JOB_PRINTING


def test_slip_from_an_earlier_day_is_not_printed(app):
    job_id, device_id = _issue_job(app, "stale")
    with unit_of_work(app) as session:
        ticket = session.get(Ticket, session.get(PrintJob, job_id).ticket_id)
        ticket.service_day -= timedelta(days=1)
    worker = PrintWorker(app)
    with app.app_context():
        worker.drain(device_id)
    assert _job(app, job_id).status == JOB_FAILED
    assert worker.pool.get(device_id, "dummy://").jobs == []


def test_a_restart_tries_slips_waiting_out_a_backoff_at_once(app):
    job_id, _device_id = _issue_job(app, "dummy")
    later = utcnow() + timedelta(seconds=60)
    with unit_of_work(app) as session:
        session.get(PrintJob, job_id).next_attempt_at = later
    assert PrintWorker(app).retry_waiting_now() == 1
    assert _job(app, job_id).next_attempt_at < later

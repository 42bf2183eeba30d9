"""A form sent to the counter's office printer over real TCP: the running server's spooler
retries while the printer is off, then delivers the PDF byte for byte to a raw-socket
"printer" on 127.0.0.1; or hands it to the print agent the counter names, which prints it on
its office printer. No slip printer ever sees it."""

import time

import pytest
from sqlalchemy import select

from server.models import Counter, PrintJob, Site
from tests.kiosk.agent_support import AgentProcess
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.server import free_port
from tests.support.slips import start_server

pytestmark = pytest.mark.live

PAPERS = {"procedure": "Chứng thực bản sao từ bản chính", "applicant_name": "Trần Thị Bình",
          "applicant_address": "Tổ 5, phường Phan Đình Phùng", "phone": "0912 000 111"}


def wait_for_job(centre, job_id: int, done, timeout: float = 15.0) -> PrintJob:
    deadline = time.monotonic() + timeout
    while True:
        with centre.session() as session:
            job = session.get(PrintJob, job_id)
            session.expunge(job)
        if done(job) or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def test_the_form_reaches_the_counters_office_printer_as_it_is(tmp_path):
    centre = provision_demo(tmp_path / "centre")
    office, port = FakeEscposPrinter(answers_status=False), free_port()
    with FakeEscposPrinter() as kiosk:
        centre.add_device("kiosk", "Máy lấy số sảnh", printer_uri=kiosk.uri,
                          settings={"prints_receipts": True})
        with centre.session() as session:
            session.scalars(select(Counter).join(Site).where(
                Site.code == "TPBK", Counter.number == 6)).one().office_printer_uri = (
                f"tcp://127.0.0.1:{port}")
        server = start_server(centre)
        try:
            api = Api(server.url)
            token = api.staff_token("quay6", centre.password)
            received = api.call("POST", "/api/v1/counters/6/outcomes", token, json=PAPERS | {
                "kind": "received", "processing_days": 2})
            assert received.status_code == 201, received.text
            assert kiosk.wait_for_cut(timeout=10)  # the 80 mm receipt: on the kiosk
            url = received.json()["form_url"].replace(".pdf", "/print")
            answer = api.call("POST", url, token, json={})
            assert answer.status_code == 202, answer.text
            job_id = answer.json()["job"]
            # The office printer is off: the job waits for a retry, its PDF kept.
            waiting = wait_for_job(centre, job_id, lambda job: job.attempts >= 1
                                   and job.status == "queued")
            assert waiting.status == "queued" and waiting.last_error, waiting.last_error
            sent = waiting.document
            assert sent.startswith(b"%PDF") and sent.rstrip().endswith(b"%%EOF")
            office.start(port)  # switched on
            assert office.wait_for_bytes(len(sent), timeout=15)
            assert office.received == sent
            done = wait_for_job(centre, job_id, lambda job: job.status == "done")
            assert done.status == "done" and done.document is None
            assert b"%PDF" not in kiosk.received
        finally:
            server.stop()
            office.stop()


def test_a_counter_printing_through_the_agent_gets_the_pdf_on_its_office_printer(tmp_path):
    centre = provision_demo(tmp_path / "centre")
    with FakeEscposPrinter(answers_status=False) as office, FakeEscposPrinter() as slips:
        token = centre.add_device("kiosk", "Máy quầy 6", printer_uri="agent://")
        with centre.session() as session:
            session.scalars(select(Counter).join(Site).where(
                Site.code == "TPBK", Counter.number == 6)).one().office_printer_uri = (
                "agent://Máy quầy 6")
        server = start_server(centre)
        agent = AgentProcess(server.url, token, slips.uri, tmp_path)
        agent.args += ["--office-printer", f"tcp://127.0.0.1:{office.port}"]
        try:
            api = Api(server.url)
            clerk = api.staff_token("quay6", centre.password)
            refused = api.call("POST", "/api/v1/counters/6/outcomes", clerk, json=PAPERS | {
                "kind": "refused", "reason": "Không thuộc thẩm quyền"})
            assert refused.status_code == 201, refused.text
            url = refused.json()["form_url"].replace(".pdf", "/print")
            answer = api.call("POST", url, clerk, json={})
            assert answer.status_code == 202, answer.text
            assert answer.json()["printer"] == "agent"
            with centre.session() as session:  # the agent is not running yet: still queued
                sent = session.get(PrintJob, answer.json()["job"]).document
            agent.start()
            assert office.wait_for_bytes(len(sent), timeout=20), agent.log()
            assert office.received == sent
            assert sent.startswith(b"%PDF") and sent.rstrip().endswith(b"%%EOF")
            done = wait_for_job(centre, answer.json()["job"], lambda job: job.status == "done")
            assert done.status == "done", done.last_error
            assert b"%PDF" not in slips.received
        finally:
            if agent.process is not None:
                agent.stop()
            server.stop()

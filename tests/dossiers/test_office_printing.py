"""The official forms sent to the counter's own office printer: who may, the 409 that sends
the console back to the PDF, the job that carries the PDF unchanged, and the spooler and the
print agent keeping forms off a kiosk's slip printer."""

import errno
import os
import socket

import pytest
from sqlalchemy import select, update

from printers import Printer, PrinterState
from printers.simple import DummyPrinter
from server.extensions import socketio
from server.models import Counter, Device, PrintJob, Site, utcnow
from server.models.printing import DOCUMENT, JOB_DONE, JOB_FAILED
from server.payloads.printers import FAILURES, failure_reason, site_printers
from server.printing.agent import next_agent_job
from server.printing.worker import PrintWorker
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.clients import staff_headers

pytestmark = []  # the fast tier: in process, SQLite

PAPERS = {"procedure": "Chứng thực bản sao từ bản chính", "applicant_name": "Trần Thị Bình",
          "applicant_address": "Tổ 5, phường Phan Đình Phùng", "phone": "0912 000 111"}
OFFICE = "tcp://192.0.2.10:9100"


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("office-printing"))
    centre.add_device("kiosk", "Máy lấy số sảnh", printer_uri="dummy://",
                      settings={"prints_receipts": True})
    centre.add_device("kiosk", "May quay 6", printer_uri="agent://")
    return centre


@pytest.fixture(scope="module")
def staff(client, centre):
    return staff_headers(client, centre.password, "quay6", "quanly", "admin", "ducxuan")


def set_office_printer(app, uri: str | None) -> None:
    with unit_of_work(app) as session:
        session.scalars(select(Counter).join(Site).where(
            Site.code == "TPBK", Counter.number == 6)).one().office_printer_uri = uri


def outcome(client, staff, body: dict) -> dict:
    answer = client.post("/api/v1/counters/6/outcomes", headers=staff["quay6"],
                         json=PAPERS | body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def print_urls(client, staff) -> list[str]:
    received = outcome(client, staff, {"kind": "received", "processing_days": 2,
                                       "print": False})
    refused = outcome(client, staff, {"kind": "refused", "reason": "Sai thẩm quyền"})
    return [received["form_url"].replace(".pdf", "/print"),
            refused["form_url"].replace(".pdf", "/print")]


def job(app, job_id: int) -> dict:
    with unit_of_work(app) as session:
        found = session.get(PrintJob, job_id)
        return {"reason": found.reason, "device": found.device.name if found.device else None,
                "counter": found.counter.number if found.counter else None,
                "document": found.document,
                "status": found.status, "error": found.last_error}


def test_a_counter_without_an_office_printer_sends_the_console_to_the_pdf(app, client, staff):
    set_office_printer(app, None)
    for url in print_urls(client, staff):
        answer = client.post(url, headers=staff["quay6"], json={})
        assert answer.status_code == 409, url
        assert answer.get_json()["error"]["code"] == "no_office_printer"


def test_staff_of_the_site_queue_the_pdf_unchanged_for_the_office_printer(app, client, staff):
    set_office_printer(app, OFFICE)
    for url in print_urls(client, staff):
        for name in ("quay6", "quanly", "admin"):
            answer = client.post(url, headers=staff[name], json={})
            assert answer.status_code == 202, (url, name, answer.get_json())
            body = answer.get_json()
            assert (body["counter"], body["printer"], body["state"]) == (6, "tcp", "queued")
            queued = job(app, body["job"])
            assert (queued["reason"], queued["device"], queued["counter"]) == (DOCUMENT, None, 6)
            pdf = client.get(url.replace("/print", ".pdf"), headers=staff[name]).data
            assert queued["document"].startswith(b"%PDF") and pdf.startswith(b"%PDF")
            assert queued["document"].rstrip().endswith(b"%%EOF")
            state = client.get(f"/api/v1/printers/jobs/{body['job']}", headers=staff[name])
            assert state.status_code == 200
            assert (state.get_json()["state"], state.get_json()["attempts"]) == ("queued", 0)


def test_others_may_not_print_a_form(app, client, staff, centre):
    set_office_printer(app, OFFICE)
    kiosk = {"Authorization": f"Bearer {centre.tokens['kiosk']}"}
    for url in print_urls(client, staff):
        assert client.post(url, headers=staff["ducxuan"], json={}).status_code == 404
        assert client.post(url, json={}).status_code == 401
        assert client.post(url, headers=kiosk, json={}).status_code == 403
    code = print_urls(client, staff)[0].split("/")[4]
    unknown = client.post(f"/api/v1/dossiers/{code}/forms/07/print", headers=staff["quay6"],
                          json={})
    assert unknown.status_code == 404
    job_id = client.post(print_urls(client, staff)[1], headers=staff["quay6"],
                         json={}).get_json()["job"]
    assert client.get(f"/api/v1/printers/jobs/{job_id}", headers=staff["ducxuan"]
                      ).status_code == 404
    assert client.get(f"/api/v1/printers/jobs/{job_id}").status_code == 401
    assert client.get(f"/api/v1/printers/jobs/{job_id}", headers=kiosk).status_code == 403
    receipt = outcome(client, staff, {"kind": "received", "processing_days": 1})
    slip_id = receipt["dossier"]["print_job"]  # a kiosk's receipt is not a form's job
    assert slip_id is not None
    assert client.get(f"/api/v1/printers/jobs/{slip_id}", headers=staff["admin"]
                      ).status_code == 404
    missing = client.post("/api/v1/outcomes/999999/form/print", headers=staff["quay6"],
                          json={})
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "outcome_not_found"


def test_the_spooler_sends_the_form_to_the_office_printer_and_never_to_a_kiosk(app, client,
                                                                              staff):
    set_office_printer(app, OFFICE)
    url = print_urls(client, staff)[1]
    job_id = client.post(url, headers=staff["quay6"], json={}).get_json()["job"]
    worker = PrintWorker(app)
    office = DummyPrinter(OFFICE)
    worker.office_pool._opener = lambda uri, **_: office
    with unit_of_work(app) as session:
        counter_id = session.scalars(select(PrintJob.counter_id).where(
            PrintJob.id == job_id)).one()
        lobby = session.scalars(select(Device).where(Device.name == "Máy lấy số sảnh")).one()
        # A form wrongly queued on the lobby kiosk must fail, not print on its slip printer.
        session.add(PrintJob(reason=DOCUMENT, device_id=lobby.id, counter_id=counter_id,
                             document=b"%PDF-1.7 wrong place %%EOF"))
        session.flush()
        lobby_id = lobby.id
        wrong_id = session.scalars(select(PrintJob.id).order_by(PrintJob.id.desc())).first()
    queued = job(app, job_id)["document"]
    worker.drain_office(counter_id)
    worker.drain(lobby_id)
    assert job(app, job_id)["status"] == JOB_DONE
    assert office.jobs and all(sent.startswith(b"%PDF") and sent.rstrip().endswith(b"%%EOF")
                               for sent in office.jobs)
    assert office.jobs[-1] == queued
    assert job(app, job_id)["document"] is None  # the names in it are not kept
    lobby_printer = worker.pool.get(lobby_id, "dummy://")
    assert not any(b"%PDF" in sent for sent in lobby_printer.jobs)  # receipts only
    assert (job(app, wrong_id)["status"], job(app, wrong_id)["error"]) == (
        JOB_FAILED, "an official form is never printed on a kiosk's slip printer")


def test_an_office_printer_that_is_off_is_retried(app, client, staff):
    set_office_printer(app, OFFICE)
    url = print_urls(client, staff)[1]
    job_id = client.post(url, headers=staff["quay6"], json={}).get_json()["job"]
    worker = PrintWorker(app)
    worker.office_pool._opener = lambda uri, **_: DummyPrinter(uri, PrinterState.OFFLINE)
    with unit_of_work(app) as session:
        counter_id = session.get(PrintJob, job_id).counter_id
    worker.drain_office(counter_id)
    queued = job(app, job_id)
    assert queued["status"] == "queued" and "simulated offline" in queued["error"]
    seen = client.get(f"/api/v1/printers/jobs/{job_id}", headers=staff["quay6"]).get_json()
    assert (seen["state"], seen["attempts"]) == ("queued", 1)
    assert "simulated offline" in seen["error"]


def test_a_counter_printing_through_an_agent_hands_it_the_pdf(app, client, staff):
    set_office_printer(app, "agent://Không có")
    url = print_urls(client, staff)[0]
    unknown = client.post(url, headers=staff["quay6"], json={})
    assert unknown.status_code == 409
    assert unknown.get_json()["error"]["code"] == "office_agent_not_found"
    set_office_printer(app, "agent://May quay 6")
    answer = client.post(url, headers=staff["quay6"], json={})
    assert answer.status_code == 202, answer.get_json()
    assert answer.get_json()["printer"] == "agent"
    queued = job(app, answer.get_json()["job"])
    assert queued["device"] == "May quay 6"
    with app.app_context(), unit_of_work(app) as session:
        agent = session.scalars(select(Device).where(Device.name == "May quay 6")).one()
        offer = next_agent_job(session, agent)
    assert offer["reason"] == DOCUMENT and offer["data"] == queued["document"]
    assert offer["number"] == url.split("/")[4]



def test_the_agent_a_counter_prints_its_forms_through_never_gets_receipts(app, client, staff):
    set_office_printer(app, "agent://May quay 6")
    with unit_of_work(app) as session:  # even one that asks for counter 6's receipts
        session.scalars(select(Device).where(Device.name == "May quay 6")).one().settings = {
            "receipt_counters": [6]}
    received = outcome(client, staff, {"kind": "received", "processing_days": 1})
    assert job(app, received["dossier"]["print_job"])["device"] == "Máy lấy số sảnh"


def test_a_clerks_computer_prints_forms_as_a_counter_print_agent_and_does_nothing_else(
        app, client, staff, centre):
    token = centre.add_device("print-agent", "Máy tính quầy 6")
    set_office_printer(app, "agent://Máy tính quầy 6")
    agent = socketio.test_client(app, namespace="/print-agent", auth={"token": token})
    assert agent.is_connected("/print-agent")
    url = print_urls(client, staff)[0]
    answer = client.post(url, headers=staff["quay6"], json={})
    assert answer.status_code == 202, answer.get_json()
    queued = job(app, answer.get_json()["job"])
    assert queued["device"] == "Máy tính quầy 6"
    with unit_of_work(app) as session:  # listed with the site's printers, for staff
        states = {view.device: view.state for view in site_printers(
            session, session.scalars(select(Site.id).where(Site.code == "TPBK")).one())}
    assert "Máy tính quầy 6" in states

    # The spooler tells the agent its forms wait; it never opens a printer for it.
    agent.get_received("/print-agent")
    PrintWorker(app).dispatch()
    assert "jobs_waiting" in [event["name"] for event in agent.get_received("/print-agent")]
    offer = agent.emit("next_job", {}, namespace="/print-agent", callback=True)["job"]
    assert offer["reason"] == DOCUMENT and offer["data"] == queued["document"]
    assert agent.emit("job_done", {"job_id": offer["id"], "outcome": "printed", "message": ""},
                      namespace="/print-agent", callback=True) == {"ok": True}
    assert job(app, offer["id"])["status"] == JOB_DONE
    assert agent.emit("next_job", {}, namespace="/print-agent", callback=True) == {"job": None}
    agent.disconnect(namespace="/print-agent")

    # Its token does nothing else: no number, no kiosk screen or socket, no staff route.
    bearer = {"Authorization": f"Bearer {token}"}
    refused = client.post("/api/v1/tickets", headers=bearer, json={"service": "CT"})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "wrong_device")
    assert client.post(url, headers=bearer, json={}).status_code == 403
    kiosk = socketio.test_client(app, namespace="/kiosk", auth={"token": token})
    assert not kiosk.is_connected("/kiosk")


@pytest.fixture(scope="module")
def refusal_form(client, staff) -> str:
    """The print address of one refusal's form, sent again by each test that needs a job."""
    refused = outcome(client, staff, {"kind": "refused", "reason": "Sai thẩm quyền"})
    return refused["form_url"].replace(".pdf", "/print")


class FailingPrinter(Printer):
    """An office printer whose connection fails with the operating system's own error."""

    def __init__(self, uri: str, failure: OSError) -> None:
        super().__init__(uri)
        self.failure = failure

    def _write(self, data: bytes) -> None:
        raise self.failure


@pytest.mark.parametrize(("failure", "reason", "message", "message_en"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, os.strerror(errno.ECONNREFUSED)), "refused",
     "Máy in từ chối kết nối", "printer refused the connection"),
    (TimeoutError("timed out"), "not_answering", "Máy in không phản hồi",
     "printer not answering"),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "address_unknown",
     "Không tìm thấy địa chỉ máy in", "printer address not found"),
    (OSError(errno.EHOSTUNREACH, os.strerror(errno.EHOSTUNREACH)), "not_answering",
     "Máy in không phản hồi", "printer not answering"),
], ids=["refused", "timed-out", "unknown-host", "no-route"])
def test_the_clerk_is_told_why_a_form_has_not_printed(app, client, staff, refusal_form,
                                                     failure, reason, message, message_en):
    set_office_printer(app, OFFICE)
    job_id = client.post(refusal_form, headers=staff["quay6"], json={}).get_json()["job"]
    worker = PrintWorker(app)
    worker.office_pool._opener = lambda uri, **_: FailingPrinter(uri, failure)
    with unit_of_work(app) as session:
        counter_id = session.get(PrintJob, job_id).counter_id
    worker.drain_office(counter_id)
    seen = client.get(f"/api/v1/printers/jobs/{job_id}", headers=staff["quay6"]).get_json()
    assert (seen["state"], seen["reason"], seen["message"], seen["message_en"]) == (
        "queued", reason, message, message_en)
    assert OFFICE in seen["error"] and str(failure) in seen["error"]  # staff keep the detail


def test_paper_out_and_a_removed_printer_have_their_own_reasons(app, client, staff,
                                                              refusal_form):
    set_office_printer(app, OFFICE)
    first, second = (client.post(refusal_form, headers=staff["quay6"], json={}).get_json()["job"]
                     for _ in range(2))
    worker = PrintWorker(app)
    worker.office_pool._opener = lambda uri, **_: DummyPrinter(uri, PrinterState.PAPER_OUT)
    with unit_of_work(app) as session:
        counter_id = session.get(PrintJob, first).counter_id
    worker.drain_office(counter_id)
    empty = client.get(f"/api/v1/printers/jobs/{first}", headers=staff["quay6"]).get_json()
    assert (empty["reason"], empty["message"]) == ("paper_out", "Máy in hết giấy")
    set_office_printer(app, None)
    with unit_of_work(app) as session:
        session.execute(update(PrintJob).where(PrintJob.id.in_((first, second)))
                        .values(next_attempt_at=utcnow()))
    worker.drain_office(counter_id)
    gone = client.get(f"/api/v1/printers/jobs/{second}", headers=staff["quay6"]).get_json()
    assert (gone["state"], gone["reason"], gone["message_en"]) == (
        "failed", "no_office_printer", "the counter has no office printer")


# What the spooler, a transport or an agent stores on a job → the reason the clerk is given.
STORED_FAILURES = {
    "": "",
    "printer tcp://192.0.2.10:9100: [WinError 10061] No connection could be made because "
    "the target machine actively refused it": "refused",
    "printer tcp://127.0.0.1:9100: [Errno 111] ECONNREFUSED": "refused",  # under eventlet
    "printer tcp://192.0.2.10:9100: [Errno 110] ETIMEDOUT": "not_answering",
    "printer cups://office: lp did not answer": "not_answering",
    "printer URI: unknown office printer URI 'lpt1'": "misconfigured",
    "this print agent has no office printer (--office-printer)": "no_office_printer",
    "an official form is never printed on a kiosk's slip printer": "wrong_printer",
    "printer tcp://192.0.2.10:9100: simulated offline": "unavailable",
    "something nobody foresaw": "printer_error",
}


@pytest.mark.parametrize(("error", "reason"), STORED_FAILURES.items())
def test_each_stored_failure_has_a_reason_code(error, reason):
    assert failure_reason(error) == reason
    assert not reason or all(FAILURES[reason][:2])

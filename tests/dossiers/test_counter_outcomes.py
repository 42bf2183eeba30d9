"""The three outcomes at the counter: received (a dossier), guidance (Mẫu 02), refusal (Mẫu 03)."""

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from server.engine.counter_outcomes import Outcome, record_outcome
from server.engine.days import VIETNAM
from server.engine.dossiers import Receipt
from server.engine.errors import QueueError
from server.engine.log import Actor
from server.models import CounterOutcome, Dossier, utcnow
from server.payloads.dossiers import CounterOutcomeView
from server.payloads.reports import DossierReport
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.engine import MORNING, counter

CLERK = Actor(user_id=1)
PAPERS = Receipt(procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An",
                 processing_days=1)


def test_guidance_and_refusal_leave_no_dossier_but_their_reasons(session, site):
    desk = counter(session, site, 2)
    with pytest.raises(QueueError) as nothing_listed:
        record_outcome(session, site, desk, Outcome("supplement", PAPERS, (" ",)), CLERK)
    assert nothing_listed.value.code == "missing_required"
    with pytest.raises(QueueError) as no_reason:
        record_outcome(session, site, desk, Outcome("refused", PAPERS), CLERK)
    assert no_reason.value.code == "reason_required"
    guidance, none = record_outcome(
        session, site, desk, Outcome("supplement", PAPERS, ("Bản sao CCCD của cha",)), CLERK,
        now=MORNING)
    refusal, _ = record_outcome(
        session, site, desk, Outcome("refused", PAPERS, reason="Không thuộc thẩm quyền"), CLERK,
        now=MORNING)
    assert none is None and session.scalar(select(func.count()).select_from(Dossier)) == 0
    assert (guidance.kind, guidance.missing, guidance.applicant_name) == (
        "supplement", ["Bản sao CCCD của cha"], "Nguyễn Văn An")
    assert (refusal.kind, refusal.reason, refusal.counter_id) == (
        "refused", "Không thuộc thẩm quyền", desk.id)


def test_received_papers_are_a_dossier_and_the_outcome_keeps_no_name(session, site):
    record, dossier = record_outcome(session, site, counter(session, site, 2),
                                     Outcome("received", PAPERS), CLERK, now=MORNING)
    assert dossier is not None and dossier.due_at is not None
    assert record.dossier_id == dossier.id and record.applicant_name == ""


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    return provision_demo(tmp_path_factory.mktemp("outcomes"))


@pytest.fixture(scope="module")
def client(centre):
    return centre.app().test_client()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_each_outcome_is_recorded_against_the_ticket_being_served(client, centre):
    clerk = _bearer(client.post("/api/v1/auth/token", json={
        "username": "quay6", "password": centre.password}).get_json()["token"])
    issued = client.post("/api/v1/tickets", headers=_bearer(centre.tokens["kiosk"]),
                         json={"service": "CT", "request_id": uuid.uuid4().hex}).get_json()
    called = client.post("/api/v1/counters/6/call-next", headers=clerk, json={}).get_json()
    assert called["id"] == issued["id"]
    path = "/api/v1/counters/6/outcomes"
    papers = {"procedure": "Chứng thực bản sao từ bản chính", "applicant_name": "Trần Thị Bình"}
    guided = client.post(path, headers=clerk, json=papers | {
        "kind": "supplement", "missing": ["Bản chính giấy khai sinh"]})
    assert guided.status_code == 201, guided.get_json()
    CounterOutcomeView.model_validate(guided.get_json())
    assert guided.get_json()["dossier"] is None
    assert guided.get_json()["ticket_id"] == issued["id"]
    refused = client.post(path, headers=clerk, json=papers | {
        "kind": "refused", "reason": "Không thuộc thẩm quyền của Trung tâm"})
    assert refused.status_code == 201 and refused.get_json()["dossier"] is None
    received = client.post(path, headers=clerk, json=papers | {
        "kind": "received", "processing_days": 0, "print": False})
    assert received.status_code == 201, received.get_json()
    answer = received.get_json()
    CounterOutcomeView.model_validate(answer)
    assert answer["dossier"]["due_at"] and answer["dossier"]["ticket_id"] == issued["id"]
    bad = client.post(path, headers=clerk, json=papers | {"kind": "supplement"})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "missing_required"
    other = client.post("/api/v1/counters/1/outcomes", headers=clerk,
                        json=papers | {"kind": "refused", "reason": "x"})
    assert other.status_code == 403
    with unit_of_work(centre.app()) as session:
        kinds = session.scalars(select(CounterOutcome.kind).where(
            CounterOutcome.ticket_id == issued["id"]).order_by(CounterOutcome.id)).all()
    assert kinds == ["supplement", "refused", "received"]


def test_the_period_report_counts_the_day_at_the_counter(client, centre):
    clerk = _bearer(client.post("/api/v1/auth/token", json={
        "username": "quay6", "password": centre.password}).get_json()["token"])
    manager = _bearer(client.post("/api/v1/auth/token", json={
        "username": "quanly", "password": centre.password}).get_json()["token"])
    today = utcnow().astimezone(VIETNAM).date().isoformat()

    def total() -> dict:
        answer = client.get("/api/v1/reports/dossiers", headers=manager,
                            query_string={"from": today, "to": today, "group": "site"})
        assert answer.status_code == 200, answer.get_json()
        DossierReport.model_validate(answer.get_json())
        return answer.get_json()["total"]

    before = total()
    papers = {"procedure": "Chứng thực bản sao từ bản chính", "applicant_name": "Lê Văn Cường"}
    for body in ({"kind": "supplement", "missing": ["Bản chính"]},
                 {"kind": "refused", "reason": "Không thuộc thẩm quyền"},
                 {"kind": "received", "processing_days": 2, "print": False}):
        assert client.post("/api/v1/counters/6/outcomes", headers=clerk,
                           json=papers | body).status_code == 201
    after = total()
    changed = {name: after[name] - before[name] for name in after
               if isinstance(after[name], int) and after[name] != before[name]}
    assert changed == {"supplement_guidance": 1, "refused": 1, "received": 1,
                       "in_progress": 1}
    assert after["received_by_channel"]["in_person"] == (
        before["received_by_channel"]["in_person"] + 1)


def test_the_period_report_exports_agree_with_its_json(client, centre):
    manager = _bearer(client.post("/api/v1/auth/token", json={
        "username": "quanly", "password": centre.password}).get_json()["token"])
    today = utcnow().astimezone(VIETNAM).date().isoformat()
    params = {"from": today, "to": today, "group": "site"}
    report = client.get("/api/v1/reports/dossiers", headers=manager,
                        query_string=params).get_json()
    exported = client.get("/api/v1/reports/dossiers/export.csv", headers=manager,
                          query_string=params)
    assert exported.status_code == 200
    assert "bao-cao-ho-so-site" in exported.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Đơn vị", "Kỳ trước chuyển sang", "Tiếp nhận trong kỳ"]
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["Đơn vị"] == "Tổng cộng"
    assert int(total["Hướng dẫn bổ sung"]) == report["total"]["supplement_guidance"]
    assert int(total["Trực tiếp"]) == report["total"]["received_by_channel"]["in_person"]
    workbook = load_workbook(io.BytesIO(client.get(
        "/api/v1/reports/dossiers/export.xlsx", headers=manager,
        query_string=params).get_data()))
    assert "kỳ báo cáo" in workbook.active["A1"].value

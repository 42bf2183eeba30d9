"""Dossier rules: due dates, the lifecycle, timeliness, masked names, the software's upserts."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from server.engine.dossiers import (
    Receipt,
    change_status,
    mask_name,
    new_dossier_code,
    normalise_code,
    receive_dossier,
    timeliness,
    upsert_from_software,
)
from server.engine.errors import QueueError
from server.engine.log import Actor
from server.models import DossierEvent, Procedure, ProcedureOffer

# Friday 13/02/2026 15:30 in Hà Nội: the last afternoon before Tết Bính Ngọ.
FRIDAY_BEFORE_TET = datetime(2026, 2, 13, 8, 30, tzinfo=UTC)
CLERK = Actor(user_id=1)
SOFTWARE = Actor(device_id=None)


def receipt(**fields) -> Receipt:
    return Receipt(**({"procedure_name": "Cấp bản sao trích lục khai sinh",
                       "applicant_name": "Nguyễn Văn An", "processing_days": 3} | fields))


def test_due_date_skips_tet_for_a_dossier_received_the_friday_before(session, site):
    dossier = receive_dossier(session, site, receipt(), CLERK, now=FRIDAY_BEFORE_TET)
    assert dossier.due_date == date(2026, 2, 25)
    assert dossier.status == "received"
    assert dossier.code.startswith("260213-")


def test_clerk_override_needs_a_reason(session, site):
    with pytest.raises(QueueError) as refused:
        receive_dossier(session, site, receipt(due_date=date(2026, 3, 2)), CLERK,
                        now=FRIDAY_BEFORE_TET)
    assert refused.value.code == "due_reason_required"
    dossier = receive_dossier(session, site, receipt(due_date=date(2026, 3, 2),
                                                     due_reason="Cần xác minh thêm"),
                              CLERK, now=FRIDAY_BEFORE_TET)
    assert (dossier.due_date, dossier.due_override_reason) == (date(2026, 3, 2),
                                                               "Cần xác minh thêm")


def test_lifecycle_logs_every_change_and_refuses_jumps(session, site):
    dossier = receive_dossier(session, site, receipt(), CLERK, now=FRIDAY_BEFORE_TET)
    with pytest.raises(QueueError) as jump:
        change_status(session, dossier, "returned", CLERK)
    assert jump.value.code == "status_not_allowed"
    with pytest.raises(QueueError) as bare:
        change_status(session, dossier, "refused", CLERK)
    assert bare.value.code == "reason_required"
    assert change_status(session, dossier, "in_progress", CLERK)
    assert not change_status(session, dossier, "in_progress", CLERK)  # already there
    assert change_status(session, dossier, "ready", CLERK,
                         now=datetime(2026, 2, 25, 3, 0, tzinfo=UTC))
    assert change_status(session, dossier, "returned", CLERK,
                         now=datetime(2026, 2, 26, 3, 0, tzinfo=UTC))
    events = session.scalars(select(DossierEvent.status).where(
        DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)).all()
    assert events == ["received", "in_progress", "ready", "returned"]
    # Ready on the due date: on time, although the citizen came the day after.
    assert timeliness(dossier, date(2026, 3, 1)) == "on_time"


def test_overdue_is_derived_from_the_due_date(session, site):
    dossier = receive_dossier(session, site, receipt(), CLERK, now=FRIDAY_BEFORE_TET)
    assert timeliness(dossier, date(2026, 2, 25)) == "in_progress"
    assert timeliness(dossier, date(2026, 2, 26)) == "overdue"
    change_status(session, dossier, "ready", CLERK, now=datetime(2026, 2, 26, 2, tzinfo=UTC))
    assert timeliness(dossier, date(2026, 3, 9)) == "late"


@pytest.mark.parametrize(("name", "masked"), [
    ("Nguyễn Văn An", "N***n V*n A"), ("Lê Thị Bích Ngọc", "L* T*ị B**h N"), ("Hà", "H"),
    ("", ""), ("  Trần   Hưng  ", "T**n H"),
])
def test_names_are_masked(name, masked):
    assert mask_name(name) == masked


def test_codes_are_long_random_and_read_back_from_a_scanned_url():
    codes = {new_dossier_code(FRIDAY_BEFORE_TET) for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 15 and code[:7] == "260213-" for code in codes)
    assert normalise_code(" https://qms.test/hs/260213-abcdefgh/ ") == "260213-ABCDEFGH"


def test_software_upsert_repeated_changes_nothing(session, site):
    body = receipt(processing_days=None, due_date=date(2026, 2, 27))
    received = datetime(2026, 2, 12, 2, 0, tzinfo=UTC)
    for _ in range(3):
        dossier, created = upsert_from_software(session, site, "000.00.12.H26-1", body,
                                                SOFTWARE, received_at=received,
                                                status="in_progress")
    events = session.scalars(select(DossierEvent.kind).where(
        DossierEvent.dossier_id == dossier.id)).all()
    assert not created
    assert events == ["received", "status"]
    assert dossier.source == "integration" and dossier.due_date == date(2026, 2, 27)
    upsert_from_software(session, site, "000.00.12.H26-1", receipt(
        applicant_name="Nguyễn Văn Anh", processing_days=None, due_date=date(2026, 2, 27)),
        SOFTWARE, received_at=received, status="in_progress")
    assert session.scalar(select(func.count()).select_from(DossierEvent)) == 3
    assert dossier.applicant_name == "Nguyễn Văn Anh"


def offer_procedure(session, service, code: str, name: str, processing_days: float) -> Procedure:
    """Add a catalogue procedure that ``service``'s site offers through that field."""
    procedure = Procedure(code=code, name=name, processing_days=processing_days)
    session.add(procedure)
    session.flush()
    session.add(ProcedureOffer(procedure_id=procedure.id, site_id=service.site_id,
                               service_id=service.id))
    session.flush()
    return procedure


def test_a_catalogue_code_brings_the_name_field_and_processing_days(session, site):
    procedure = offer_procedure(session, site.services[1], "1.001766", "Đăng ký khai sinh", 1)
    dossier = receive_dossier(session, site, receipt(procedure_name="1.001766",
                                                     processing_days=None),
                              CLERK, now=FRIDAY_BEFORE_TET)
    assert (dossier.procedure_name, dossier.procedure_code) == ("Đăng ký khai sinh", "1.001766")
    assert (dossier.procedure_id, dossier.service_id) == (procedure.id, site.services[1].id)
    assert dossier.due_date == date(2026, 2, 23)
    free_text = receive_dossier(session, site, receipt(procedure_name="Thủ tục khác"), CLERK,
                                now=FRIDAY_BEFORE_TET)
    assert free_text.procedure_id is None and free_text.procedure_name == "Thủ tục khác"


def test_half_a_day_of_work_is_due_the_same_afternoon(session, site):
    offer_procedure(session, site.services[0], "1.000500", "Chứng thực chữ ký", 0.5)
    dossier = receive_dossier(session, site, receipt(procedure_name="1.000500",
                                                     processing_days=None),
                              CLERK, now=datetime(2026, 11, 25, 2, 0, tzinfo=UTC))  # Wednesday
    # 09:00 + 3 h 45 min of office time, lunch 11:30–13:30 not counted: 14:45 local.
    assert dossier.processing_days == 0.5
    assert dossier.due_at == datetime(2026, 11, 25, 7, 45, tzinfo=UTC)
    assert dossier.due_date == date(2026, 11, 25)

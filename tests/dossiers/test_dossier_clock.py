"""Dossiers on the legal clock: due times to the minute, pauses, extensions, software dates."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from server.engine.days import VIETNAM
from server.engine.dossiers import (
    Receipt,
    change_status,
    extend_due,
    receive_dossier,
    timeliness,
    upsert_from_software,
)
from server.engine.errors import QueueError
from server.engine.log import Actor
from server.models import DossierEvent

CLERK = Actor(user_id=1)
SOFTWARE = Actor(device_id=None)


def local(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A moment of December 2026 in Hà Nội (UTC+7), as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)


def receipt(days, **fields) -> Receipt:
    return Receipt(**({"procedure_name": "Chứng thực bản sao", "applicant_name": "Nguyễn Văn An",
                       "processing_days": days} | fields))


def events(session, dossier) -> list[tuple[str, str]]:
    return [tuple(row) for row in session.execute(
        select(DossierEvent.kind, DossierEvent.reason)
        .where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id))]


def test_working_days_run_to_the_minute_and_the_date_follows(session, site):
    dossier = receive_dossier(session, site, receipt(3), CLERK, now=local(7, 14))  # Monday
    assert dossier.due_at == local(10, 14)  # Thursday 14:00
    assert dossier.due_date == date(2026, 12, 10)
    assert dossier.original_due_at is None and dossier.clock_paused_at is None


@pytest.mark.parametrize(("received", "due"), [
    (local(7, 10), local(7, 17)),          # before 15:00: the same day, at closing
    (local(7, 15), local(7, 17)),          # 15:00 itself is not after the cut-off
    (local(7, 15, 1), local(8, 17)),       # after 15:00: the next working day
    (local(11, 16), local(14, 17)),        # Friday afternoon: Monday
])
def test_same_day_procedures_follow_the_15_00_cut_off(session, site, received, due):
    assert receive_dossier(session, site, receipt(0), CLERK, now=received).due_at == due


def test_saturday_reception_counts_only_where_the_back_office_works(session, site):
    site.works_saturday = True
    saturday = local(12, 9)
    assert receive_dossier(session, site, receipt(1), CLERK, now=saturday).due_at == local(14, 17)
    site.back_office_saturdays = True
    assert receive_dossier(session, site, receipt(1), CLERK, now=saturday).due_at == local(14, 9)


def test_a_supplement_request_pauses_the_clock_and_the_return_resumes_it(session, site):
    dossier = receive_dossier(session, site, receipt(2), CLERK, now=local(7, 9))
    assert dossier.due_at == local(9, 9)
    change_status(session, dossier, "supplement_requested", CLERK, "Thiếu bản sao CCCD",
                  now=local(8, 9))  # one working day left
    assert dossier.clock_paused_at == local(8, 9)
    # Waiting for the citizen is not the office's delay: not overdue a week on.
    assert timeliness(dossier, date(2026, 12, 14)) == "in_progress"
    change_status(session, dossier, "in_progress", CLERK, now=local(14, 14))
    assert dossier.clock_paused_at is None
    assert (dossier.due_at, dossier.due_date) == (local(15, 14), date(2026, 12, 15))
    change_status(session, dossier, "ready", CLERK, now=local(15, 10))
    assert timeliness(dossier, date(2026, 12, 20)) == "on_time"


def test_an_extension_keeps_the_original_due_time_for_timeliness(session, site):
    dossier = receive_dossier(session, site, receipt(2), CLERK, now=local(7, 9))
    with pytest.raises(QueueError) as bare:
        extend_due(session, dossier, local(11, 17), " ", CLERK)
    assert bare.value.code == "reason_required"
    with pytest.raises(QueueError) as earlier:
        extend_due(session, dossier, local(8, 17), "Xong sớm", CLERK)
    assert earlier.value.code == "extension_not_later"
    extend_due(session, dossier, local(11, 17), "Chờ kết quả xác minh", CLERK, now=local(9, 8))
    assert (dossier.due_at, dossier.due_date) == (local(11, 17), date(2026, 12, 11))
    assert dossier.original_due_at == local(9, 9)
    assert dossier.extension_reason == "Chờ kết quả xác minh"
    # Overdue from the day after the original due date, although the new one is later.
    assert timeliness(dossier, date(2026, 12, 10)) == "overdue"
    change_status(session, dossier, "ready", CLERK, now=local(10, 10))
    assert timeliness(dossier, date(2026, 12, 10)) == "late"
    assert events(session, dossier)[-2] == ("extended", "Chờ kết quả xác minh")
    with pytest.raises(QueueError) as finished:
        extend_due(session, dossier, local(18, 17), "Lần nữa", CLERK)
    assert finished.value.code == "dossier_finished"


def test_a_second_extension_keeps_the_first_due_time(session, site):
    dossier = receive_dossier(session, site, receipt(2), CLERK, now=local(7, 9))
    extend_due(session, dossier, local(11, 17), "Lần một", CLERK)
    extend_due(session, dossier, local(16, 17), "Lần hai", CLERK)
    assert (dossier.original_due_at, dossier.due_at) == (local(9, 9), local(16, 17))


def test_the_software_moving_a_due_date_is_recorded_as_an_extension(session, site):
    body = receipt(None, due_date=date(2026, 12, 9))
    dossier, _ = upsert_from_software(session, site, "000.00.12.H26-7", body, SOFTWARE,
                                      received_at=local(7, 9), status="in_progress")
    assert dossier.due_at == local(9, 17) and dossier.original_due_at is None
    upsert_from_software(session, site, "000.00.12.H26-7", body, SOFTWARE,
                         received_at=local(7, 9), status="in_progress")
    assert [kind for kind, _ in events(session, dossier)] == ["received", "status"]
    later = receipt(None, due_date=date(2026, 12, 11))
    upsert_from_software(session, site, "000.00.12.H26-7", later, SOFTWARE,
                         received_at=local(7, 9), status="in_progress")
    assert (dossier.due_date, dossier.original_due_at) == (date(2026, 12, 11), local(9, 17))
    assert events(session, dossier)[-1] == ("extended", "theo hệ thống một cửa")
    again = receipt(None, due_date=date(2026, 12, 14))
    upsert_from_software(session, site, "000.00.12.H26-7", again, SOFTWARE,
                         received_at=local(7, 9), status="in_progress",
                         due_reason="Chờ ý kiến Sở Xây dựng")
    assert events(session, dossier)[-1] == ("extended", "Chờ ý kiến Sở Xây dựng")
    assert dossier.original_due_at == local(9, 17)


def test_the_software_may_bring_a_due_date_forward(session, site):
    dossier, _ = upsert_from_software(session, site, "000.00.12.H26-8",
                                      receipt(None, due_date=date(2026, 12, 11)), SOFTWARE,
                                      received_at=local(7, 9), status="in_progress")
    upsert_from_software(session, site, "000.00.12.H26-8",
                         receipt(None, due_date=date(2026, 12, 9)), SOFTWARE,
                         received_at=local(7, 9), status="in_progress")
    assert (dossier.due_at, dossier.original_due_at) == (local(9, 17), local(11, 17))

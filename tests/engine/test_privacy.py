"""Names and phones are erased once their use ended more than the kept days ago, no sooner."""

from datetime import date, timedelta

from server.engine.issue import issue_ticket
from server.engine.privacy import purge_personal_data
from server.models import (
    Appointment,
    CounterOutcome,
    Dossier,
    Feedback,
    Notification,
    PrintJob,
)
from tests.support.engine import MORNING

OLD = MORNING - timedelta(days=200)
RECENT = MORNING - timedelta(days=10)


def _dossier(session, site, code, status, closed_at, name="Nguyễn Văn An"):
    dossier = Dossier(code=code, site_id=site.id, procedure_name="Đăng ký khai sinh",
                      applicant_name=name, phone="0912345678", received_at=OLD,
                      applicant_address="Số 1 phố Huế",
                      due_date=date(2026, 1, 1), status=status, returned_at=closed_at)
    session.add(dossier)
    return dossier


def test_only_what_ended_long_ago_is_erased(session, site):
    old_ticket = issue_ticket(session, site, "HT", now=OLD).ticket
    new_ticket = issue_ticket(session, site, "HT", now=RECENT).ticket
    old_ticket.phone, new_ticket.phone = "0911111111", "0922222222"
    returned_long_ago = _dossier(session, site, "HS-OLD", "returned", OLD)
    returned_lately = _dossier(session, site, "HS-NEW", "returned", RECENT)
    still_processing = _dossier(session, site, "HS-OPEN", "in_progress", None)
    land = site.services[0]
    past_booking = Appointment(site_id=site.id, service_id=land.id, start=OLD, code="B-OLD",
                               name="Trần Thị Bình", phone="0933333333")
    next_booking = Appointment(site_id=site.id, service_id=land.id, start=MORNING,
                               code="B-NEW", name="Lê Văn Cường", phone="0944444444")
    closed_feedback = Feedback(code="G-OLD", site_id=site.id, category="khac", text="Tốt",
                               name="Phạm Dung", phone="0955555555", closed_at=OLD)
    open_feedback = Feedback(code="G-OPEN", site_id=site.id, category="khac", text="Chờ lâu",
                             name="Võ Em", phone="0966666666")
    session.add_all([past_booking, next_booking, closed_feedback, open_feedback])
    session.flush()
    sent = Notification(ticket_id=old_ticket.id, event="near", phone="0911111111",
                        text="Sap den luot", created_at=OLD)
    session.add(sent)
    old_guidance, new_refusal = (
        CounterOutcome(site_id=site.id, kind=kind, procedure_name="Đăng ký khai sinh",
                       applicant_name=name, at=at, phone="0977777777",
                       applicant_address="Tổ 2, phường Đức Xuân")
        for kind, name, at in (("supplement", "Đỗ Giang", OLD), ("refused", "Hồ Hải", RECENT)))
    session.add_all([old_guidance, new_refusal])
    # Forms for an office printer that did not take them: a day on, the PDF goes, whatever
    # the days kept for the rest.
    pdf = "%PDF-1.4 Hồ Hải".encode()
    stuck_form, waiting_form = (PrintJob(reason="document", document=pdf, created_at=at)
                                for at in (MORNING - timedelta(days=2),
                                           MORNING - timedelta(hours=3)))
    session.add_all([stuck_form, waiting_form])
    session.flush()

    erased = purge_personal_data(session, MORNING, keep_days=180)

    assert erased == {"citizens": 0, "dossiers": 1, "counter_outcomes": 1, "appointments": 1,
                      "feedback": 1, "tickets": 1, "form_print_jobs": 1, "notifications": 1}
    session.expire_all()
    assert (stuck_form.document, stuck_form.status) == (None, "failed")
    assert (waiting_form.document, waiting_form.status) == (pdf, "queued")
    assert (old_guidance.applicant_name, new_refusal.applicant_name) == ("", "Hồ Hải")
    # The forms' address and phone go with the name (Mẫu 01–03 printed them).
    assert (old_guidance.phone, old_guidance.applicant_address) == ("", "")
    assert (new_refusal.phone, new_refusal.applicant_address) == (
        "0977777777", "Tổ 2, phường Đức Xuân")
    assert returned_long_ago.applicant_address == ""
    assert returned_lately.applicant_address == "Số 1 phố Huế"
    assert (returned_long_ago.applicant_name, returned_long_ago.phone) == ("N***n V*n A", "")
    assert returned_lately.applicant_name == "Nguyễn Văn An" and returned_lately.phone
    assert still_processing.applicant_name == "Nguyễn Văn An" and still_processing.phone
    assert (past_booking.name, past_booking.phone) == ("", "")
    assert next_booking.name == "Lê Văn Cường" and next_booking.phone == "0944444444"
    assert (closed_feedback.name, closed_feedback.phone) == ("", "")
    assert closed_feedback.text == "Tốt"  # the message itself stays for the reports
    assert open_feedback.phone == "0966666666"
    assert old_ticket.phone is None and new_ticket.phone == "0922222222"
    assert sent.phone == ""
    assert purge_personal_data(session, MORNING, keep_days=180) == dict.fromkeys(erased, 0)

"""Keeping citizens' names and phone numbers no longer than their purpose needs.

Decree 13/2023/NĐ-CP on personal data asks that personal data be kept only as long as the
purpose it was collected for. A name or phone is needed while a dossier is being processed,
an appointment is pending, feedback is being answered or a ticket is in line; once that ended
more than ``keep_days`` ago it is erased. Counts, times, statuses and texts stay for the reports;
a dossier keeps its masked name, so the public look-up still shows whose it is.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..models import (
    Appointment,
    CounterOutcome,
    Dossier,
    Feedback,
    Notification,
    PrintJob,
    Ticket,
)
from ..models.dossier import REFUSED, RETURNED, WITHDRAWN
from ..models.printing import JOB_FAILED, JOB_PRINTING
from .citizens import purge_citizens
from .dossiers import mask_name

CLOSED_DOSSIER = (RETURNED, REFUSED, WITHDRAWN)
# How long a form waits for its office printer before its PDF is erased, whatever keep_days.
FORM_JOB_KEPT = timedelta(days=1)


def purge_personal_data(session: Session, now: datetime, keep_days: int) -> dict[str, int]:
    """Erase names and phones whose purpose ended before ``keep_days``; return counts by kind."""
    cutoff = now - timedelta(days=keep_days)
    return {
        # Scanned ID cards keep their own, shorter clock (the day's rollover plus 0-90 days).
        "citizens": purge_citizens(session, now),
        "dossiers": _mask_dossiers(session, cutoff),
        # Guidance and refusals at the counter: no dossier to follow, the name is not needed.
        "counter_outcomes": session.execute(
            update(CounterOutcome).where(CounterOutcome.at < cutoff, or_(
                CounterOutcome.applicant_name != "", CounterOutcome.phone != "",
                CounterOutcome.applicant_address != ""))
            .values(applicant_name="", phone="", applicant_address="")).rowcount,
        "appointments": session.execute(
            update(Appointment).where(Appointment.start < cutoff,
                                      or_(Appointment.name != "", Appointment.phone != ""))
            .values(name="", phone="")).rowcount,
        "feedback": session.execute(
            update(Feedback).where(Feedback.closed_at < cutoff,
                                   or_(Feedback.name != "", Feedback.phone != ""))
            .values(name="", phone="")).rowcount,
        "tickets": session.execute(
            update(Ticket).where(Ticket.issued_at < cutoff, Ticket.phone.is_not(None))
            .values(phone=None)).rowcount,
        # A form (names, addresses) its office printer did not take within a day: the visit
        # is over, a fresh copy is printed if wanted; the stale PDF is not kept waiting.
        "form_print_jobs": session.execute(
            update(PrintJob).where(PrintJob.created_at < now - FORM_JOB_KEPT,
                                   PrintJob.document.is_not(None),
                                   PrintJob.status != JOB_PRINTING)
            .values(document=None, status=JOB_FAILED,
                    last_error="not printed before the personal-data purge")).rowcount,
        "notifications": session.execute(
            update(Notification).where(Notification.created_at < cutoff,
                                       Notification.phone != "")
            .values(phone="")).rowcount,
    }


def _mask_dossiers(session: Session, cutoff: datetime) -> int:
    closed_at = func.coalesce(Dossier.returned_at, Dossier.finished_at)
    dossiers = session.scalars(select(Dossier).where(
        Dossier.status.in_(CLOSED_DOSSIER), closed_at < cutoff,
        or_(Dossier.phone != "", Dossier.applicant_address != "",
            Dossier.applicant_name.not_like("%*%"))))
    count = 0
    for dossier in dossiers:
        dossier.applicant_name, dossier.phone = mask_name(dossier.applicant_name), ""
        dossier.applicant_address = ""
        count += 1
    return count

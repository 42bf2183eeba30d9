"""A booked citizen arrives: check-in at the kiosk, and bookings nobody came for."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..models import Appointment, Site, Ticket, utcnow
from ..models.appointment import BOOKED, BOOKED_CONDITION, CHECKED_IN, NO_SHOW
from ..models.ticket import APPOINTMENT_CHANNEL, KIOSK_CHANNEL
from .booking import find_booking
from .days import VIETNAM
from .errors import QueueError, not_found
from .issue import issue_ticket
from .log import SYSTEM, Actor, log_event


@dataclass(frozen=True)
class CheckIn:
    """The ticket a booked citizen got; ``late`` when it is a walk-in ticket instead."""

    ticket: Ticket
    appointment: Appointment
    late: bool
    replayed: bool = False


def check_in(session: Session, site: Site, code: str, *, actor: Actor = SYSTEM,
             now: datetime | None = None, tz=VIETNAM) -> CheckIn:
    """Give the holder of booking ``code`` a ticket at ``site``.

    Within the site's window around the slot the ticket is an appointment ticket; too early
    is refused with the time to come back; too late gives a walk-in ticket.
    """
    now = now or utcnow()
    appointment = find_booking(session, code, lock=True)
    if appointment.site_id != site.id:
        raise not_found("appointment_not_found", "Không tìm thấy lịch hẹn với mã này.",
                        "No appointment has this code.")
    if appointment.status == CHECKED_IN and appointment.ticket is not None:
        ticket = appointment.ticket
        return CheckIn(ticket, appointment, late=ticket.appointment_at is None, replayed=True)
    if appointment.status not in (BOOKED, NO_SHOW):
        raise QueueError("appointment_closed", "Lịch hẹn này đã được huỷ.",
                         "This appointment was cancelled.")
    opens = appointment.start - timedelta(minutes=site.appointment_early_min)
    if now < opens:
        raise _too_early(appointment, opens, tz)
    late = now > appointment.start + timedelta(minutes=site.appointment_late_min)
    ticket = issue_ticket(
        session, site, appointment.service.code, actor=actor, now=now, tz=tz,
        channel=KIOSK_CHANNEL if late else APPOINTMENT_CHANNEL, phone=appointment.phone,
        appointment_at=None if late else appointment.start).ticket
    appointment.status = CHECKED_IN
    appointment.ticket = ticket
    appointment.checked_in_at = now
    log_event(session, ticket, "checked_in", actor, now, appointment=appointment.code, late=late)
    return CheckIn(ticket, appointment, late=late)


def _too_early(appointment: Appointment, opens: datetime, tz) -> QueueError:
    slot, back = appointment.start.astimezone(tz), opens.astimezone(tz)
    error = QueueError(
        "too_early",
        f"Lịch hẹn của {appointment.site.citizen_words['inside']} lúc {slot:%H:%M} "
        f"ngày {slot:%d/%m/%Y}. "
        f"Vui lòng quay lại từ {back:%H:%M} ngày {back:%d/%m/%Y} để lấy số.",
        f"Your appointment is at {slot:%H:%M} on {slot:%Y-%m-%d}. "
        f"Please come back from {back:%H:%M} on {back:%Y-%m-%d} to take your number.")
    error.extra = {"come_back_at": back.isoformat(), "start": slot.isoformat()}
    return error


def mark_no_shows(session: Session, site: Site, now: datetime | None = None) -> int:
    """Record as no-shows the bookings whose check-in window has passed; return how many."""
    now = now or utcnow()
    latest_start = now - timedelta(minutes=site.appointment_late_min)
    missed = session.scalars(select(Appointment).where(
        Appointment.site_id == site.id, text(BOOKED_CONDITION),
        Appointment.start < latest_start)).all()
    for appointment in missed:
        appointment.status = NO_SHOW
    return len(missed)

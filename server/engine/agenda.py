"""The staff's view of a day's bookings: each slot, who booked it and who has come."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Appointment, Site
from ..models.appointment import BOOKED, CANCELLED, CHECKED_IN, HELD, LAPSED, NO_SHOW
from .days import VIETNAM


def day_bookings(session: Session, site: Site, day: date, tz=VIETNAM) -> list[Appointment]:
    """Return the site's bookings starting on local ``day`` (cancelled ones too), by time.

    Bookings still awaiting, or never given, their phone's code are nobody's yet: left out.
    """
    start = datetime.combine(day, time(0), tzinfo=tz)
    return list(session.scalars(
        select(Appointment).options(selectinload(Appointment.service),
                                    selectinload(Appointment.ticket))
        .where(Appointment.site_id == site.id, Appointment.start >= start,
               Appointment.start < start + timedelta(days=1),
               Appointment.status.not_in((HELD, LAPSED)))
        .order_by(Appointment.start, Appointment.id)))


def day_agenda(session: Session, site: Site, day: date, tz=VIETNAM) -> dict:
    """Group a day's live bookings by slot and service, and count them by state."""
    slots: dict[tuple, list] = defaultdict(list)
    totals = {BOOKED: 0, CHECKED_IN: 0, NO_SHOW: 0, CANCELLED: 0}
    for appointment in day_bookings(session, site, day, tz):
        totals[appointment.status] = totals.get(appointment.status, 0) + 1
        if appointment.status == CANCELLED:
            continue
        key = (appointment.start, appointment.service.code, appointment.service.name)
        ticket = appointment.ticket
        slots[key].append({
            "code": appointment.code, "name": appointment.name,
            "phone": mask_phone(appointment.phone), "status": appointment.status,
            "ticket": ticket.number if ticket else None,
            "ticket_status": ticket.status if ticket else None,
        })
    return {
        "slots": [{"start": start.astimezone(tz).isoformat(), "service": code,
                   "service_name": name, "booked": len(people),
                   "checked_in": sum(p["status"] == CHECKED_IN for p in people),
                   "appointments": people}
                  for (start, code, name), people in sorted(slots.items())],
        "totals": totals,
    }


def mask_phone(phone: str) -> str:
    """Show a phone number on staff screens with its middle hidden: 0912***678."""
    return f"{phone[:4]}***{phone[-3:]}" if len(phone) >= 7 else phone

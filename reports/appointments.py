"""Appointments in a period: bookings, check-ins, no-shows, and the wait of booked citizens
against walk-ins. Pure computation over the session, no Flask.

* booked = bookings whose slot falls in the period, not cancelled; cancelled counted apart;
* check-in rate = checked in ÷ booked (slots already over); no-shows = booked, never came;
* wait = called_at − issued_at of the period's called tickets: booked (checked in on time)
  against walk-ins (kiosk and phone numbers, and late arrivals).
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.days import VIETNAM
from server.models import Appointment, Ticket
from server.models.appointment import CANCELLED, CHECKED_IN, NO_SHOW
from server.models.ticket import APPOINTMENT_CHANNEL

from .stats import mean, percentile_nearest_rank


def appointment_report(session: Session, start: date, end: date,
                       site_ids: tuple[int, ...] | None) -> dict:
    """Count the period's bookings by outcome and compare booked and walk-in waits."""
    first = datetime.combine(start, time(0), tzinfo=VIETNAM)
    last = datetime.combine(end + timedelta(days=1), time(0), tzinfo=VIETNAM)
    bookings = select(Appointment.status).where(Appointment.start >= first,
                                                Appointment.start < last)
    tickets = select(Ticket.channel, Ticket.issued_at, Ticket.called_at).where(
        Ticket.service_day >= start, Ticket.service_day <= end, Ticket.called_at.is_not(None))
    if site_ids is not None:
        bookings = bookings.where(Appointment.site_id.in_(site_ids))
        tickets = tickets.where(Ticket.site_id.in_(site_ids))
    statuses = session.scalars(bookings).all()
    booked = sum(status != CANCELLED for status in statuses)
    checked_in = statuses.count(CHECKED_IN)
    waits = {"booked": [], "walk_in": []}
    for channel, issued_at, called_at in session.execute(tickets):
        kind = "booked" if channel == APPOINTMENT_CHANNEL else "walk_in"
        waits[kind].append((called_at - issued_at).total_seconds())
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "booked": booked, "cancelled": statuses.count(CANCELLED),
        "checked_in": checked_in, "no_show": statuses.count(NO_SHOW),
        "check_in_rate": round(checked_in / booked, 3) if booked else None,
        "wait": {kind: {"count": len(values), "mean_s": _rounded(mean(values)),
                        "p90_s": _rounded(percentile_nearest_rank(values, 90))}
                 for kind, values in waits.items()},
    }


def _rounded(value):
    return None if value is None else round(value)

"""Bookings as the citizen holding the code sees them."""

from datetime import timedelta

from flask import url_for

from ..engine.days import VIETNAM
from ..models import Appointment


def appointment_view(appointment: Appointment) -> dict:
    """Describe a booking to whoever holds its code."""
    start = appointment.start.astimezone(VIETNAM)
    site = appointment.site
    return {
        "code": appointment.code,
        "service": appointment.service.code,
        "service_name": appointment.service.name,
        "service_name_en": appointment.service.name_en,
        "site": site.code,
        "site_name": site.name,
        "citizen": site.citizen_words,
        "start": start.isoformat(),
        "check_in_from": (start - timedelta(minutes=site.appointment_early_min)).isoformat(),
        "check_in_until": (start + timedelta(minutes=site.appointment_late_min)).isoformat(),
        "name": appointment.name,
        "phone": appointment.phone,
        "status": appointment.status,
        "qr_url": url_for("api.appointment_qr", code=appointment.code),
        "manage_url": url_for("booking.manage_page", code=appointment.code),
    }

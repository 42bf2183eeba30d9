"""Bookings as the citizen holding the code sees them."""

from datetime import timedelta

from flask import url_for

from ..engine.days import VIETNAM
from ..engine.dossiers import mask_name
from ..models import Appointment


def public_phone(phone: str) -> str:
    """Hide a phone number but its last three digits: ``0912345678`` → ``*******678``."""
    return "*" * max(len(phone) - 3, 0) + phone[-3:]


def appointment_view(appointment: Appointment, *, public: bool = True) -> dict:
    """Describe a booking to whoever holds its code: name and phone masked for the public.

    An integration device, which booked it with the citizen's details, sees them in full.
    """
    start = appointment.start.astimezone(VIETNAM)
    site = appointment.site
    return {
        "code": appointment.code,
        "service": appointment.service.code,
        "service_name": appointment.service.name,
        "service_name_en": appointment.service.name_en,
        "site": site.code,
        "site_name": site.name,
        "start": start.isoformat(),
        "check_in_from": (start - timedelta(minutes=site.appointment_early_min)).isoformat(),
        "check_in_until": (start + timedelta(minutes=site.appointment_late_min)).isoformat(),
        "name": mask_name(appointment.name) if public else appointment.name,
        "phone": public_phone(appointment.phone) if public else appointment.phone,
        "status": appointment.status,
        "qr_url": url_for("api.appointment_qr", code=appointment.code),
        "manage_url": url_for("booking.manage_page", code=appointment.code),
    }

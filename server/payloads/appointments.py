"""Bookings as the citizen holding the code sees them, and the day's agenda for staff."""

from datetime import date, timedelta
from typing import Literal, Self

from flask import url_for
from pydantic import Field

from ..engine.days import VIETNAM
from ..engine.dossiers import mask_name
from ..models import Appointment
from ..models.appointment import APPOINTMENT_STATUSES
from .common import Moment, Payload
from .tickets import CitizenWords


def public_phone(phone: str) -> str:
    """Hide a phone number but its last three digits: ``0912345678`` → ``*******678``."""
    return "*" * max(len(phone) - 3, 0) + phone[-3:]


class AppointmentView(Payload):
    """A booking, to whoever holds its code; times in Việt Nam's zone."""

    code: str
    service: str
    service_name: str
    service_name_en: str
    site: str
    site_name: str
    citizen: CitizenWords = Field(description="how the site addresses the citizen")
    start: Moment
    check_in_from: Moment
    check_in_until: Moment
    name: str
    phone: str
    status: Literal[APPOINTMENT_STATUSES]
    qr_url: str
    manage_url: str
    expires_at: Moment | None = Field(None, description=(
        "202 only: a held booking counts once the code sent to its phone is typed back "
        "(POST …/confirm) before this time, else its place is given back"))

    @classmethod
    def of(cls, appointment: Appointment, *, public: bool = True, **extra) -> Self:
        """Describe a booking to whoever holds its code: name and phone masked for the public.

        An integration device, which booked it with the citizen's details, sees them in full.
        """
        start = appointment.start.astimezone(VIETNAM)
        site = appointment.site
        return cls(
            code=appointment.code,
            service=appointment.service.code,
            service_name=appointment.service.name,
            service_name_en=appointment.service.name_en,
            site=site.code,
            site_name=site.name,
            citizen=site.citizen_words,
            start=start,
            check_in_from=start - timedelta(minutes=site.appointment_early_min),
            check_in_until=start + timedelta(minutes=site.appointment_late_min),
            name=mask_name(appointment.name) if public else appointment.name,
            phone=public_phone(appointment.phone) if public else appointment.phone,
            status=appointment.status,
            qr_url=url_for("api.appointment_qr", code=appointment.code),
            manage_url=url_for("booking.manage_page", code=appointment.code),
            **extra,
        )


class SlotView(Payload):
    start: Moment
    capacity: int
    available: int


class SlotList(Payload):
    site: str
    service: str
    date: date
    slots: list[SlotView]


class AgendaPerson(Payload):
    code: str
    name: str
    phone: str = Field(description="masked: 0912***678")
    status: str
    ticket: str | None
    ticket_status: str | None


class AgendaSlot(Payload):
    start: Moment
    service: str
    service_name: str
    booked: int
    checked_in: int
    appointments: list[AgendaPerson]


class AgendaTotals(Payload):
    booked: int
    checked_in: int
    no_show: int
    cancelled: int


class DayAgenda(Payload):
    site: str
    date: date
    slots: list[AgendaSlot]
    totals: AgendaTotals

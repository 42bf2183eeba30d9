"""Bookings as the citizen holding the code sees them, and the day's agenda for staff."""

from datetime import date, timedelta
from typing import Literal, Self

from flask import url_for
from pydantic import Field

from ..engine.days import VIETNAM
from ..models import Appointment
from .common import Moment, Payload


class AppointmentView(Payload):
    """A booking, to whoever holds its code; times in Việt Nam's zone."""

    code: str
    service: str
    service_name: str
    service_name_en: str
    site: str
    site_name: str
    start: Moment
    check_in_from: Moment
    check_in_until: Moment
    name: str
    phone: str
    status: Literal["booked", "checked_in", "cancelled", "no_show"]
    qr_url: str
    manage_url: str

    @classmethod
    def of(cls, appointment: Appointment) -> Self:
        """Describe a booking to whoever holds its code."""
        start = appointment.start.astimezone(VIETNAM)
        site = appointment.site
        return cls(
            code=appointment.code,
            service=appointment.service.code,
            service_name=appointment.service.name,
            service_name_en=appointment.service.name_en,
            site=site.code,
            site_name=site.name,
            start=start,
            check_in_from=start - timedelta(minutes=site.appointment_early_min),
            check_in_until=start + timedelta(minutes=site.appointment_late_min),
            name=appointment.name,
            phone=appointment.phone,
            status=appointment.status,
            qr_url=url_for("api.appointment_qr", code=appointment.code),
            manage_url=url_for("booking.manage_page", code=appointment.code),
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

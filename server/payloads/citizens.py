"""The citizen who scanned their ID card, as the kiosk and their clerk see them.

Never more of the ID number than its last four digits; the name and address only to the
kiosk the citizen stands at and to the clerk serving them, never to the screens' news.
"""

from datetime import date, datetime
from typing import Self

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..engine.citizen_id import age_on, honorific, is_elderly
from ..engine.citizens import tickets_of
from ..engine.days import VIETNAM, service_day
from ..models import Appointment, Citizen, Dossier, Site, Ticket
from ..models.appointment import BOOKED
from ..models.dossier import RETURNED, WITHDRAWN
from .common import Moment, Payload
from .dossiers import CollectAt, DossierPublic, DossierStatus
from .tickets import TicketStatusView

MAX_LISTED = 20


class CitizenDossier(Payload):
    """One of the person's dossiers at the site: where it stands and where to collect it."""

    code: str
    procedure: str
    status: DossierStatus
    status_label: str
    status_label_en: str
    due_date: date
    overdue: bool
    collect_at: CollectAt

    @classmethod
    def of(cls, dossier: Dossier) -> Self:
        """Describe one of the person's dossiers, as its public look-up does."""
        return cls.model_validate(DossierPublic.of(dossier), from_attributes=True)


class CitizenBooking(Payload):
    """One of the person's bookings at the site, from today on."""

    code: str
    service: str
    service_name: str
    start: Moment
    status: str
    check_in_today: bool = Field(description="true when it can be checked in now")

    @classmethod
    def of(cls, booking: Appointment, today: date) -> Self:
        """Describe a booking; today's may be checked in from the kiosk."""
        start = booking.start.astimezone(VIETNAM)
        return cls(code=booking.code, service=booking.service.code,
                   service_name=booking.service.name, start=start, status=booking.status,
                   check_in_today=start.date() == today)


class CitizenScan(Payload):
    """Who scanned their card, greeted by name; the ID number never comes back but its
    last four digits."""

    name: str
    honorific: str = Field(description="Ông or Bà, from the card")
    greeting: str
    greeting_en: str
    age: int | None
    priority_eligible: bool = Field(description="60 or over (Law on the Elderly, Art. 2)")
    id_last4: str
    waiting: list[TicketStatusView] = Field(description="this person's waiting tickets today")
    dossiers: list[CitizenDossier]
    bookings: list[CitizenBooking]

    @classmethod
    def of(cls, session: Session, site: Site, citizen: Citizen, now: datetime) -> Self:
        """Describe the scanned person and what they have at ``site``."""
        today = now.astimezone(VIETNAM).date()
        title, name = honorific(citizen.sex), citizen.full_name
        waiting = tickets_of(session, citizen, site, service_day(now, site.rollover_at),
                             "waiting")
        return cls(
            name=name, honorific=title,
            greeting=f"Kính chào {title} {name}" if name else f"Kính chào {title}",
            greeting_en=f"Welcome, {name}" if name else "Welcome",
            age=age_on(citizen.birth_date, today),
            priority_eligible=is_elderly(citizen.birth_date, today),
            id_last4=citizen.id_last4,
            waiting=[TicketStatusView.of(ticket) for ticket in waiting],
            dossiers=[CitizenDossier.of(dossier) for dossier in session.scalars(
                select(Dossier).where(Dossier.site_id == site.id,
                                      Dossier.applicant_id_hash == citizen.id_hash,
                                      Dossier.status.not_in((RETURNED, WITHDRAWN)))
                .order_by(Dossier.received_at.desc()).limit(MAX_LISTED))],
            bookings=[CitizenBooking.of(booking, today) for booking in session.scalars(
                select(Appointment).where(
                    Appointment.site_id == site.id, Appointment.id_hash == citizen.id_hash,
                    Appointment.status == BOOKED,
                    Appointment.start >= datetime.combine(today, datetime.min.time(),
                                                          tzinfo=VIETNAM))
                .order_by(Appointment.start).limit(MAX_LISTED))],
        )


class ServedCitizen(Payload):
    """The person the counter is serving, from their card scan: to their clerk only."""

    ticket: str = Field(description="the ticket's number")
    name: str
    honorific: str
    id_last4: str
    birth_date: date | None
    age: int | None
    address: str

    @classmethod
    def of(cls, ticket: Ticket, citizen: Citizen, today: date) -> Self:
        """Describe the person a ticket was taken for, to the clerk serving it."""
        return cls(ticket=ticket.number, name=citizen.full_name,
                   honorific=honorific(citizen.sex), id_last4=citizen.id_last4,
                   birth_date=citizen.birth_date, age=age_on(citizen.birth_date, today),
                   address=citizen.address)

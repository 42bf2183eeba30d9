"""Citizens known by their ID card: remember a scan, find their tickets, forget on time.

A scan keeps the card's name, birth date and address only until the day's rollover plus the
site's retention (0–90 days, ``CITIZEN_DETAILS_DAYS``); the ID number itself is never kept,
only its keyed hash and last four digits (see :mod:`server.engine.citizen_id`).
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Citizen, Site, Ticket, TicketCitizen
from ..models.ticket import WAITING
from .citizen_id import CitizenCard, id_hash
from .days import VIETNAM, service_day

MAX_DETAILS_DAYS = 90


def details_until(site: Site, now: datetime, keep_days: int) -> datetime:
    """Return when a scan's details are erased: the next rollover, plus ``keep_days``."""
    if not 0 <= keep_days <= MAX_DETAILS_DAYS:
        raise ValueError(f"keep_days must be between 0 and {MAX_DETAILS_DAYS}")
    day = service_day(now, site.rollover_at)
    rollover = datetime.combine(day + timedelta(days=1 + keep_days), site.rollover_at or time(0),
                                tzinfo=VIETNAM)
    return rollover.astimezone(UTC)


def remember(session: Session, site: Site, card: CitizenCard, secret: str, now: datetime,
             keep_days: int) -> Citizen:
    """Record a scan: the person's hash, and what the card says until the retention ends.

    A typed number carries no name: an earlier scan's details are kept, not blanked.
    """
    hashed = id_hash(secret, card.id_number)
    citizen = session.scalar(select(Citizen).where(Citizen.id_hash == hashed))
    until = details_until(site, now, keep_days)
    if citizen is None:
        citizen = Citizen(id_hash=hashed, id_last4=card.id_last4, first_seen_at=now,
                          details_until=until)
        session.add(citizen)
    citizen.last_seen_at = now
    citizen.details_until = max(citizen.details_until, until)
    if card.full_name:
        citizen.full_name, citizen.birth_date = card.full_name, card.birth_date
        citizen.sex, citizen.address = card.sex, card.address
    session.flush()
    return citizen


def tickets_of(session: Session, citizen: Citizen, site: Site, day: date,
               status: str | None = None) -> list[Ticket]:
    """Return the person's tickets of ``day`` at ``site``, oldest first."""
    query = (select(Ticket).join(TicketCitizen, TicketCitizen.ticket_id == Ticket.id)
             .where(TicketCitizen.citizen_id == citizen.id, Ticket.site_id == site.id,
                    Ticket.service_day == day).order_by(Ticket.id))
    if status is not None:
        query = query.where(Ticket.status == status)
    return list(session.scalars(query))


def waiting_ticket_for(session: Session, citizen: Citizen, site: Site, service_id: int,
                       day: date) -> Ticket | None:
    """Return the ticket this person already waits with for ``service_id`` today, if any."""
    for ticket in tickets_of(session, citizen, site, day, WAITING):
        if ticket.service_id == service_id:
            return ticket
    return None


def link_ticket(session: Session, ticket: Ticket, citizen: Citizen) -> None:
    """Tie ``ticket`` to the person it was taken for."""
    session.add(TicketCitizen(ticket_id=ticket.id, citizen_id=citizen.id))


def citizen_of(session: Session, ticket: Ticket) -> Citizen | None:
    """Return the person a ticket was taken for, when they scanned their card."""
    return session.scalar(select(Citizen).join(TicketCitizen).where(
        TicketCitizen.ticket_id == ticket.id))


def purge_citizens(session: Session, now: datetime) -> int:
    """Forget everyone past their retention: their tickets' link and the row with the details.

    The tickets stay, for the reports; they no longer say whose they were.
    """
    expired = select(Citizen.id).where(Citizen.details_until <= now)
    session.execute(delete(TicketCitizen).where(TicketCitizen.citizen_id.in_(expired)))
    return session.execute(delete(Citizen).where(Citizen.details_until <= now)).rowcount

"""Linking the visit being served to the dossiers it brought in or came to collect.

Either side may record it: the clerk scanning the receipt's code at the console, or the
province's one-stop software naming the counter, the ticket's number or its public code.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Counter, Dossier, Site, Ticket, utcnow
from ..models.dossier import FINISHED, RETURNED
from ..models.dossier_link import LINK_RECEIVED, LINK_RETURNED, TicketDossier
from ..models.ticket import ACTIVE_AT_COUNTER
from .days import service_day
from .dossiers import change_status
from .errors import QueueError, not_found
from .log import Actor
from .lookups import ticket_by_public_code
from .webhook_events import dossier_linked


@dataclass(frozen=True)
class LinkResult:
    """A visit's link to a dossier, whether it is new, and the pick-up it recorded."""

    link: TicketDossier
    created: bool


def no_ticket() -> QueueError:
    return not_found("ticket_not_found", "Không tìm thấy lượt phục vụ hôm nay để gắn hồ sơ.",
                     "No visit of today to link the dossier to.")


def serving_ticket(counter: Counter) -> Ticket:
    """Return the ticket being served at ``counter`` or refuse (409 nothing_serving)."""
    ticket = counter.current_ticket
    if ticket is None or ticket.status not in ACTIVE_AT_COUNTER:
        raise QueueError("nothing_serving", f"Quầy {counter.number} không phục vụ ai lúc này.",
                         f"Counter {counter.number} is serving nobody now.")
    return ticket


def todays_ticket(session: Session, site: Site, *, number: str | None = None,
                  public_code: str | None = None, now: datetime | None = None) -> Ticket:
    """Return today's ticket of ``site`` by its printed number or its public code."""
    day = service_day(now or utcnow(), site.rollover_at)
    statement = select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day == day)
    if public_code is not None:
        statement = statement.where(Ticket.public_code == public_code.strip())
    else:
        statement = statement.where(Ticket.number == (number or "").strip())
    # A number may repeat across services; the one most recently called is the one served.
    ticket = session.scalars(statement.order_by(Ticket.called_at.desc().nulls_last(),
                                                Ticket.id.desc())).first()
    if ticket is None:
        raise no_ticket()
    return ticket


def ticket_by_ref(session: Session, ref: str, now: datetime | None = None) -> Ticket:
    """Return today's ticket named by ``ref``: its id (digits) or its public code.

    Public codes are 12 characters of a random token, so a shorter run of digits is an id.
    """
    ref = ref.strip()
    if ref.isdigit() and len(ref) < 12:
        ticket = session.get(Ticket, int(ref))
    else:
        ticket = ticket_by_public_code(session, ref)
    if ticket is None or ticket.service_day != service_day(now or utcnow(),
                                                           ticket.site.rollover_at):
        raise no_ticket()
    return ticket


def link_kind(dossier: Dossier) -> str:
    """Say which visit a link records: the pick-up once the result is out, else the receipt."""
    return LINK_RETURNED if dossier.status in FINISHED else LINK_RECEIVED


def link_dossier(session: Session, dossier: Dossier, ticket: Ticket, actor: Actor, *,
                 source: str = "counter", kind: str | None = None,
                 now: datetime | None = None) -> LinkResult:
    """Link ``dossier`` to the visit ``ticket``; linking it again changes nothing.

    A dossier is handed in, and collected, during one visit each (409
    dossier_linked_elsewhere); the first
    ticket is also kept on the dossier itself. Linking a pick-up marks a ready or refused
    dossier returned.
    """
    now = now or utcnow()
    if ticket.site_id != dossier.site_id:
        raise not_found("dossier_not_found", "Không tìm thấy hồ sơ với mã này.",
                        "No dossier has this code.")
    if ticket.called_at is None:
        raise QueueError("ticket_not_served", f"Số {ticket.number} chưa được gọi tới quầy.",
                         f"Ticket {ticket.number} has not been called to a counter yet.")
    kind = kind or link_kind(dossier)
    existing = session.scalar(select(TicketDossier).where(
        TicketDossier.dossier_id == dossier.id, TicketDossier.kind == kind))
    if existing is not None and existing.ticket_id == ticket.id:
        return LinkResult(existing, False)
    if existing is not None:
        raise QueueError("dossier_linked_elsewhere",
                         "Hồ sơ này đã được gắn với một lượt phục vụ khác.",
                         f"This dossier is already linked to another visit ({kind}).")
    link = TicketDossier(ticket_id=ticket.id, dossier_id=dossier.id, kind=kind,
                         site_id=dossier.site_id, counter_id=ticket.counter_id,
                         clerk_id=ticket.clerk_id, source=source, at=now)
    session.add(link)
    if kind == LINK_RECEIVED:
        dossier.ticket_id = dossier.ticket_id or ticket.id
        dossier.counter_id = dossier.counter_id or ticket.counter_id
        dossier.service_id = dossier.service_id or ticket.service_id
        # The software's dossiers name no clerk: the one serving the visit received it.
        dossier.clerk_id = dossier.clerk_id or ticket.clerk_id
    elif dossier.status != RETURNED:
        change_status(session, dossier, RETURNED, actor, now=now, enforce_order=False)
    session.flush()
    if kind == LINK_RECEIVED and dossier.ticket_id == ticket.id:
        dossier_linked(session, dossier, now)  # the webhooks' "dossier linked"
    return LinkResult(link, True)


def links_of_ticket(session: Session, ticket_id: int) -> list[TicketDossier]:
    """Return the dossiers linked to one visit, oldest first."""
    return list(session.scalars(select(TicketDossier).where(
        TicketDossier.ticket_id == ticket_id).order_by(TicketDossier.id)))


def link_pick_up(session: Session, dossier: Dossier, counter: Counter | None,
                 actor: Actor) -> LinkResult | None:
    """Link a dossier just marked returned to the visit ``counter`` is serving, if any."""
    ticket = counter.current_ticket if counter is not None else None
    if dossier.status != RETURNED or ticket is None or ticket.status not in ACTIVE_AT_COUNTER:
        return None
    return link_dossier(session, dossier, ticket, actor, kind=LINK_RETURNED)

"""The append-only ticket event log."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..models import Ticket, TicketEvent


@dataclass(frozen=True)
class Actor:
    """Who caused a change: a staff user, a device, or neither (the system)."""

    user_id: int | None = None
    device_id: int | None = None


SYSTEM = Actor()


def log_event(session: Session, ticket: Ticket, kind: str, actor: Actor, now: datetime,
              counter_id: int | None = None, **data) -> None:
    """Append one event for ``ticket``; events are never updated or deleted."""
    session.add(TicketEvent(
        ticket_id=ticket.id, at=now, kind=kind, counter_id=counter_id,
        user_id=actor.user_id, device_id=actor.device_id, data=data,
    ))

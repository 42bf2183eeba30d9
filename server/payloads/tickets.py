"""Tickets and counters as every screen and API client sees them."""

from flask import current_app
from sqlalchemy.orm import object_session

from ..engine.snapshot import ServicePace, queue_position
from ..models import Counter, Ticket
from .common import iso


def ticket_view(ticket: Ticket) -> dict:
    """Describe a ticket for clients: number, service, status and times (UTC ISO 8601)."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service": ticket.service.code,
        "service_name": ticket.service.name,
        "priority": ticket.priority,
        "appointment": ticket.appointment_at is not None,
        "appointment_at": iso(ticket.appointment_at),
        "channel": ticket.channel,
        "status": ticket.status,
        "service_day": ticket.service_day.isoformat(),
        "counter": ticket.counter.number if ticket.counter else None,
        "issued_at": iso(ticket.issued_at),
        "called_at": iso(ticket.called_at),
        "started_at": iso(ticket.started_at),
        "finished_at": iso(ticket.finished_at),
        "recall_count": ticket.recall_count,
        "public_code": ticket.public_code,
        "procedure": ({"code": ticket.procedure.code, "name": ticket.procedure.name}
                      if ticket.procedure else None),
    }


def counter_view(counter: Counter) -> dict:
    """Describe a counter and the ticket it is serving, if any (``counter_changed``)."""
    current = counter.current_ticket
    return {
        "number": counter.number,
        "name": counter.name,
        "status": counter.status,
        "services": [s.code for s in counter.services],
        "clerk": counter.clerk.full_name if counter.clerk else None,
        "ticket": ticket_view(current) if current else None,
    }


def _pace() -> ServicePace:
    extensions = current_app.extensions
    if "qms_pace" not in extensions:
        extensions["qms_pace"] = ServicePace(window=current_app.config["ESTIMATE_WINDOW"])
    return extensions["qms_pace"]


def position_of(ticket: Ticket) -> tuple[int, int]:
    """Return (waiting ahead, estimated wait in seconds) for ``ticket`` now.

    Reads through the ticket's own session: a background unit of work (the day rollover)
    holds SQLite's one connection, and a second session would wait for it forever.
    """
    return queue_position(object_session(ticket), ticket,
                          current_app.config["ESTIMATE_WINDOW"], _pace())


def ticket_status(ticket: Ticket, position: tuple[int, int] | None = None) -> dict:
    """Describe a ticket with its live place in the queue and estimated wait (``ticket_status``)."""
    ahead, estimate = position or position_of(ticket)
    near = ticket.site.notify_ahead
    return ticket_view(ticket) | {"waiting_ahead": ahead, "estimated_wait_s": estimate,
                                  "site": ticket.site.code,
                                  "citizen": ticket.site.citizen_words,
                                  "status_url": f"/t/{ticket.public_code}",
                                  "notify_ahead": near if near is not None else int(
                                      current_app.config["NOTIFY_AHEAD"])}

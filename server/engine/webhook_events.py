"""The events a site can send to its webhooks, and what each carries.

One registry (``EVENT_KINDS``) names every kind, with its Vietnamese label and the personal
fields it could carry; the builders below take a changed row and queue its event with
``record_event`` in the caller's transaction. A payload holds ids, codes, numbers, service and
counter codes, times, statuses and ratings; names, phones and free text are personal and go
out only to an endpoint that lists them in ``include_personal``.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, object_session

from ..models import Dossier, DossierRating, Feedback, Ticket, Vote, utcnow
from .outbox import record_event


@dataclass(frozen=True)
class EventKind:
    """One kind of event: its label for the admin, and the personal fields it may carry."""

    label: str
    label_en: str
    personal: tuple[str, ...] = ()


TICKET_ISSUED = "ticket.issued"
TICKET_CALLED = "ticket.called"
TICKET_SERVED = "ticket.served"
TICKET_NO_SHOW = "ticket.no_show"
DOSSIER_LINKED = "dossier.linked"
RATING_RECORDED = "rating.recorded"
FEEDBACK_RECEIVED = "feedback.received"
FEEDBACK_ANSWERED = "feedback.answered"
EVENT_KINDS = {
    TICKET_ISSUED: EventKind("Cấp số", "Ticket issued", ("phone",)),
    TICKET_CALLED: EventKind("Gọi số", "Ticket called", ("phone",)),
    TICKET_SERVED: EventKind("Phục vụ xong", "Ticket served", ("phone",)),
    TICKET_NO_SHOW: EventKind("Vắng mặt khi gọi", "No-show", ("phone",)),
    DOSSIER_LINKED: EventKind("Hồ sơ gắn với số", "Dossier linked to a ticket",
                              ("applicant_name", "phone")),
    RATING_RECORDED: EventKind("Đánh giá hài lòng", "Rating recorded"),
    FEEDBACK_RECEIVED: EventKind("Nhận phản ánh", "Feedback received",
                                 ("name", "phone", "text")),
    FEEDBACK_ANSWERED: EventKind("Trả lời phản ánh", "Feedback answered",
                                 ("name", "phone", "text", "reply")),
}
PERSONAL_FIELDS = tuple(sorted({name for kind in EVENT_KINDS.values()
                                for name in kind.personal}))


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def ticket_key(ticket_id: int) -> str:
    """Events of one ticket (and of the dossiers and rating it brought) keep their order."""
    return f"ticket:{ticket_id}"


def ticket_event(session: Session, ticket: Ticket, kind: str,
                 now: datetime | None = None) -> None:
    """Queue ``kind`` (issued, called, served, no-show) about ``ticket``."""
    payload = {
        "ticket_id": ticket.id, "ticket_code": ticket.public_code, "number": ticket.number,
        "service": ticket.service.code, "procedure": ticket.procedure.code
        if ticket.procedure else None,
        "counter": ticket.counter.number if ticket.counter else None,
        "status": ticket.status, "priority": ticket.priority, "channel": ticket.channel,
        "service_day": ticket.service_day.isoformat(), "issued_at": _time(ticket.issued_at),
        "called_at": _time(ticket.called_at), "finished_at": _time(ticket.finished_at),
        "appointment_at": _time(ticket.appointment_at), "no_show_count": ticket.no_show_count,
    }
    record_event(session, ticket.site_id, kind, ticket_key(ticket.id), payload,
                 {"phone": ticket.phone}, now)


def dossier_linked(session: Session, dossier: Dossier, now: datetime | None = None) -> None:
    """Queue "dossier linked" when a dossier is received for a ticket (none without one)."""
    if dossier.ticket_id is None:
        return
    ticket = session.get(Ticket, dossier.ticket_id)
    payload = {
        "dossier_id": dossier.id, "dossier_code": dossier.code, "ticket_id": ticket.id,
        "ticket_code": ticket.public_code, "number": ticket.number,
        "service": ticket.service.code, "procedure": dossier.procedure_code or None,
        "counter": ticket.counter.number if ticket.counter else None,
        "status": dossier.status, "received_at": _time(dossier.received_at),
        "due_date": dossier.due_date.isoformat() if dossier.due_date else None,
    }
    record_event(session, dossier.site_id, DOSSIER_LINKED, ticket_key(ticket.id), payload,
                 {"applicant_name": dossier.applicant_name, "phone": dossier.phone}, now)


def rating_recorded(session: Session, vote: Vote, ticket: Ticket,
                    now: datetime | None = None) -> None:
    """Queue "rating recorded" for a citizen's vote on ``ticket``."""
    payload = {
        "vote_id": vote.id, "ticket_id": ticket.id, "ticket_code": ticket.public_code,
        "number": ticket.number, "service": ticket.service.code,
        "counter": ticket.counter.number if ticket.counter else None,
        "rating": vote.rating, "reason": vote.reason or None, "rated_at": _time(vote.at),
    }
    record_event(session, vote.site_id, RATING_RECORDED, ticket_key(ticket.id), payload,
                 now=now)


def dossier_rated(session: Session, rating: DossierRating, dossier: Dossier,
                  now: datetime | None = None) -> None:
    """Queue "rating recorded" for a citizen's rating of a dossier's visit (no ``vote_id``:
    ``dossier_code`` and ``scores`` instead), ordered with the visit's ticket if known."""
    ticket = session.get(Ticket, rating.ticket_id) if rating.ticket_id else None
    payload = {
        "rating_id": rating.id, "dossier_id": dossier.id, "dossier_code": dossier.code,
        "kind": rating.kind, "channel": rating.channel,
        "ticket_id": ticket.id if ticket else None,
        "ticket_code": ticket.public_code if ticket else None,
        "number": ticket.number if ticket else None,
        "procedure": dossier.procedure_code or None,
        "counter": ticket.counter.number if ticket and ticket.counter else None,
        "scores": dict(rating.scores), "average": rating.average, "rated_at": _time(rating.at),
    }
    key = ticket_key(ticket.id) if ticket else f"dossier:{dossier.id}"
    record_event(session, dossier.site_id, RATING_RECORDED, key, payload, now=now)


def feedback_event(feedback: Feedback, kind: str, now: datetime | None = None) -> None:
    """Queue "feedback received" or "answered" in the session that holds ``feedback``."""
    session = object_session(feedback)
    payload = {
        "feedback_id": feedback.id, "feedback_code": feedback.code,
        "category": feedback.category, "source": feedback.source, "status": feedback.status,
        "ticket_id": feedback.ticket_id, "dossier_id": feedback.dossier_id,
        "received_at": _time(feedback.created_at), "answered_at": _time(feedback.replied_at),
    }
    personal = {"name": feedback.name, "phone": feedback.phone, "text": feedback.text,
                "reply": feedback.reply}
    record_event(session, feedback.site_id, kind, f"feedback:{feedback.id}", payload,
                 {name: personal[name] for name in EVENT_KINDS[kind].personal}, now or utcnow())

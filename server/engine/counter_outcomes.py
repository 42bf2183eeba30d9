"""The three outcomes of a citizen's papers at the counter (Decree 118/2025/NĐ-CP).

Complete papers are received: a dossier with its due time (Mẫu 01 receipt). Incomplete
ones get written guidance listing the documents missing (Mẫu 02), with no dossier and no due
date: nothing was received. Papers the centre may not take get a refusal with its reason
(Mẫu 03), again with no dossier. Each outcome is recorded against the ticket the counter
is serving, so the dossier report counts guidance and refusals beside dossiers received.

The applicant's name is kept only on guidance and refusals, and erased with the other names
after ``PERSONAL_DATA_KEEP_DAYS`` (:mod:`server.engine.privacy`); a received outcome points
to its dossier instead.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from ..models import Counter, Dossier, Site, utcnow
from ..models.dossier import (
    OUTCOME_KINDS,
    OUTCOME_RECEIVED,
    OUTCOME_REFUSED,
    OUTCOME_SUPPLEMENT,
    CounterOutcome,
)
from .dossiers import Receipt, receive_dossier, with_catalogue
from .errors import QueueError
from .log import Actor

OUTCOME_LABELS = {
    OUTCOME_RECEIVED: ("Tiếp nhận hồ sơ", "Dossier received"),
    OUTCOME_SUPPLEMENT: ("Hướng dẫn bổ sung, hoàn thiện hồ sơ", "Guidance to complete papers"),
    OUTCOME_REFUSED: ("Từ chối tiếp nhận hồ sơ", "Refused"),
}


@dataclass(frozen=True)
class Outcome:
    """What the clerk decided about the papers brought to the counter."""

    kind: str
    receipt: Receipt
    missing: tuple[str, ...] = ()
    reason: str = ""


def record_outcome(session: Session, site: Site, counter: Counter | None, outcome: Outcome,
                   actor: Actor, *, now: datetime | None = None,
                   ) -> tuple[CounterOutcome, Dossier | None]:
    """Record ``outcome`` against the ticket ``counter`` serves; receive the dossier if so."""
    now = now or utcnow()
    if outcome.kind not in OUTCOME_KINDS:
        raise QueueError("unknown_outcome", f"Kết quả “{outcome.kind}” không hợp lệ.",
                         f"Unknown outcome '{outcome.kind}'.", 422)
    missing = tuple(item.strip() for item in outcome.missing if item.strip())
    if outcome.kind == OUTCOME_SUPPLEMENT and not missing:
        raise QueueError("missing_required", "Cần ghi các giấy tờ còn thiếu (Mẫu 02).",
                         "List the documents missing.", 422)
    if outcome.kind == OUTCOME_REFUSED and not outcome.reason.strip():
        raise QueueError("reason_required", "Từ chối tiếp nhận cần ghi rõ lý do (Mẫu 03).",
                         "A refusal needs its reason.", 422)
    ticket = counter.current_ticket if counter is not None else None
    receipt = replace(outcome.receipt, ticket_id=ticket.id if ticket else None,
                      counter_id=counter.id if counter else None,
                      service_id=outcome.receipt.service_id or (ticket.service_id if ticket
                                                                else None))
    dossier = None
    if outcome.kind == OUTCOME_RECEIVED:
        dossier = known = receive_dossier(session, site, receipt, actor, now=now)
    else:
        known = with_catalogue(session, site, receipt)  # the procedure's code and field
    record = CounterOutcome(
        site_id=site.id, counter_id=receipt.counter_id, ticket_id=receipt.ticket_id,
        clerk_id=actor.user_id, service_id=known.service_id, kind=outcome.kind,
        procedure_id=known.procedure_id, procedure_code=known.procedure_code,
        procedure_name=known.procedure_name,
        applicant_name="" if dossier else receipt.applicant_name,
        applicant_address="" if dossier else receipt.applicant_address,
        phone="" if dossier else receipt.phone,
        dossier_id=dossier.id if dossier else None, missing=list(missing),
        reason=outcome.reason.strip()[:500], at=now)
    session.add(record)
    session.flush()
    return record, dossier

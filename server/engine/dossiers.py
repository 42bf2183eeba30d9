"""Dossiers: receipt with a due date in working days, the status lifecycle, timeliness.

Every change appends a ``DossierEvent``; "overdue" is never stored, it is derived from the
due date and the day the work ended (or today).
"""

import math
import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Procedure, ProcedureOffer, Site, utcnow
from ..models.dossier import (
    DOSSIER_STATUSES,
    FINISHED,
    IN_PROGRESS,
    READY,
    RECEIVED,
    REFUSED,
    RETURNED,
    SUPPLEMENT_REQUESTED,
    WITHDRAWN,
    Dossier,
    DossierEvent,
)
from .calendar import calendar_for
from .days import VIETNAM
from .errors import QueueError, not_found
from .log import Actor
from .webhook_events import dossier_linked

# The one-stop software's codes (e.g. 000.00.12.H26-251126-0001) as well as ours.
EXTERNAL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{5,63}")
# No 0/O, 1/I/L or U: a code read aloud or typed on the kiosk is not mistaken. 30^8 ≈ 6.6e11
# codes per day: guessing one, at the look-up's rate limit, would take centuries.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_RANDOM_LENGTH = 8
TRANSITIONS = {
    RECEIVED: {IN_PROGRESS, SUPPLEMENT_REQUESTED, READY, REFUSED, WITHDRAWN},
    IN_PROGRESS: {SUPPLEMENT_REQUESTED, READY, REFUSED, WITHDRAWN},
    SUPPLEMENT_REQUESTED: {IN_PROGRESS, READY, REFUSED, WITHDRAWN},
    READY: {RETURNED},
    REFUSED: {RETURNED},
    RETURNED: set(),
    WITHDRAWN: set(),
}
NEEDS_REASON = {SUPPLEMENT_REQUESTED, REFUSED, WITHDRAWN}
# Timeliness of one dossier, as the reports count it.
ON_TIME, LATE, WITHIN_TIME, OVERDUE, CLOSED_EARLY = (
    "on_time", "late", "in_progress", "overdue", "withdrawn")


@dataclass(frozen=True)
class Receipt:
    """What the clerk (or the one-stop software) says about a dossier received."""

    procedure_name: str
    applicant_name: str
    procedure_code: str = ""
    processing_days: int | None = None
    phone: str = ""
    due_date: date | None = None
    due_reason: str = ""
    service_id: int | None = None
    ticket_id: int | None = None
    counter_id: int | None = None
    procedure_id: int | None = None
    applicant_id_hash: str | None = None  # the ID number's keyed hash, never the number
    applicant_id_last4: str = ""


def new_dossier_code(now: datetime) -> str:
    """Return a fresh code such as ``261126-K7M3QX9P``: the local day, then random letters."""
    random_part = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return f"{now.astimezone(VIETNAM):%y%m%d}-{random_part}"


def normalise_code(raw: str) -> str:
    """Return a typed or scanned code as stored: trimmed, upper case, the QR's URL removed."""
    return raw.strip().rstrip("/").rsplit("/", 1)[-1].upper()


def find_dossier(session: Session, code: str) -> Dossier:
    """Return the dossier with ``code`` or raise a 404-mapped error."""
    dossier = session.scalar(select(Dossier).where(Dossier.code == normalise_code(code)[:64]))
    if dossier is None:
        raise not_found("dossier_not_found", "Không tìm thấy hồ sơ với mã này.",
                        "No dossier has this code.")
    return dossier


def with_catalogue(session: Session, site: Site, receipt: Receipt) -> Receipt:
    """Complete ``receipt`` from the catalogue when its procedure is a code the site offers.

    Free text (a procedure not yet in the catalogue) is kept as given.
    """
    offer = session.scalar(
        select(ProcedureOffer).join(ProcedureOffer.procedure)
        .where(ProcedureOffer.site_id == site.id,
               Procedure.code == (receipt.procedure_code or receipt.procedure_name).strip()))
    if offer is None:
        return receipt
    procedure = offer.procedure
    return replace(
        receipt, procedure_id=procedure.id, procedure_code=procedure.code,
        procedure_name=procedure.name, service_id=receipt.service_id or offer.service_id,
        processing_days=receipt.processing_days if receipt.processing_days is not None
        or receipt.due_date else whole_days(procedure.processing_days))


def whole_days(days: float | None) -> int | None:
    """Round a procedure's time up to whole working days for a due date: a dossier with half a
    day's work is due the next working day, never promised earlier than it can be."""
    return None if days is None else math.ceil(days)


def due_date_for(session: Session, site: Site, receipt: Receipt, received_at: datetime) -> date:
    """Compute the due date, or accept the clerk's override when it comes with a reason."""
    received_day = received_at.astimezone(VIETNAM).date()
    computed = None
    if receipt.processing_days is not None:
        computed = calendar_for(session, site).add_working_days(
            received_day, receipt.processing_days)
    if receipt.due_date is None or receipt.due_date == computed:
        if computed is None:
            raise QueueError("processing_days_required",
                             "Cần số ngày làm việc giải quyết hoặc ngày hẹn trả.",
                             "Give the processing time in working days or a due date.", 422)
        return computed
    if receipt.due_date < received_day:
        raise QueueError("due_date_in_past", "Ngày hẹn trả không được trước ngày tiếp nhận.",
                         "The due date cannot be before the day received.", 422)
    if computed is not None and not receipt.due_reason.strip():
        raise QueueError("due_reason_required", "Đổi ngày hẹn trả cần ghi lý do.",
                         "Changing the computed due date needs a reason.", 422)
    return receipt.due_date


def receive_dossier(session: Session, site: Site, receipt: Receipt, actor: Actor,
                    *, code: str | None = None, source: str = "counter",
                    now: datetime | None = None) -> Dossier:
    """Register a dossier received at ``site`` now; it is due in working days."""
    now = now or utcnow()
    receipt = with_catalogue(session, site, receipt)
    dossier = Dossier(
        code=code or new_dossier_code(now), site_id=site.id, service_id=receipt.service_id,
        procedure_id=receipt.procedure_id,
        procedure_code=receipt.procedure_code, procedure_name=receipt.procedure_name,
        applicant_name=receipt.applicant_name, phone=receipt.phone,
        applicant_id_hash=receipt.applicant_id_hash,
        applicant_id_last4=receipt.applicant_id_last4,
        ticket_id=receipt.ticket_id, counter_id=receipt.counter_id, clerk_id=actor.user_id,
        source=source, received_at=now, processing_days=receipt.processing_days,
        due_date=due_date_for(session, site, receipt, now),
        due_override_reason=receipt.due_reason.strip(), status=RECEIVED,
        status_changed_at=now)
    session.add(dossier)
    session.flush()
    _log(session, dossier, "received", actor, now, dossier.due_override_reason)
    dossier_linked(session, dossier, now)
    return dossier


def change_status(session: Session, dossier: Dossier, status: str, actor: Actor,
                  reason: str = "", *, now: datetime | None = None,
                  enforce_order: bool = True) -> bool:
    """Move ``dossier`` to ``status``; return False when it already is there (no event).

    The one-stop software is the source of truth for dossiers it processes, so its updates
    (``enforce_order=False``) may jump steps; clerks follow the lifecycle.
    """
    if status not in DOSSIER_STATUSES:
        raise QueueError("unknown_status", f"Trạng thái “{status}” không hợp lệ.",
                         f"Unknown status '{status}'.", 422)
    if status == dossier.status:
        return False
    if enforce_order and status not in TRANSITIONS[dossier.status]:
        raise QueueError("status_not_allowed",
                         "Không chuyển được hồ sơ sang trạng thái này từ trạng thái hiện tại.",
                         f"A dossier cannot go from {dossier.status} to {status}.")
    if status in NEEDS_REASON and not reason.strip() and enforce_order:
        raise QueueError("reason_required", "Cần ghi lý do.", "A reason is required.", 422)
    now = now or utcnow()
    dossier.status, dossier.status_reason, dossier.status_changed_at = status, reason, now
    if status in FINISHED and dossier.finished_at is None:
        dossier.finished_at = now
    if status not in FINISHED:
        dossier.finished_at = None
    if status == RETURNED:
        dossier.returned_at = dossier.returned_at or now
    _log(session, dossier, "status", actor, now, reason)
    return True


def timeliness(dossier: Dossier, today: date) -> str:
    """Say whether the work on ``dossier`` ended on time or late, or is within time or overdue."""
    if dossier.status == WITHDRAWN:
        return CLOSED_EARLY
    if dossier.finished_at is not None:
        finished_day = dossier.finished_at.astimezone(VIETNAM).date()
        return ON_TIME if finished_day <= dossier.due_date else LATE
    return OVERDUE if today > dossier.due_date else WITHIN_TIME


def mask_name(full_name: str) -> str:
    """Hide a name but its shape: ``Nguyễn Văn An`` → ``N***n V*n A``.

    At most three stars, so a long word does not give its length away.
    """
    words = unicodedata.normalize("NFC", full_name).split()
    masked = [word[0] + "*" * min(len(word) - 2, 3) + word[-1] if len(word) > 2
              else word[0] + "*" for word in words[:-1]]
    return " ".join(masked + [words[-1][0]] if words else [])


def _log(session: Session, dossier: Dossier, kind: str, actor: Actor, now: datetime,
         reason: str = "") -> None:
    session.add(DossierEvent(dossier_id=dossier.id, at=now, kind=kind, status=dossier.status,
                             reason=reason[:500], user_id=actor.user_id,
                             device_id=actor.device_id))


def upsert_from_software(session: Session, site: Site, code: str, receipt: Receipt,
                         actor: Actor, *, received_at: datetime, status: str, reason: str = "",
                         returned_at: datetime | None = None,
                         source: str = "integration") -> tuple[Dossier, bool]:
    """Create or update the dossier ``code`` as the one-stop software describes it.

    Sending the same description again adds no event: only what differs is changed.
    Returns the dossier and whether it was created.
    """
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    created = dossier is None
    if created:
        dossier = receive_dossier(session, site, receipt, actor, code=code,
                                  source=source, now=received_at)
    else:
        _update_receipt(session, dossier, receipt, received_at, actor)
    # The software's own time of return counts for timeliness, not the time it synced.
    when = returned_at if status in FINISHED and returned_at else utcnow()
    change_status(session, dossier, status, actor, reason, now=when, enforce_order=False)
    if returned_at is not None and dossier.status == RETURNED:
        dossier.returned_at = returned_at
    return dossier, created


def _update_receipt(session: Session, dossier: Dossier, receipt: Receipt,
                    received_at: datetime, actor: Actor) -> None:
    receipt = with_catalogue(session, dossier.site, receipt)
    wanted = {"procedure_name": receipt.procedure_name,
              "procedure_code": receipt.procedure_code,
              "procedure_id": receipt.procedure_id,
              "applicant_name": receipt.applicant_name, "phone": receipt.phone,
              "received_at": received_at}
    if receipt.applicant_id_hash is not None:
        wanted |= {"applicant_id_hash": receipt.applicant_id_hash,
                   "applicant_id_last4": receipt.applicant_id_last4}
    if receipt.due_date is not None or receipt.processing_days is not None:
        wanted["due_date"] = due_date_for(session, dossier.site, receipt, received_at)
    changed = [name for name, value in wanted.items() if getattr(dossier, name) != value]
    for name in changed:
        setattr(dossier, name, wanted[name])
    if changed:
        _log(session, dossier, "updated", actor, utcnow(), ", ".join(changed))

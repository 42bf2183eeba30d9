"""Dossiers: receipt with a due time on the legal clock, the status lifecycle, timeliness.

Every change appends a ``DossierEvent``; "overdue" is never stored, it is derived from the
due time (the original one when extended) and when the work ended (or today).
"""

import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ProcedureOffer, Site, utcnow
from ..models.dossier import (
    DOSSIER_STATUSES,
    FINISHED,
    IN_PERSON,
    IN_PROGRESS,
    ONLINE,
    READY,
    RECEIVED,
    REFUSED,
    RETURNED,
    SUPPLEMENT_REQUESTED,
    WITHDRAWN,
    Dossier,
    DossierEvent,
)
from . import dossier_clock
from .days import VIETNAM
from .errors import QueueError, not_found
from .log import Actor
from .procedure_codes import code_is
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
# The reason of an extension the one-stop software sent without one.
SOFTWARE_EXTENSION = "theo hệ thống một cửa"
# Timeliness of one dossier, as the reports count it.
ON_TIME, LATE, WITHIN_TIME, OVERDUE, CLOSED_EARLY = (
    "on_time", "late", "in_progress", "overdue", "withdrawn")


@dataclass(frozen=True)
class Receipt:
    """What the clerk (or the one-stop software) says about a dossier received."""

    procedure_name: str
    applicant_name: str
    procedure_code: str = ""
    processing_days: float | None = None  # whole or half working days; 0: the same day
    phone: str = ""
    due_date: date | None = None
    due_reason: str = ""
    service_id: int | None = None
    ticket_id: int | None = None
    counter_id: int | None = None
    procedure_id: int | None = None
    applicant_id_hash: str | None = None  # the ID number's keyed hash, never the number
    applicant_id_last4: str = ""
    # What the receipt form (Mẫu 01) lists besides.
    applicant_address: str = ""
    documents: tuple[dict, ...] = ()  # {"name", "originals", "copies"}
    sets: int = 1
    result_delivery: str = "counter"


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
               code_is(receipt.procedure_code or receipt.procedure_name)))
    if offer is None:
        return receipt
    procedure = offer.procedure
    return replace(
        receipt, procedure_id=procedure.id, procedure_code=procedure.code,
        procedure_name=procedure.name, service_id=receipt.service_id or offer.service_id,
        processing_days=receipt.processing_days if receipt.processing_days is not None
        or receipt.due_date else procedure.processing_days)


def due_at_for(session: Session, site: Site, receipt: Receipt, received_at: datetime) -> datetime:
    """Compute the due time on the legal clock, or accept the clerk's date with a reason.

    A date given alone is due at the close of office that day.
    """
    clock = dossier_clock.clock_for(session, site)
    received_day = dossier_clock.local_day(received_at)
    computed = None
    if receipt.processing_days is not None:
        computed = dossier_clock.due_at_after(clock, received_at, receipt.processing_days)
    if receipt.due_date is None or (
            computed is not None and receipt.due_date == dossier_clock.local_day(computed)):
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
    return dossier_clock.end_of_office(clock, receipt.due_date)


def receive_dossier(session: Session, site: Site, receipt: Receipt, actor: Actor,
                    *, code: str | None = None, source: str = "counter",
                    channel: str | None = None, now: datetime | None = None) -> Dossier:
    """Register a dossier received at ``site`` now; it is due in working days.

    ``channel`` is how the citizen lodged it: in person at a counter by default, online for
    what the one-stop software brings unless it says otherwise.
    """
    now = now or utcnow()
    receipt = with_catalogue(session, site, receipt)
    due_at = due_at_for(session, site, receipt, now)
    dossier = Dossier(
        code=code or new_dossier_code(now), site_id=site.id, service_id=receipt.service_id,
        procedure_id=receipt.procedure_id,
        procedure_code=receipt.procedure_code, procedure_name=receipt.procedure_name,
        applicant_name=receipt.applicant_name, phone=receipt.phone,
        applicant_address=receipt.applicant_address, documents=list(receipt.documents),
        sets=receipt.sets, result_delivery=receipt.result_delivery,
        applicant_id_hash=receipt.applicant_id_hash,
        applicant_id_last4=receipt.applicant_id_last4,
        ticket_id=receipt.ticket_id, counter_id=receipt.counter_id, clerk_id=actor.user_id,
        source=source, channel=channel or (IN_PERSON if source == "counter" else ONLINE),
        received_at=now, processing_days=receipt.processing_days,
        due_at=due_at, due_date=dossier_clock.local_day(due_at),
        due_override_reason=receipt.due_reason.strip(), status=RECEIVED,
        status_changed_at=now)
    session.add(dossier)
    session.flush()
    log_dossier(session, dossier, "received", actor, now, dossier.due_override_reason)
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
    # Asking for more documents stops the clock; any way out of that status restarts it
    # with the working time that was left (the citizen's return, or the end of the work).
    if dossier.status == SUPPLEMENT_REQUESTED:
        dossier_clock.resume(session, dossier, now)
    if status == SUPPLEMENT_REQUESTED:
        dossier_clock.pause(dossier, now)
    dossier.status, dossier.status_reason, dossier.status_changed_at = status, reason, now
    if status in FINISHED and dossier.finished_at is None:
        dossier.finished_at = now
    if status not in FINISHED:
        dossier.finished_at = None
    if status == RETURNED:
        dossier.returned_at = dossier.returned_at or now
    log_dossier(session, dossier, "status", actor, now, reason)
    return True


def timeliness(dossier: Dossier, today: date) -> str:
    """Say whether the work on ``dossier`` ended on time or late, or is within time or overdue.

    An extended dossier is judged against its original due time; a paused clock stands
    still, so a dossier waiting for the citizen's papers is overdue only if it was already.
    """
    if dossier.status == WITHDRAWN:
        return CLOSED_EARLY
    due_at = dossier_clock.judged_due_at(dossier)
    if dossier.finished_at is not None:
        return ON_TIME if dossier.finished_at <= due_at else LATE
    if dossier.clock_paused_at is not None:
        return OVERDUE if dossier.clock_paused_at > due_at else WITHIN_TIME
    return OVERDUE if today > dossier_clock.local_day(due_at) else WITHIN_TIME


def extend_due(session: Session, dossier: Dossier, due_at: datetime, reason: str,
               actor: Actor, *, now: datetime | None = None, later_only: bool = True) -> None:
    """Give ``dossier`` a new due time with a reason (Mẫu 04), keeping the first one.

    Timeliness keeps being judged against the first due time: an apology does not turn a
    late dossier into an on-time one. The one-stop software (``later_only=False``) may also
    bring a due date forward; a clerk only extends.
    """
    if not reason.strip():
        raise QueueError("reason_required", "Gia hạn cần ghi lý do.",
                         "An extension needs a reason.", 422)
    if dossier.status in FINISHED:
        raise QueueError("dossier_finished", "Hồ sơ đã giải quyết xong, không gia hạn được.",
                         "The work on this dossier has ended; it cannot be extended.")
    if due_at <= dossier.received_at:
        raise QueueError("due_date_in_past", "Ngày hẹn trả không được trước ngày tiếp nhận.",
                         "The due date cannot be before the day received.", 422)
    if later_only and due_at <= dossier_clock.current_due_at(dossier):
        raise QueueError("extension_not_later", "Ngày hẹn trả mới phải sau ngày hẹn hiện tại.",
                         "The new due time must be later than the current one.", 422)
    if dossier.original_due_at is None:
        dossier.original_due_at = dossier_clock.current_due_at(dossier)
    dossier_clock.set_due(dossier, due_at)
    dossier.extension_reason = reason.strip()[:300]
    log_dossier(session, dossier, "extended", actor, now or utcnow(), dossier.extension_reason)


def mask_name(full_name: str) -> str:
    """Hide a name but its shape: ``Nguyễn Văn An`` → ``N***n V*n A``.

    At most three stars, so a long word does not give its length away.
    """
    words = unicodedata.normalize("NFC", full_name).split()
    masked = [word[0] + "*" * min(len(word) - 2, 3) + word[-1] if len(word) > 2
              else word[0] + "*" for word in words[:-1]]
    return " ".join(masked + [words[-1][0]] if words else [])


def log_dossier(session: Session, dossier: Dossier, kind: str, actor: Actor, now: datetime,
                reason: str = "") -> None:
    """Append one event to ``dossier``'s history; events are never changed."""
    session.add(DossierEvent(dossier_id=dossier.id, at=now, kind=kind, status=dossier.status,
                             reason=reason[:500], user_id=actor.user_id,
                             device_id=actor.device_id))


def upsert_from_software(session: Session, site: Site, code: str, receipt: Receipt,
                         actor: Actor, *, received_at: datetime, status: str, reason: str = "",
                         returned_at: datetime | None = None, due_reason: str = "",
                         source: str = "integration", channel: str | None = None
                         ) -> tuple[Dossier, bool]:
    """Create or update the dossier ``code`` as the one-stop software describes it.

    Sending the same description again adds no event: only what differs is changed. The
    description is the current state: ``returned_at`` is kept only while the dossier is
    returned (null then means the time of the sync that said so). Times are kept in UTC, so
    the first answer shows them as every later one does.
    Returns the dossier and whether it was created.
    """
    received_at = received_at.astimezone(UTC)
    returned_at = returned_at.astimezone(UTC) if returned_at is not None else None
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    created = dossier is None
    if created:
        dossier = receive_dossier(session, site, receipt, actor, code=code,
                                  source=source, channel=channel, now=received_at)
    else:
        _update_receipt(session, dossier, receipt, received_at, actor, due_reason)
        if channel is not None and channel != dossier.channel:
            dossier.channel = channel
    # The software's own time of return counts for timeliness, not the time it synced.
    when = returned_at if status in FINISHED and returned_at else utcnow()
    change_status(session, dossier, status, actor, reason, now=when, enforce_order=False)
    if dossier.status != RETURNED:
        dossier.returned_at = None
    elif returned_at is not None:
        dossier.returned_at = returned_at
    return dossier, created


def _update_receipt(session: Session, dossier: Dossier, receipt: Receipt,
                    received_at: datetime, actor: Actor, due_reason: str = "") -> None:
    receipt = with_catalogue(session, dossier.site, receipt)
    wanted = {"procedure_name": receipt.procedure_name,
              "procedure_code": receipt.procedure_code,
              "procedure_id": receipt.procedure_id,
              "applicant_name": receipt.applicant_name, "phone": receipt.phone,
              "received_at": received_at}
    if receipt.applicant_id_hash is not None:
        wanted |= {"applicant_id_hash": receipt.applicant_id_hash,
                   "applicant_id_last4": receipt.applicant_id_last4}
    changed = [name for name, value in wanted.items() if getattr(dossier, name) != value]
    for name in changed:
        setattr(dossier, name, wanted[name])
    if changed:
        log_dossier(session, dossier, "updated", actor, utcnow(), ", ".join(changed))
    if receipt.due_date is None and receipt.processing_days is None:
        return
    # A dossier already received keeps its first due time for timeliness: a different date
    # from the software is an extension, never a silent rewrite.
    due_at = due_at_for(session, dossier.site, receipt, received_at)
    if dossier_clock.local_day(due_at) != dossier.due_date and dossier.status not in FINISHED:
        extend_due(session, dossier, due_at, due_reason or SOFTWARE_EXTENSION, actor,
                   later_only=False)

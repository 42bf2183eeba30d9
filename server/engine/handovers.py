"""Hand-overs of a dossier between units (Mẫu 06, phiếu kiểm soát quá trình giải quyết).

The centre (the one-stop department that received it) hands the dossier to the department
that processes it, maybe on to others, and the result comes back to the centre: that return
ends the work for timeliness (the dossier is then ``ready``; the citizen's pick-up is
``returned_at``, apart). Each step says which unit held the dossier, from when to when, and
who took it in; lateness belongs to the unit that held it when the due time passed.

Steps are stored only once a dossier is first handed on: until then the centre's own step is
read from the dossier itself.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Dossier, DossierHandover, utcnow
from ..models.dossier import FINISHED, READY, RETURNED, WITHDRAWN
from . import dossier_clock
from .dossiers import change_status, log_dossier
from .errors import QueueError
from .log import Actor

# Words a caller may use for the centre itself instead of its full name.
CENTRE_WORDS = {"centre", "center", "one-stop", "mot-cua", "bo-phan-mot-cua"}
NOTE_RECEIVED = "Tiếp nhận hồ sơ"
NOTE_TO_UNIT = "Chuyển giải quyết"
NOTE_RESULT = "Kết quả chuyển về Bộ phận Một cửa"
# A hand-over stamped in the future by a clock that runs ahead is refused beyond this.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class HandoverStep:
    """One unit's turn with a dossier, as the control sheet (Mẫu 06) lists it."""

    unit: str
    received_at: datetime
    handed_at: datetime | None  # None while the unit still holds it
    by: str  # who took it in
    note: str
    # Handed on by the due time (the original one when extended); None while held in time.
    on_time: bool | None = None


def centre_unit(dossier: Dossier) -> str:
    """Return the name of the unit that received ``dossier``: its site."""
    return dossier.site.name


def unit_name(dossier: Dossier, unit: str) -> str:
    """Return the unit a caller names, the centre's own name for the centre's words."""
    unit = " ".join(unit.split())
    if unit.casefold() in CENTRE_WORDS or unit.casefold() in (
            dossier.site.code.casefold(), centre_unit(dossier).casefold()):
        return centre_unit(dossier)
    return unit


def stored_steps(session: Session, dossier: Dossier) -> list[DossierHandover]:
    """Return the hand-overs stored for ``dossier``, first first."""
    return list(session.scalars(select(DossierHandover).where(
        DossierHandover.dossier_id == dossier.id).order_by(DossierHandover.id)))


def steps_of(session: Session, dossier: Dossier, now: datetime | None = None
             ) -> list[HandoverStep]:
    """List ``dossier``'s steps between units, the centre's receipt first."""
    rows = stored_steps(session, dossier)
    if not rows:
        rows = [_centre_step(dossier)]
    due = dossier_clock.judged_due_at(dossier)
    now = now or utcnow()
    # Once the work ended, the unit holding the result (or the refusal) is judged no more.
    until = None if dossier.finished_at is not None else now
    return [HandoverStep(unit=row.unit, received_at=row.received_at, handed_at=row.handed_at,
                         by=row.by, note=row.note, on_time=_on_time(row.handed_at, due, until))
            for row in rows]


def _on_time(handed_at: datetime | None, due: datetime, now: datetime | None) -> bool | None:
    if handed_at is not None:
        return handed_at <= due
    return False if now is not None and now > due else None


def unit_at(steps: list[HandoverStep], moment: datetime) -> str | None:
    """Return the unit that held the dossier at ``moment``, None when none did."""
    for step in steps:
        if step.received_at <= moment and (step.handed_at is None or moment < step.handed_at):
            return step.unit
    return None


def responsible_unit(steps: list[HandoverStep], dossier: Dossier, late: bool) -> str:
    """Return the unit a dossier's timeliness is put down to.

    Late or overdue: the unit that held it when the (original) due time passed. Otherwise the
    last unit that processed it, or the centre when it never left.
    """
    if late:
        holder = unit_at(steps, dossier_clock.judged_due_at(dossier))
        if holder is not None:
            return holder
    processing = [step.unit for step in steps if step.unit != centre_unit(dossier)]
    return processing[-1] if processing else centre_unit(dossier)


def _centre_step(dossier: Dossier) -> DossierHandover:
    clerk = dossier.clerk
    return DossierHandover(
        dossier_id=dossier.id, unit=centre_unit(dossier), received_at=dossier.received_at,
        by=(clerk.full_name or clerk.username) if clerk is not None else "",
        note=NOTE_RECEIVED, user_id=dossier.clerk_id)


def hand_over(session: Session, dossier: Dossier, unit: str, actor: Actor, by: str = "", *,
              at: datetime | None = None, note: str = "", now: datetime | None = None,
              enforce_order: bool = True) -> DossierHandover:
    """Record that ``unit`` took ``dossier`` in at ``at`` (now by default).

    The first hand-over stores the centre's own step before it. A step back to the centre
    after another unit is the result's return: the dossier is ready from that moment. The
    one-stop software (``enforce_order=False``) may also describe steps of a closed dossier;
    its own status says when the result is ready (``sync_steps``).
    """
    now = now or utcnow()
    at = at or now
    if enforce_order and dossier.status in (RETURNED, WITHDRAWN):
        raise QueueError("dossier_finished", "Hồ sơ đã kết thúc, không chuyển tiếp được.",
                         "The dossier is closed; it cannot be handed on.")
    unit = unit_name(dossier, unit)
    if not unit:
        raise QueueError("unit_required", "Cần ghi đơn vị nhận hồ sơ.", "Name the unit.", 422)
    rows = stored_steps(session, dossier)
    if not rows:
        rows = [_centre_step(dossier)]
        session.add(rows[0])
    current = rows[-1]
    if at > now + CLOCK_SKEW:
        raise QueueError("handover_in_future", "Thời điểm bàn giao ở tương lai.",
                         "The hand-over time is in the future.", 422)
    if at < current.received_at:
        raise QueueError("handover_out_of_order",
                         "Thời điểm bàn giao trước bước trước đó của hồ sơ.",
                         "The hand-over is earlier than the dossier's previous step.", 422)
    if unit == current.unit:
        raise QueueError("already_held", "Đơn vị này đang giữ hồ sơ.",
                         "This unit already holds the dossier.")
    result = unit == centre_unit(dossier)
    current.handed_at = at
    step = DossierHandover(dossier_id=dossier.id, unit=unit[:200], received_at=at, by=by[:200],
                           note=(note.strip() or (NOTE_RESULT if result else NOTE_TO_UNIT))[:300],
                           user_id=actor.user_id, device_id=actor.device_id)
    session.add(step)
    session.flush()
    log_dossier(session, dossier, "handover", actor, at, unit)
    if result and enforce_order:
        _result_back(session, dossier, actor, at)
    return step


def _result_back(session: Session, dossier: Dossier, actor: Actor, at: datetime) -> None:
    """The result reached the centre at ``at``: the work ended then, whenever it is synced."""
    if dossier.status not in FINISHED:
        change_status(session, dossier, READY, actor, now=at, enforce_order=False)
    elif dossier.status in (READY, RETURNED) and dossier.finished_at != at:
        dossier.finished_at = at


def sync_steps(session: Session, dossier: Dossier, steps: list[tuple[str, datetime]],
               actor: Actor, by: str = "") -> int:
    """Add the steps the one-stop software lists that are not stored yet; return how many.

    Sending the same list again adds nothing; a step earlier than the last stored is skipped.
    """
    known = {(row.unit, row.received_at) for row in stored_steps(session, dossier)}
    added = 0
    for unit, at in sorted(steps, key=lambda step: step[1]):
        name = unit_name(dossier, unit)
        rows = stored_steps(session, dossier)
        if (name, at) in known or (rows and at < rows[-1].received_at) or (
                rows and rows[-1].unit == name) or (not rows and name == centre_unit(dossier)):
            continue
        hand_over(session, dossier, name, actor, by, at=at, enforce_order=False)
        added += 1
    _date_result(session, dossier)
    return added


def _date_result(session: Session, dossier: Dossier) -> None:
    """Date the end of the software's finished dossier at its result's return, if listed.

    The software's status stays the truth (it may still say in progress); only when it says
    the result is ready or returned is the work's end the step's time, not the sync's.
    """
    rows = stored_steps(session, dossier)
    centre = centre_unit(dossier)
    returns = [row for before, row in zip(rows, rows[1:], strict=False)
               if row.unit == centre and before.unit != centre]
    if returns and dossier.status in (READY, RETURNED):
        dossier.finished_at = returns[-1].received_at

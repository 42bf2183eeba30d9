"""A dossier's legal clock: its due time from the procedure's working days, the pause while
the citizen completes the papers, and the due time it is judged against.

The counting itself is :mod:`server.engine.legal_clock`; this module applies it to a site's
processing calendar and to the dossier's columns (``due_at``, ``original_due_at``,
``clock_paused_at``). ``due_date`` always follows ``due_at`` as its local date.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from ..models import Dossier, DossierEvent, Site
from ..models.dossier import SUPPLEMENT_REQUESTED
from .calendar import calendar_for
from .days import VIETNAM
from .legal_clock import LegalClock, ProcessingTime, processing_calendar


def clock_for(session: Session, site: Site) -> LegalClock:
    """Return the legal clock of ``site``: its calendar, Saturdays only where processed."""
    calendar = calendar_for(session, site)
    return LegalClock(processing_calendar(calendar, bool(site.back_office_saturdays)))


def processing_time(days: float) -> ProcessingTime:
    """Return a procedure's time in working days as the clock reads it; 0 is "trong ngày"."""
    return ProcessingTime.same_day() if days == 0 else ProcessingTime.days(days)


def due_at_after(clock: LegalClock, received_at: datetime, days: float) -> datetime:
    """Return the UTC due time of a dossier received at ``received_at`` with ``days``."""
    return clock.due_at(received_at, processing_time(days)).astimezone(UTC)


def end_of_office(clock: LegalClock, day: date) -> datetime:
    """Return the close of office on ``day`` (UTC): the due time of a date given alone."""
    closing = clock.periods[-1][1]
    midnight = datetime.combine(day, time(0), tzinfo=clock.tz)
    return (midnight + timedelta(minutes=closing)).astimezone(UTC)


def local_day(moment: datetime) -> date:
    """Return the date of ``moment`` in Vietnam."""
    return moment.astimezone(VIETNAM).date()


def set_due(dossier: Dossier, due_at: datetime) -> None:
    """Move ``dossier``'s due time, keeping its due date the local date of it."""
    dossier.due_at = due_at
    dossier.due_date = local_day(due_at)


def current_due_at(dossier: Dossier) -> datetime:
    """Return when ``dossier`` is due now (after any extension)."""
    if dossier.due_at is not None:
        return dossier.due_at
    # A row written before the clock: due at the close of office (17:00 local) of its date.
    return datetime.combine(dossier.due_date, time(10, 0), tzinfo=UTC)


def judged_due_at(dossier: Dossier) -> datetime:
    """Return the due time timeliness is judged against: the original one when extended."""
    return dossier.original_due_at or current_due_at(dossier)


def pause(dossier: Dossier, now: datetime) -> None:
    """Stop ``dossier``'s clock: the citizen was asked for more documents."""
    if dossier.clock_paused_at is None:
        dossier.clock_paused_at = now


def resume(session: Session, dossier: Dossier, now: datetime) -> None:
    """Restart a paused clock: the working time that was left runs again from ``now``."""
    paused_at = dossier.clock_paused_at
    if paused_at is None:
        return
    clock = clock_for(session, dossier.site)
    resumed_at = max(now, paused_at)
    set_due(dossier, clock.resume(current_due_at(dossier), paused_at, resumed_at).astimezone(UTC))
    if dossier.original_due_at is not None:  # an extended dossier's first due time moves too
        dossier.original_due_at = clock.resume(
            dossier.original_due_at, paused_at, resumed_at).astimezone(UTC)
    dossier.clock_paused_at = None


def supplement_pauses(events: list[DossierEvent]) -> list[tuple[datetime, datetime]]:
    """Return the times ``events`` (one dossier's history, oldest first) paused its clock.

    A pause starts with the move to ``supplement_requested`` and ends with the next event
    in another status (the citizen's return, or the end of the work), as :func:`pause` and
    :func:`resume` stop and restart the clock; a pause not yet ended is left out.
    """
    pauses, paused_at = [], None
    for event in events:
        if event.status == SUPPLEMENT_REQUESTED:
            paused_at = paused_at or event.at
        elif paused_at is not None:
            pauses.append((paused_at, event.at))
            paused_at = None
    return pauses


def processing_minutes(clock: LegalClock, dossier: Dossier,
                       pauses: list[tuple[datetime, datetime]]) -> int:
    """Return the office minutes from receipt to the end of the work, less the pauses.

    The time the citizen takes to complete the papers is not the administration's: the
    legal clock stands still then, and so does the processing time.
    """
    start, end = dossier.received_at, dossier.finished_at
    paused = sum(clock.working_minutes_between(max(begin, start), min(finish, end))
                 for begin, finish in pauses)
    return clock.working_minutes_between(start, end) - paused

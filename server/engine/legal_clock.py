"""The legal clock of a dossier: when it is due, paused, resumed and judged on time.

A procedure's processing time is written in working days ("03 ngày làm việc"), half days
("0,5 ngày"), working hours ("04 giờ làm việc") or "trong ngày" (the same day, or the next
working day when received after a cut-off hour, usually 15:00). The clock counts office
time only: the processing calendar's working days (public holidays, the admin's announced
days off and make-up days; Saturdays only where the back office works them) and, on each,
the office periods (07:30–11:30 and 13:30–17:00 unless the site sets its own).

Time is counted in working minutes, so every unit follows one rule: a dossier received at
14:00 on Monday with three working days is due at 14:00 on Thursday; one received outside
office hours starts at the next opening. A supplement request after receipt
(Decree 118/2025/NĐ-CP, Mẫu 02 guidance) pauses the clock; the citizen's return resumes it
with the working time that was left. An extension (Mẫu 04) gives a new due time, but the
dossier is judged against its original one.

Pure functions over a :class:`~server.engine.calendar.WorkingCalendar`: no database, no
Flask, so a table of known answers pins every rule (``tests/fixtures/legal_clock_cases.csv``).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from .calendar import MAX_SEARCH_DAYS, WorkingCalendar
from .days import VIETNAM

WORKING_DAYS = "working_days"
WORKING_HOURS = "working_hours"
SAME_DAY = "same_day"
UNITS = (WORKING_DAYS, WORKING_HOURS, SAME_DAY)

# "trong ngày, hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ"
DEFAULT_CUTOFF = time(15, 0)
# The office periods of a working day, in minutes after local midnight.
OFFICE_PERIODS: tuple[tuple[int, int], ...] = ((7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60))

EARLY = "early"
ON_TIME = "on_time"
LATE = "late"


@dataclass(frozen=True)
class ProcessingTime:
    """A procedure's processing time as the law writes it."""

    amount: Decimal
    unit: str = WORKING_DAYS
    # Only for SAME_DAY: received after this hour, the dossier is due the next day.
    cutoff: time | None = DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.amount < 0 or (self.unit != SAME_DAY and self.amount == 0):
            raise ValueError("a processing time must be positive")

    @classmethod
    def days(cls, amount: float | str | Decimal) -> "ProcessingTime":
        """Return ``amount`` working days (0.5 is half a day)."""
        return cls(Decimal(str(amount)), WORKING_DAYS)

    @classmethod
    def hours(cls, amount: float | str | Decimal) -> "ProcessingTime":
        """Return ``amount`` working hours."""
        return cls(Decimal(str(amount)), WORKING_HOURS)

    @classmethod
    def same_day(cls, cutoff: time | None = DEFAULT_CUTOFF) -> "ProcessingTime":
        """Return "trong ngày", due the next working day when received after ``cutoff``."""
        return cls(Decimal(0), SAME_DAY, cutoff)


class LegalClock:
    """Count office time on one processing calendar."""

    def __init__(
        self,
        calendar: WorkingCalendar,
        periods: tuple[tuple[int, int], ...] = OFFICE_PERIODS,
        tz: ZoneInfo = VIETNAM,
    ) -> None:
        if not periods:
            raise ValueError("a working day needs office periods")
        self.calendar = calendar
        self.periods = tuple(sorted(periods))
        self.tz = tz

    @property
    def minutes_per_day(self) -> int:
        """Return the office minutes of one working day."""
        return sum(end - start for start, end in self.periods)

    def due_at(self, received_at: datetime, processing: ProcessingTime) -> datetime:
        """Return when a dossier received at ``received_at`` is due (an aware local time)."""
        if processing.unit == SAME_DAY:
            return self._same_day_due(received_at, processing.cutoff)
        minutes = processing.amount * (
            self.minutes_per_day if processing.unit == WORKING_DAYS else 60
        )
        return self.add_working_minutes(received_at, int(minutes.to_integral_value()))

    def resume(self, due_at: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
        """Return the new due time after a pause: the working time left runs from the return."""
        if resumed_at < paused_at:
            raise ValueError("the clock cannot resume before it was paused")
        left = self.working_minutes_between(paused_at, due_at)
        return self.add_working_minutes(resumed_at, left)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """Return the instant ``minutes`` of office time after ``start``.

        With nothing to add, that is the first office instant at or after ``start``; time
        that runs out exactly at the end of a period ends there (17:00, not the next 07:30).
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        local = start.astimezone(self.tz)
        left = minutes
        for day in self._working_days_from(local.date()):
            for begin, end in self._periods_on(day):
                begin = max(begin, local) if day == local.date() else begin
                if begin >= end:
                    continue
                available = int((end - begin).total_seconds() // 60)
                if left == 0:
                    return begin
                if left <= available:
                    return begin + timedelta(minutes=left)
                left -= available
        raise ValueError("no working day within a year")

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Count the office minutes from ``start`` to ``end`` (0 when ``end`` is not later)."""
        if end <= start:
            return 0
        local_start, local_end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = 0
        for day in self._working_days_from(local_start.date(), until=local_end.date()):
            for begin, finish in self._periods_on(day):
                begin, finish = max(begin, local_start), min(finish, local_end)
                if finish > begin:
                    total += int((finish - begin).total_seconds() // 60)
        return total

    def _same_day_due(self, received_at: datetime, cutoff: time | None) -> datetime:
        local = received_at.astimezone(self.tz)
        day = self.calendar.next_working_day(local.date())
        if day == local.date() and cutoff is not None and local.time() > cutoff:
            day = self.calendar.next_working_day(day + timedelta(days=1))
        return self._periods_on(day)[-1][1]

    def _periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        midnight = datetime.combine(day, time(0), tzinfo=self.tz)
        return [
            (midnight + timedelta(minutes=begin), midnight + timedelta(minutes=end))
            for begin, end in self.periods
        ]

    def _working_days_from(self, first: date, until: date | None = None):
        for offset in range(MAX_SEARCH_DAYS * 2):
            day = first + timedelta(days=offset)
            if until is not None and day > until:
                return
            if self.calendar.is_working_day(day):
                yield day


def processing_calendar(calendar: WorkingCalendar, back_office_saturdays: bool) -> WorkingCalendar:
    """Return the calendar the clock counts on: reception on a Saturday is not processing.

    A centre may receive on Saturday mornings while its departments do not work; the
    make-up Saturdays the government announces stay working days either way.
    """
    return replace(calendar, works_saturday=back_office_saturdays)


def timeliness(
    finished_at: datetime,
    due_at: datetime,
    original_due_at: datetime | None = None,
    tz: ZoneInfo = VIETNAM,
) -> str:
    """Judge finished work: early (a day or more ahead), on time, or late.

    An extended dossier is judged against its original due time, so a new date given with
    an apology (Mẫu 04) never turns a late dossier into an on-time one.
    """
    judged_against = original_due_at or due_at
    if finished_at > judged_against:
        return LATE
    if finished_at.astimezone(tz).date() < judged_against.astimezone(tz).date():
        return EARLY
    return ON_TIME

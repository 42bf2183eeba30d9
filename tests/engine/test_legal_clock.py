"""The legal clock against a table of known answers, worked out by hand from the rules."""

import csv
from datetime import date, datetime, time
from pathlib import Path

import pytest

from server.engine.calendar import Closure, WorkingCalendar
from server.engine.days import VIETNAM
from server.engine.legal_clock import (
    EARLY,
    LATE,
    ON_TIME,
    LegalClock,
    ProcessingTime,
    processing_calendar,
    timeliness,
)

CASES = Path(__file__).parents[1] / "fixtures" / "legal_clock_cases.csv"
# The make-up Saturdays announced with the swapped days off (2/5/2025, 31/8/2026).
MAKE_UP_DAYS = frozenset({date(2025, 4, 26), date(2026, 8, 22)})


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM)


def _processing(text: str) -> ProcessingTime:
    if text.startswith("same_day"):
        _, _, cutoff = text.partition("@")
        return ProcessingTime.same_day(time.fromisoformat(cutoff) if cutoff else None)
    if text.endswith("d"):
        return ProcessingTime.days(text[:-1])
    return ProcessingTime.hours(text[:-1])


def _clock(row: dict) -> LegalClock:
    days_off = {
        date.fromisoformat(day): Closure("Nghỉ", "Off") for day in row["days_off"].split(";") if day
    }
    reception = WorkingCalendar(works_saturday=True, days_off=days_off, working_days=MAKE_UP_DAYS)
    return LegalClock(processing_calendar(reception, row["back_office_saturdays"] == "yes"))


def _rows() -> list[dict]:
    with CASES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_table_holds_enough_cases():
    assert len(_rows()) >= 30


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["case"])
def test_known_answer(row):
    clock = _clock(row)
    due = clock.due_at(_local(row["received_at"]), _processing(row["processing"]))
    if row["paused_at"]:
        due = clock.resume(due, _local(row["paused_at"]), _local(row["resumed_at"]))
    assert due == _local(row["expected_due"])


def test_timeliness_judges_early_on_time_and_late():
    due = _local("2026-12-10T14:00")
    assert timeliness(_local("2026-12-09T16:00"), due) == EARLY
    assert timeliness(_local("2026-12-10T09:00"), due) == ON_TIME
    assert timeliness(_local("2026-12-10T14:00"), due) == ON_TIME
    assert timeliness(_local("2026-12-10T14:01"), due) == LATE


def test_an_extension_never_turns_a_late_dossier_on_time():
    original, extended = _local("2026-12-10T14:00"), _local("2026-12-15T17:00")
    assert timeliness(_local("2026-12-11T10:00"), extended, original) == LATE


def test_working_minutes_skip_lunch_nights_and_days_off():
    clock = LegalClock(WorkingCalendar())
    assert (
        clock.working_minutes_between(_local("2026-12-11T11:00"), _local("2026-12-14T08:00"))
        == 30 + 210 + 30
    )
    assert (
        clock.working_minutes_between(_local("2026-12-14T08:00"), _local("2026-12-11T11:00")) == 0
    )


@pytest.mark.parametrize(
    "bad",
    [
        lambda: ProcessingTime.days(0),
        lambda: ProcessingTime.hours(-1),
        lambda: ProcessingTime(1, "weeks"),
    ],
)
def test_a_meaningless_processing_time_is_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_the_clock_cannot_resume_before_its_pause():
    clock = LegalClock(WorkingCalendar())
    with pytest.raises(ValueError):
        clock.resume(
            _local("2026-12-10T14:00"), _local("2026-12-08T09:00"), _local("2026-12-07T09:00")
        )

"""The working calendar: which days a site works, and due dates counted in working days.

Vietnam's public holidays come from the ``holidays`` package, with the swapped days it knows:
a bridge day off and the Saturday worked to make it up. Other days off and make-up working
days the government announces are entered by the admin, for the whole province or one site,
and win over the package. Sundays are never worked unless a make-up day; Saturdays only at
sites that work them, or on a make-up day.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import DAY_OFF, CalendarDay, Site

# A calendar with no working day at all would loop for ever; no real one closes a year.
MAX_SEARCH_DAYS = 366


@dataclass(frozen=True)
class Closure:
    """Why a day is not worked, in Vietnamese and English."""

    reason: str
    reason_en: str


SATURDAY = Closure("Thứ Bảy", "Saturday")
SUNDAY = Closure("Chủ nhật", "Sunday")
ANNOUNCED_DAY_OFF = Closure("Ngày nghỉ theo thông báo", "Announced day off")


@lru_cache(maxsize=32)
def public_holidays(year: int) -> Mapping[date, Closure]:
    """Return Vietnam's public holidays of ``year``, named in Vietnamese and English."""
    names_vi = holidays.country_holidays("VN", years=year, language="vi")
    names_en = holidays.country_holidays("VN", years=year, language="en_US")
    return {day: Closure(name, names_en.get(day, name)) for day, name in names_vi.items()}


@lru_cache(maxsize=32)
def public_make_up_days(year: int) -> frozenset[date]:
    """Return the weekend days of ``year`` worked to make up a bridge day off, as announced
    with the holidays (a make-up day may come in the year before the day off it pays for)."""
    known = holidays.country_holidays("VN", years=(year, year + 1))
    return frozenset(day for day in known.weekend_workdays if day.year == year)


@dataclass(frozen=True)
class WorkingCalendar:
    """One site's calendar: its Saturday rule and the admin's entries that apply to it."""

    works_saturday: bool = False
    days_off: Mapping[date, Closure] = field(default_factory=dict)
    working_days: frozenset[date] = frozenset()

    def closure(self, day: date) -> Closure | None:
        """Return why ``day`` is not worked, or None on a working day."""
        if day in self.working_days:
            return None
        if day in self.days_off:
            return self.days_off[day]
        if day in public_make_up_days(day.year):
            return None
        holiday = public_holidays(day.year).get(day)
        if holiday is not None:
            return holiday
        if day.weekday() == 6:
            return SUNDAY
        if day.weekday() == 5 and not self.works_saturday:
            return SATURDAY
        return None

    def is_make_up_day(self, day: date) -> bool:
        """Tell whether ``day`` is a weekend day worked to make up a day off."""
        return day.weekday() >= 5 and self.closure(day) is None and (
            day in self.working_days or day in public_make_up_days(day.year))

    def is_working_day(self, day: date) -> bool:
        """Tell whether the site works on ``day``."""
        return self.closure(day) is None

    def next_working_day(self, day: date) -> date:
        """Return ``day`` itself if worked, else the first working day after it."""
        for offset in range(MAX_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("no working day within a year")

    def add_working_days(self, start: date, days: int) -> date:
        """Return the ``days``-th working day after ``start`` (``start`` itself not counted).

        A dossier received on ``start`` with a processing time of ``days`` working days is
        due on that day; with 0 days it is due on the first working day from ``start``.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        current = self.next_working_day(start) if days == 0 else start
        for _ in range(days):
            current = self.next_working_day(current + timedelta(days=1))
        return current


def calendar_for(session: Session, site: Site | None) -> WorkingCalendar:
    """Build the calendar of ``site`` (the province's one when None) from the admin's entries."""
    scope = CalendarDay.site_id.is_(None)
    if site is not None:
        scope = or_(scope, CalendarDay.site_id == site.id)
    # Province-wide entries first, so a site's own entry for the same day wins.
    rows = session.scalars(select(CalendarDay).where(scope).order_by(
        CalendarDay.site_id.is_not(None), CalendarDay.day)).all()
    kinds: dict[date, CalendarDay] = {row.day: row for row in rows}
    days_off = {day: Closure(row.name or ANNOUNCED_DAY_OFF.reason,
                             row.name_en or row.name or ANNOUNCED_DAY_OFF.reason_en)
                for day, row in kinds.items() if row.kind == DAY_OFF}
    working = frozenset(day for day, row in kinds.items() if row.kind != DAY_OFF)
    return WorkingCalendar(bool(site and site.works_saturday), days_off, working)


def is_working_day(session: Session, site: Site | None, day: date) -> bool:
    """Tell whether ``site`` works on ``day``."""
    return calendar_for(session, site).is_working_day(day)


def add_working_days(session: Session, site: Site | None, start: date, days: int) -> date:
    """Return the ``days``-th working day of ``site`` after ``start``."""
    return calendar_for(session, site).add_working_days(start, days)

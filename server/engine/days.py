"""Service days: the local calendar day a ticket belongs to, in the centre's zone."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..formats import VIETNAM  # one definition of the zone, light to import

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def service_day(now: datetime, rollover_at: time = time(0, 0), tz: ZoneInfo = VIETNAM) -> date:
    """Return the service day for ``now``: the local date, counted from ``rollover_at``."""
    local = now.astimezone(tz)
    if local.time() < rollover_at:
        return local.date() - timedelta(days=1)
    return local.date()


def day_hours(opening_hours: dict, day: date, make_up: bool = False) -> list:
    """Return the opening periods of ``day``, like ``[["07:30", "11:30"]]``.

    A make-up working day (``make_up``) on a weekend the hours leave empty is worked like a
    weekday: it takes the hours of the first day from Monday to Friday that has some.
    """
    periods = opening_hours.get(WEEKDAYS[day.weekday()], [])
    if not periods and make_up and day.weekday() >= 5:
        periods = next((opening_hours[name] for name in WEEKDAYS[:5] if opening_hours.get(name)),
                       [])
    return periods


def is_open(opening_hours: dict, now: datetime, tz: ZoneInfo = VIETNAM,
            make_up: bool = False) -> bool:
    """Tell whether ``now`` falls in opening hours like ``{"mon": [["07:30", "11:30"]]}``;
    ``make_up``: the day is a make-up working day (see ``day_hours``).

    An empty mapping means the service is always open.
    """
    if not opening_hours:
        return True
    local = now.astimezone(tz)
    clock = local.strftime("%H:%M")
    return any(start <= clock < end for start, end in day_hours(opening_hours, local.date(),
                                                                 make_up))


# Long enough to look past the Tết break and its weekends.
OPENING_SEARCH_DAYS = 21


def next_opening(opening_hours: dict, now: datetime, tz: ZoneInfo = VIETNAM,
                 working_day: Callable[[date], bool] = lambda day: True,
                 make_up_day: Callable[[date], bool] = lambda day: False) -> datetime | None:
    """Return the next local opening time on a working day within three weeks, or None."""
    if not opening_hours:
        return None
    local = now.astimezone(tz)
    for offset in range(OPENING_SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        if not working_day(day):
            continue
        for start, _end in sorted(day_hours(opening_hours, day, make_up_day(day))):
            hour, minute = (int(part) for part in start.split(":"))
            candidate = datetime.combine(day, time(hour, minute), tzinfo=tz)
            if candidate > local:
                return candidate
    return None


# Bookable hours of a service that sets none (it takes walk-ins at any time): the usual
# office hours of a one-stop centre, Monday to Friday.
OFFICE_HOURS = {day: [["07:30", "11:30"], ["13:30", "17:00"]]
                for day in ("mon", "tue", "wed", "thu", "fri")}


def working_periods(opening_hours: dict, day: date,
                    make_up: bool = False) -> list[tuple[int, int]]:
    """Return the day's opening periods as (start, end) minutes after local midnight."""
    periods = day_hours(opening_hours or OFFICE_HOURS, day, make_up)
    return sorted((_minutes(start), _minutes(end)) for start, end in periods)


def _minutes(clock: str) -> int:
    hour, minute = (int(part) for part in clock.split(":"))
    return hour * 60 + minute

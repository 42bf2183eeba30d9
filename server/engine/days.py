"""Service days: the local calendar day a ticket belongs to, in the centre's zone."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def service_day(now: datetime, rollover_at: time = time(0, 0), tz: ZoneInfo = VIETNAM) -> date:
    """Return the service day for ``now``: the local date, counted from ``rollover_at``."""
    local = now.astimezone(tz)
    if local.time() < rollover_at:
        return local.date() - timedelta(days=1)
    return local.date()


def is_open(opening_hours: dict, now: datetime, tz: ZoneInfo = VIETNAM) -> bool:
    """Tell whether ``now`` falls in opening hours like ``{"mon": [["07:30", "11:30"]]}``.

    An empty mapping means the service is always open.
    """
    if not opening_hours:
        return True
    local = now.astimezone(tz)
    clock = local.strftime("%H:%M")
    periods = opening_hours.get(WEEKDAYS[local.weekday()], [])
    return any(start <= clock < end for start, end in periods)


# Long enough to look past the Tết break and its weekends.
OPENING_SEARCH_DAYS = 21


def next_opening(opening_hours: dict, now: datetime, tz: ZoneInfo = VIETNAM,
                 working_day: Callable[[date], bool] = lambda day: True) -> datetime | None:
    """Return the next local opening time on a working day within three weeks, or None."""
    if not opening_hours:
        return None
    local = now.astimezone(tz)
    for offset in range(OPENING_SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        if not working_day(day):
            continue
        for start, _end in sorted(opening_hours.get(WEEKDAYS[day.weekday()], [])):
            hour, minute = (int(part) for part in start.split(":"))
            candidate = datetime.combine(day, time(hour, minute), tzinfo=tz)
            if candidate > local:
                return candidate
    return None


# Bookable hours of a service that sets none (it takes walk-ins at any time): the usual
# office hours of a one-stop centre, Monday to Friday.
OFFICE_HOURS = {day: [["07:30", "11:30"], ["13:30", "17:00"]]
                for day in ("mon", "tue", "wed", "thu", "fri")}


def working_periods(opening_hours: dict, day: date) -> list[tuple[int, int]]:
    """Return the day's opening periods as (start, end) minutes after local midnight."""
    periods = (opening_hours or OFFICE_HOURS).get(WEEKDAYS[day.weekday()], [])
    return sorted((_minutes(start), _minutes(end)) for start, end in periods)


def _minutes(clock: str) -> int:
    hour, minute = (int(part) for part in clock.split(":"))
    return hour * 60 + minute

"""The duty roster (lịch trực): who staffs which counter on which day, and who actually did.

Counter sessions record each span a clerk had a counter open, so the manager can compare
rostered hours with open hours per clerk.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Counter, CounterSession, RosterEntry, Site, User
from .days import VIETNAM, working_periods
from .errors import QueueError


@dataclass(frozen=True)
class Slot:
    """One clerk at one counter on one day, from ``starts`` to ``ends`` (local time)."""

    day: date
    counter_number: int
    username: str
    starts: time = time(7, 30)
    ends: time = time(17, 0)


def week_start(day: date) -> date:
    """Return the Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def roster_for(session: Session, site: Site, first: date, last: date) -> list[RosterEntry]:
    """Return the site's roster entries from ``first`` to ``last``, by day, counter and time."""
    return list(session.scalars(
        select(RosterEntry).join(RosterEntry.counter)
        .where(RosterEntry.site_id == site.id, RosterEntry.day >= first, RosterEntry.day <= last)
        .order_by(RosterEntry.day, Counter.number, RosterEntry.starts)))


def set_week(session: Session, site: Site, monday: date, slots: list[Slot]) -> int:
    """Replace the roster of the week starting ``monday`` with ``slots``; return their count."""
    monday = week_start(monday)
    counters = {counter.number: counter for counter in site.counters}
    clerks: dict[str, User] = {}
    entries = []
    for slot in slots:
        _check_slot(slot, monday, counters)
        clerk = clerks.get(slot.username) or _rosterable_clerk(session, site, slot.username)
        clerks[slot.username] = clerk
        entries.append(RosterEntry(site_id=site.id, day=slot.day,
                                   counter_id=counters[slot.counter_number].id,
                                   user_id=clerk.id, starts=slot.starts, ends=slot.ends))
    _refuse_overlaps(entries)
    session.execute(delete(RosterEntry).where(
        RosterEntry.site_id == site.id, RosterEntry.day >= monday,
        RosterEntry.day < monday + timedelta(days=7)))
    session.add_all(entries)
    session.flush()
    return len(entries)


def copy_previous_week(session: Session, site: Site, monday: date) -> int:
    """Make the week of ``monday`` a copy of the week before; return how many entries."""
    monday = week_start(monday)
    previous = roster_for(session, site, monday - timedelta(days=7), monday - timedelta(days=1))
    slots = [Slot(entry.day + timedelta(days=7), entry.counter.number, entry.user.username,
                  entry.starts, entry.ends) for entry in previous]
    return set_week(session, site, monday, slots)


def _check_slot(slot: Slot, monday: date, counters: dict) -> None:
    if not monday <= slot.day < monday + timedelta(days=7):
        raise QueueError("roster_day_outside_week",
                         f"Ngày {slot.day:%d/%m/%Y} không thuộc tuần đang sửa.",
                         f"{slot.day} is not in the week being edited.", status=422)
    if slot.counter_number not in counters:
        raise QueueError("unknown_counter", f"Không có quầy số {slot.counter_number}.",
                         f"There is no counter {slot.counter_number}.", status=422)
    if slot.starts >= slot.ends:
        raise QueueError("roster_bad_hours", "Giờ kết thúc phải sau giờ bắt đầu.",
                         "A shift must end after it starts.", status=422)


def _rosterable_clerk(session: Session, site: Site, username: str) -> User:
    clerk = session.scalar(select(User).where(User.username == username))
    if clerk is None or clerk.role != "clerk" or not clerk.active or \
            clerk.site_id not in (None, site.id):
        raise QueueError("unknown_clerk", f"Không có cán bộ “{username}” tại đơn vị này.",
                         f"There is no clerk '{username}' at this site.", status=422)
    return clerk


def _refuse_overlaps(entries: list[RosterEntry]) -> None:
    for index, entry in enumerate(entries):
        for other in entries[index + 1:]:
            same_place = entry.counter_id == other.counter_id
            same_person = entry.user_id == other.user_id
            overlap = entry.starts < other.ends and other.starts < entry.ends
            if entry.day == other.day and overlap and (same_place or same_person):
                raise QueueError("roster_overlap",
                                 f"Lịch trực ngày {entry.day:%d/%m/%Y} bị trùng giờ.",
                                 f"Two shifts overlap on {entry.day}.", status=422)


def others_rostered(session: Session, counter: Counter, user: User, now: datetime) -> list[User]:
    """Return the clerks other than ``user`` rostered at ``counter`` at ``now`` (local day)."""
    local = now.astimezone(VIETNAM)
    entries = session.scalars(select(RosterEntry).where(
        RosterEntry.counter_id == counter.id, RosterEntry.day == local.date(),
        RosterEntry.starts <= local.time(), RosterEntry.ends > local.time()))
    return [entry.user for entry in entries if entry.user_id != user.id]


def begin_session(session: Session, counter: Counter, user_id: int, now: datetime) -> None:
    """Record that ``user_id`` has ``counter`` open from ``now``, unless already recorded."""
    already = session.scalar(select(CounterSession).where(
        CounterSession.counter_id == counter.id, CounterSession.closed_at.is_(None)))
    if already is None:
        session.add(CounterSession(counter_id=counter.id, user_id=user_id, opened_at=now))


def end_session(session: Session, counter: Counter, now: datetime) -> None:
    """Close the open session of ``counter`` at ``now``."""
    for open_session in session.scalars(select(CounterSession).where(
            CounterSession.counter_id == counter.id, CounterSession.closed_at.is_(None))):
        open_session.closed_at = now


def shift_hours(day: date, starts: time, ends: time) -> float:
    """Return the hours a shift works: its span less the lunch break between office periods
    (11:30–13:30), which a day's shift from 07:30 to 17:00 spans but nobody works."""
    periods = working_periods({}, day - timedelta(days=day.weekday()))  # the week's Monday
    start, end = starts.hour * 60 + starts.minute, ends.hour * 60 + ends.minute
    minutes = end - start
    for (_open, lunch_from), (lunch_to, _close) in zip(periods, periods[1:], strict=False):
        minutes -= max(0, min(end, lunch_to) - max(start, lunch_from))
    return minutes / 60


def hours_report(session: Session, site: Site, first: date, last: date,
                 now: datetime) -> list[dict]:
    """Compare, per clerk, rostered hours with hours a counter was actually open."""
    rostered: dict[int, float] = {}
    names: dict[int, User] = {}
    for entry in roster_for(session, site, first, last):
        rostered[entry.user_id] = (rostered.get(entry.user_id, 0.0)
                                   + shift_hours(entry.day, entry.starts, entry.ends))
        names[entry.user_id] = entry.user
    opened: dict[int, float] = {}
    start = datetime.combine(first, time(0), VIETNAM).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), VIETNAM).astimezone(UTC)
    sessions = session.scalars(
        select(CounterSession).join(Counter, Counter.id == CounterSession.counter_id)
        .where(Counter.site_id == site.id, CounterSession.opened_at < end))
    for record in sessions:
        closed = record.closed_at or now
        span = (min(closed, end) - max(record.opened_at, start)).total_seconds()
        if span > 0:
            opened[record.user_id] = opened.get(record.user_id, 0.0) + span / 3600
            names.setdefault(record.user_id, session.get(User, record.user_id))
    return [{"clerk": user.username, "clerk_name": user.full_name,
             "rostered_hours": round(rostered.get(user_id, 0.0), 2),
             "open_hours": round(opened.get(user_id, 0.0), 2)}
            for user_id, user in sorted(names.items(), key=lambda item: item[1].username)]

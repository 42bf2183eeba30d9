"""The duty roster as staff read it, and the warning a clerk gets at someone else's counter."""

from datetime import date
from typing import Self

from pydantic import Field
from sqlalchemy.orm import Session

from ..engine.roster import others_rostered
from ..models import Counter, RosterEntry, User, utcnow
from .common import Payload


class RosterEntryView(Payload):
    """One roster entry."""

    day: date
    counter: int
    counter_name: str
    clerk: str
    clerk_name: str
    starts: str = Field(pattern=r"^\d{2}:\d{2}$")
    ends: str = Field(pattern=r"^\d{2}:\d{2}$")

    @classmethod
    def of(cls, entry: RosterEntry) -> Self:
        """Describe one roster entry."""
        return cls(
            day=entry.day,
            counter=entry.counter.number,
            counter_name=entry.counter.name,
            clerk=entry.user.username,
            clerk_name=entry.user.full_name,
            starts=entry.starts.strftime("%H:%M"),
            ends=entry.ends.strftime("%H:%M"),
        )


class RosterDay(Payload):
    site: str
    date: date
    roster: list[RosterEntryView]


class RosterWeekView(Payload):
    site: str
    start: date
    roster: list[RosterEntryView]


class RosterSaved(Payload):
    site: str
    start: date
    entries: int


class ClerkHours(Payload):
    clerk: str
    clerk_name: str
    rostered_hours: float
    open_hours: float


class RosterHours(Payload):
    site: str
    from_: date = Field(alias="from")
    to: date
    clerks: list[ClerkHours]


class RosterWarning(Payload):
    """The warning a clerk gets signing in at a counter someone else is rostered at."""

    rostered: list[str]
    message: str
    message_en: str

    @classmethod
    def of(cls, session: Session, counter: Counter, user: User) -> Self | None:
        """Warn a clerk signing in at a counter someone else is rostered at, right now."""
        others = others_rostered(session, counter, user, utcnow())
        if not others:
            return None
        names = ", ".join(other.full_name or other.username for other in others)
        return cls(
            rostered=[other.username for other in others],
            message=f"Theo lịch trực, {counter.name or counter.number} hôm nay do "
            f"{names} làm việc.",
            message_en=f"By the duty roster, {names} staffs this counter today.",
        )

"""The duty roster as staff read it, and the warning a clerk gets at someone else's counter."""

from sqlalchemy.orm import Session

from ..engine.roster import others_rostered
from ..models import Counter, RosterEntry, User, utcnow


def entry_view(entry: RosterEntry) -> dict:
    """Describe one roster entry."""
    return {"day": entry.day.isoformat(), "counter": entry.counter.number,
            "counter_name": entry.counter.name, "clerk": entry.user.username,
            "clerk_name": entry.user.full_name, "starts": entry.starts.strftime("%H:%M"),
            "ends": entry.ends.strftime("%H:%M")}


def roster_warning(session: Session, counter: Counter, user: User) -> dict | None:
    """Warn a clerk signing in at a counter someone else is rostered at, right now."""
    others = others_rostered(session, counter, user, utcnow())
    if not others:
        return None
    names = ", ".join(other.full_name or other.username for other in others)
    return {"rostered": [other.username for other in others],
            "message": f"Theo lịch trực, {counter.name or counter.number} hôm nay do {names} "
                       "làm việc.",
            "message_en": f"By the duty roster, {names} staffs this counter today."}

"""Small helpers every payload module shares."""

from datetime import datetime


def iso(value: datetime | None) -> str | None:
    """Return ``value`` as ISO 8601, or None when it is not set."""
    return value.isoformat() if value else None

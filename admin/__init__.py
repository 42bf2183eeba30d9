"""Administration: sites, services, counters, users, devices and texts, with an audit trail."""

from . import procedures  # noqa: F401  (registers the catalogue pages)
from .views import blueprint


def register_events(socketio) -> None:
    """The admin screens are plain forms; no socket events."""


__all__ = ["blueprint", "register_events"]

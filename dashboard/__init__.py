"""The manager's live dashboard: today's numbers per site, refreshed on staff socket events."""

from .views import blueprint


def register_events(socketio) -> None:
    """The dashboard listens on the existing ``/staff`` namespace; nothing to add."""


__all__ = ["blueprint", "register_events"]

"""Service-quality reports: computation, the report API and exports, and the /reports page."""

from .views import blueprint


def register_events(socketio) -> None:
    """Reports have no socket events; the live numbers are the dashboard's."""


__all__ = ["blueprint", "register_events"]

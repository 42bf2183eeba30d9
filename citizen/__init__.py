"""The citizen's phone pages that are nobody's screen: a dossier's status, feedback."""

from .views import blueprint


def register_events(socketio) -> None:
    """Plain pages; no socket events."""


__all__ = ["blueprint", "register_events"]

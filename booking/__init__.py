"""The citizen's phone page: book a time for a field of work, or take today's number."""

from .views import blueprint


def register_events(server) -> None:
    """The booking page has no socket events; the live ticket page (kiosk/) has them."""


__all__ = ["blueprint", "register_events"]

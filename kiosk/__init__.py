"""The touchscreen kiosk, the public live page of a ticket, and their Socket.IO namespaces."""

from . import reading  # noqa: F401  (registers the read-aloud route)
from .events import register_events
from .views import blueprint

__all__ = ["blueprint", "register_events"]

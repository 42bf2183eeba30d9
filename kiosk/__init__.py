"""The touchscreen kiosk, the public live page of a ticket, and their Socket.IO namespaces."""

from .events import register_events
from .views import blueprint

__all__ = ["blueprint", "register_events"]

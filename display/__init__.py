"""The waiting-room TV: live page, ``/display`` Socket.IO namespace, spoken announcements."""

from .events import register_events
from .views import blueprint

__all__ = ["blueprint", "register_events"]

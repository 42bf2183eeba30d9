"""The vote pad at each counter: a tablet page and the ``/vote`` Socket.IO namespace."""

from .events import register_events
from .views import blueprint

__all__ = ["blueprint", "register_events"]

"""The clerk's counter console: call, recall, no-show, transfer, finish, pause."""

from .views import blueprint


def register_events(socketio) -> None:
    """The console listens on the shared ``/staff`` namespace; it adds no events of its own."""


__all__ = ["blueprint", "register_events"]

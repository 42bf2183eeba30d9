"""In-process signals, sent after commit, for features that react to queue changes."""

from blinker import Namespace

_signals = Namespace()

#: Sent with ``ticket=`` and ``device=`` when a kiosk has been answered with a new ticket.
ticket_issued = _signals.signal("ticket-issued")

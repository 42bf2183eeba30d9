"""The ``/vote`` Socket.IO namespace: vote pads connect with their device token.

Server → client: ``pad`` (counter, reasons, time-outs) on connect; ``ticket_finished`` on
connect when a recent visit at the counter is still unrated, and whenever the clerk finishes
one; ``vote_recorded`` once the visit is rated. Votes themselves go to ``POST /api/v1/votes``.
"""

from flask import request
from flask_socketio import Namespace, join_room

from server.engine.votes import pending_ticket
from server.notify import VOTE, counter_room
from server.payloads import FinishedVisit, PadSettings, vote_window_s
from server.sockets import ValidatingNamespace, connecting_principal, refuse
from server.storage import db


class VoteNamespace(ValidatingNamespace, Namespace):
    """Vote pads, each in the room of its own counter."""

    def on_connect(self, auth=None):
        """A pad connects: check it is a vote pad bound to a counter, and wake it if needed."""
        _user, device = connecting_principal(auth)
        if device is None or device.kind != "vote-pad" or device.counter is None:
            raise refuse("vote_pad_token_required", "Cần mã thiết bị của máy đánh giá.",
                         "A vote pad's device token is required.")
        session = db()
        counter = device.counter
        ticket = pending_ticket(session, counter, vote_window_s())
        settings = PadSettings.of(device).dump()
        session.commit()  # keeps the device's last-seen time
        join_room(counter_room(counter.id))
        self.emit("pad", settings, room=request.sid)
        if ticket is not None:
            self.emit("ticket_finished", FinishedVisit.of(ticket, counter).dump(), room=request.sid)


def register_events(socketio) -> None:
    """Attach the vote namespace to ``socketio``."""
    socketio.on_namespace(VoteNamespace(VOTE))

"""The ``/vote`` Socket.IO namespace: vote pads connect with their device token.

Server → client: ``pad`` (counter, reasons, time-outs) on connect; ``ticket_finished`` on
connect when a recent visit at the counter is still unrated, and whenever the clerk finishes
one; ``vote_recorded`` once the visit is rated. Votes themselves go to ``POST /api/v1/votes``.
``dossier_to_rate`` on connect for each dossier linked at the counter within the vote window
and not rated yet (and whenever one is linked); ratings go to
``POST /api/v1/dossiers/<code>/rating``.
"""

from flask import request
from flask_socketio import Namespace, join_room

from server.api.dossier_links import criteria
from server.device_kinds import VOTE_PAD
from server.engine.dossier_ratings import links_to_rate
from server.engine.votes import pending_ticket
from server.payloads import FinishedVisit, PadSettings, vote_window_s
from server.payloads.dossier_links import DossierToRate
from server.screens_notify import VOTE, counter_room
from server.sockets import ValidatingNamespace, connecting_principal, refuse
from server.storage import db


class VoteNamespace(ValidatingNamespace, Namespace):
    """Vote pads, each in the room of its own counter."""

    def on_connect(self, auth=None):
        """A pad connects: check it is a vote pad bound to a counter, and wake it if needed."""
        _user, device = connecting_principal(auth)
        if device is None or device.kind != VOTE_PAD or device.counter is None:
            raise refuse("vote_pad_token_required", "Cần mã thiết bị của máy đánh giá.",
                         "A vote pad's device token is required.")
        session = db()
        counter = device.counter
        ticket = pending_ticket(session, counter, vote_window_s())
        asks = [DossierToRate.of(link, link.dossier, criteria()).dump()
                for link in links_to_rate(session, counter, vote_window_s())]
        settings = PadSettings.of(device).dump()
        session.commit()  # keeps the device's last-seen time
        join_room(counter_room(counter.id))
        self.emit("pad", settings, room=request.sid)
        for ask in asks:
            self.emit("dossier_to_rate", ask, room=request.sid)
        if ticket is not None:
            self.emit("ticket_finished", FinishedVisit.of(ticket, counter).dump(), room=request.sid)


def register_events(socketio) -> None:
    """Attach the vote namespace to ``socketio``."""
    socketio.on_namespace(VoteNamespace(VOTE))

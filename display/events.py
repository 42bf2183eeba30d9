"""The ``/display`` Socket.IO namespace: TVs connect with their device token.

Connect with ``auth={"token": …, "calls_carry_updates": true}`` to take a call's counter and
waiting counts inside ``ticket_called`` (``counter_state``, ``queue``) instead of as a
``counter_changed`` and a ``queue_changed`` after it: a frame per TV per call instead of three.
Client → server: ``heartbeat`` every ~15 s (ack: server time, settings, notice; stamps the
device's last-seen time, at most once a minute), ``snapshot`` (ack: full state).
Server → client: ``snapshot`` on every connect (see ``state.display_state``),
``ticket_called``, ``queue_changed``, ``counter_changed``, ``error`` for a bad event.
"""

from dataclasses import dataclass

from flask import request
from flask_socketio import join_room

from server import device_kinds
from server.api.schemas import EmptyRequest
from server.auth.tokens import note_seen
from server.engine.lookups import user_site
from server.errors import ApiError
from server.models import Device, Site, utcnow
from server.payloads import Heartbeat
from server.screens_notify import DISPLAY, carried_updates_room, separate_updates_room, site_room
from server.sockets import TrackingNamespace, connecting_principal, refuse, validated_event
from server.storage import db

from .settings import display_settings
from .state import display_state


@dataclass(frozen=True)
class Screen:
    """What this process knows about one connected display socket."""

    site_id: int
    device_id: int | None


class DisplayNamespace(TrackingNamespace):
    """Waiting-room TVs of one site; ``connected`` holds each socket's Screen."""

    def on_connect(self, auth=None):
        """A display connects: check its token, join its site's room, send a full snapshot."""
        user, device = connecting_principal(auth)
        if device is not None and device.kind == device_kinds.DISPLAY:
            site = device.site
        elif user is not None:
            site = user_site(db(), user)
        else:
            raise refuse("display_token_required", "Cần mã thiết bị màn hình hợp lệ.",
                         "A valid display token is required.")
        session = db()
        state = display_state(session, site, device)
        session.commit()  # keeps the device's last-seen time, and ends the read before the emit
        self.connected[request.sid] = Screen(site.id, device.id if device else None)
        join_room(site_room(site.id))
        if isinstance(auth, dict) and auth.get("calls_carry_updates") is True:
            join_room(carried_updates_room(site_room(site.id)))
        else:
            join_room(separate_updates_room(site_room(site.id)))
        self.emit("snapshot", state, room=request.sid)

    @validated_event(EmptyRequest)
    def on_heartbeat(self, _payload):
        """A display reports it is alive; admins see its last-seen time.

        The ack carries the settings and notice, so a change made with ``qms device set``
        from another process reaches the TV within one heartbeat.
        """
        screen = self.connected.get(request.sid)
        device = site = None
        if screen is not None:
            site = db().get(Site, screen.site_id)
            device = db().get(Device, screen.device_id) if screen.device_id else None
        if device is not None and device.revoked_at is not None:
            raise ApiError(401, "device_revoked", "Mã thiết bị đã bị thu hồi.",
                           "This device's token was revoked.")
        if device is not None:
            note_seen(device)
        reply = Heartbeat(ok=True, server_time=utcnow(), display=display_settings(device),
                          notice=site.notice if site is not None else "").dump()
        db().commit()
        return reply

    @validated_event(EmptyRequest)
    def on_snapshot(self, _payload):
        """A display asks for the full state again."""
        screen = self.connected.get(request.sid)
        if screen is None:
            return {"error": {"code": "not_connected", "message": "Chưa kết nối.",
                              "message_en": "Not connected."}}
        device = db().get(Device, screen.device_id) if screen.device_id else None
        return display_state(db(), db().get(Site, screen.site_id), device)


def register_events(socketio) -> None:
    """Attach the display namespace to ``socketio``."""
    socketio.on_namespace(DisplayNamespace(DISPLAY))

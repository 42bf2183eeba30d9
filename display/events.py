"""The ``/display`` Socket.IO namespace: TVs connect with their device token.

Client → server: ``heartbeat`` (ack: server time), ``snapshot`` (ack: full state).
Server → client: ``snapshot`` on every connect, ``ticket_called``, ``queue_changed``,
``counter_changed``.
"""

from dataclasses import dataclass

from flask import request
from flask_socketio import Namespace, join_room
from sqlalchemy import select

from server.api.schemas import EmptyRequest
from server.models import Device, Site, utcnow
from server.notify import DISPLAY, site_room, snapshot
from server.sockets import ValidatingNamespace, connecting_principal, refuse, validated_event
from server.storage import db


@dataclass(frozen=True)
class Screen:
    """What this process knows about one connected display socket."""

    site_id: int
    device_id: int | None


class DisplayNamespace(ValidatingNamespace, Namespace):
    """Waiting-room TVs of one site."""

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.screens: dict[str, Screen] = {}

    def on_connect(self, auth=None):
        """A display connects: check its token, join its site's room, send a full snapshot."""
        user, device = connecting_principal(auth)
        if device is not None and device.kind == "display":
            site = device.site
        elif user is not None:
            site = db().get(Site, user.site_id) if user.site_id else _first_site()
        else:
            raise refuse("display_token_required", "Cần mã thiết bị màn hình hợp lệ.",
                         "A valid display token is required.")
        session = db()
        session.commit()  # keeps the device's last-seen time
        self.screens[request.sid] = Screen(site.id, device.id if device else None)
        join_room(site_room(site.id))
        self.emit("snapshot", self._state(site, device), room=request.sid)

    def on_disconnect(self, reason=None):
        """Forget the socket, so reconnects never leave stale entries behind."""
        self.screens.pop(request.sid, None)

    @validated_event(EmptyRequest)
    def on_heartbeat(self, _payload):
        """A display reports it is alive; admins see its last-seen time."""
        screen = self.screens.get(request.sid)
        if screen is not None and screen.device_id is not None:
            device = db().get(Device, screen.device_id)
            if device is not None:
                device.last_seen_at = utcnow()
                db().commit()
        return {"ok": True, "server_time": utcnow().isoformat()}

    @validated_event(EmptyRequest)
    def on_snapshot(self, _payload):
        """A display asks for the full state again."""
        screen = self.screens.get(request.sid)
        if screen is None:
            return {"error": {"code": "not_connected", "message": "Chưa kết nối.",
                              "message_en": "Not connected."}}
        device = db().get(Device, screen.device_id) if screen.device_id else None
        return self._state(db().get(Site, screen.site_id), device)

    @staticmethod
    def _state(site: Site, device: Device | None) -> dict:
        state = snapshot(db(), site)
        state["display"] = device.settings if device is not None else {}
        state["server_time"] = utcnow().isoformat()
        return state


def _first_site() -> Site:
    return db().scalars(select(Site).order_by(Site.id)).first()


def register_events(socketio) -> None:
    """Attach the display namespace to ``socketio``."""
    socketio.on_namespace(DisplayNamespace(DISPLAY))

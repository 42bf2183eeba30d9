"""The ``/staff`` Socket.IO namespace: clerk consoles and manager dashboards.

Staff connect with ``auth={"token": <staff token>}`` or their login cookie, optionally
``auth={"site": CODE}`` for province-level staff. Server → client: ``snapshot`` on connect
(the site's state, plus ``printers``: its kiosk printers as ``GET /api/v1/printers`` lists them),
``ticket_called``, ``queue_changed``, ``counter_changed``, ``vote_recorded`` (a vote pad rated
a visit: ``{ticket_id, counter, rating, label, at}``), ``printer_status`` (a kiosk printer's
state changed: one printer as in ``printers``).
"""

from flask import request
from flask_socketio import join_room

from .api.schemas import EmptyRequest
from .engine.lookups import default_site, site_by_code
from .models import Site
from .payloads import StaffSnapshot
from .screens_notify import STAFF, site_room
from .sockets import TrackingNamespace, connecting_principal, refuse, validated_event
from .storage import db


class StaffNamespace(TrackingNamespace):
    """Live state for logged-in staff of one site; ``connected`` holds each socket's site id."""

    def on_connect(self, auth=None):
        """Staff connect: check the login, join the site's room, send a full snapshot."""
        user, device = connecting_principal(auth)
        if user is None or device is not None:
            raise refuse("staff_login_required", "Cần đăng nhập bằng tài khoản cán bộ.",
                         "A staff login is required.")
        site = _site_for(user, auth.get("site") if isinstance(auth, dict) else None)
        self.connected[request.sid] = site.id
        join_room(site_room(site.id))
        state = StaffSnapshot.of(db(), site).dump()
        db().commit()  # end the read before the emit
        self.emit("snapshot", state, room=request.sid)

    @validated_event(EmptyRequest)
    def on_snapshot(self, _payload):
        """Staff ask for the full state again."""
        return StaffSnapshot.of(db(), db().get(Site, self.connected[request.sid])).dump()


def _site_for(user, code) -> Site:
    if user.site_id is not None:
        return db().get(Site, user.site_id)
    if isinstance(code, str) and code:
        site = site_by_code(db(), code)
    else:
        site = default_site(db())
    if site is None:
        raise refuse("unknown_site", "Không có đơn vị này.", "No such site.")
    return site


def register_events(socketio) -> None:
    """Attach the staff namespace to ``socketio``."""
    socketio.on_namespace(StaffNamespace(STAFF))

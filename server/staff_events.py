"""The ``/staff`` Socket.IO namespace: clerk consoles and manager dashboards.

Staff connect with ``auth={"token": <staff token>}`` or their login cookie, optionally
``auth={"site": CODE}`` for province-level staff. Server → client: ``snapshot`` on connect,
``ticket_called``, ``queue_changed``, ``counter_changed``, ``vote_recorded`` (a vote pad rated
a visit: ``{ticket_id, counter, rating, label, at}``).
"""

from flask import request
from flask_socketio import Namespace, join_room

from .api.schemas import EmptyRequest
from .engine.lookups import default_site, site_by_code
from .models import Site
from .notify import STAFF, site_room
from .payloads import SiteSnapshot
from .sockets import ValidatingNamespace, connecting_principal, refuse, validated_event
from .storage import db


class StaffNamespace(ValidatingNamespace, Namespace):
    """Live state for logged-in staff of one site."""

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.sites: dict[str, int] = {}

    def on_connect(self, auth=None):
        """Staff connect: check the login, join the site's room, send a full snapshot."""
        user, device = connecting_principal(auth)
        if user is None or device is not None:
            raise refuse("staff_login_required", "Cần đăng nhập bằng tài khoản cán bộ.",
                         "A staff login is required.")
        site = _site_for(user, auth.get("site") if isinstance(auth, dict) else None)
        self.sites[request.sid] = site.id
        join_room(site_room(site.id))
        state = SiteSnapshot.of(db(), site).dump()
        db().commit()  # end the read before the emit
        self.emit("snapshot", state, room=request.sid)

    def on_disconnect(self, reason=None):
        self.sites.pop(request.sid, None)

    @validated_event(EmptyRequest)
    def on_snapshot(self, _payload):
        """Staff ask for the full state again."""
        return SiteSnapshot.of(db(), db().get(Site, self.sites[request.sid])).dump()


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

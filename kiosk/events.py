"""Socket.IO for the kiosk and for citizens following their ticket.

``/kiosk``: kiosks connect with ``auth={"token": <kiosk token>}``. Server → client:
``queue_changed`` ({"site", "services": {code: waiting}}) on connect and on every change.

``/ticket``: anyone holding a ticket's public code connects with ``auth={"code": …}``.
Server → client: ``ticket_status`` (as ``GET /api/v1/tickets/<code>``) on connect and
whenever the site's queue changes, to the room of that ticket only.
"""

from flask import request
from flask_socketio import Namespace, join_room
from sqlalchemy import select

from server import device_kinds
from server.engine.lookups import ticket_by_public_code
from server.models import Site, Ticket
from server.payloads import QueueCounts, TicketStatusView
from server.screens_notify import KIOSK, TICKET, Message, on_site_changed, site_room
from server.sockets import (
    TrackingNamespace,
    ValidatingNamespace,
    connecting_principal,
    refuse,
)
from server.storage import db

from .agent_events import register_agent_events


def ticket_room(public_code: str) -> str:
    """Return the room of the pages following one ticket."""
    return f"ticket:{public_code}"


class KioskNamespace(ValidatingNamespace, Namespace):
    """Kiosks of one site hear the waiting counts on their tiles."""

    def on_connect(self, auth=None):
        """A kiosk connects with its token: join its site's room, get the counts."""
        user, device = connecting_principal(auth)
        if device is None or device.kind != device_kinds.KIOSK:
            raise refuse("kiosk_token_required", "Cần mã thiết bị máy lấy số hợp lệ.",
                         "A valid kiosk token is required.")
        join_room(site_room(device.site_id))
        queue = QueueCounts.of(db(), device.site).dump()
        db().commit()  # keeps the last-seen time, and ends the read before the emit
        self.emit("queue_changed", queue, room=request.sid)


class TicketNamespace(TrackingNamespace):
    """Citizens' phones following one ticket each; ``connected`` holds each phone's
    (site id, ticket code)."""

    def on_connect(self, auth=None):
        """A phone connects with a ticket's public code: send where the ticket stands."""
        code = auth.get("code") if isinstance(auth, dict) else None
        ticket = None
        if isinstance(code, str) and 0 < len(code) <= 32:
            ticket = ticket_by_public_code(db(), code)
        if ticket is None:
            raise refuse("ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
        self.connected[request.sid] = (ticket.site_id, code)
        join_room(ticket_room(code))
        status = TicketStatusView.of(ticket).dump()
        db().commit()  # end the read before the emit
        self.emit("ticket_status", status, room=request.sid)

    def updates(self, session, site: Site) -> list[Message]:
        """Build a fresh status for every ticket of ``site`` that someone here follows.

        Finished and no-show tickets are included: the phone must stop saying "being served".
        """
        codes = {code for site_id, code in self.connected.values() if site_id == site.id}
        if not codes:
            return []
        tickets = session.scalars(select(Ticket).where(Ticket.public_code.in_(codes))).all()
        return [Message("ticket_status", TicketStatusView.of(ticket).dump(), TICKET,
                        ticket_room(ticket.public_code)) for ticket in tickets]


def register_events(server) -> None:
    """Attach the kiosk, ticket and print agent namespaces to ``server``."""
    register_agent_events(server)
    server.on_namespace(KioskNamespace(KIOSK))
    tickets = TicketNamespace(TICKET)
    server.on_namespace(tickets)
    on_site_changed("ticket followers", tickets.updates)

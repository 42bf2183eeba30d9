"""Remote tickets: a citizen takes today's number from the phone page and follows it live."""

from flask import request

from ..engine.remote import Position, issue_remote_ticket
from ..limits import allow, too_many
from ..notify import Outbox, commit_and_send
from ..payloads import ticket_status
from ..storage import db
from .appointments import site_named
from .blueprint import api
from .contract import documented
from .responses import RemoteTicket
from .schemas import RemoteTicketRequest, SiteQuery


@api.post("/v1/tickets/remote")
@documented("Take today's number from the phone where the site allows it (public, "
            "rate-limited)", {201: RemoteTicket}, errors=(403, 404, 409, 429),
            body=RemoteTicketRequest, query=SiteQuery)
def create_remote_ticket(body: RemoteTicketRequest, query: SiteQuery):
    """Issue today's number to a phone where the site allows it (public, rate-limited)."""
    digits = "".join(char for char in body.phone if char.isdigit())[-9:]
    if (not allow("BOOKING_RATE_LIMIT", "remote-address", request.remote_addr or "")
            or not allow("BOOKING_PHONE_LIMIT", "remote-phone", digits)):
        raise too_many("BOOKING_RATE_LIMIT",
                       "Quý khách thao tác quá nhiều lần, vui lòng thử lại sau ít phút.",
                       "Too many attempts; please try again in a few minutes.")
    session = db()
    site = site_named(body.site)
    position = (Position(body.latitude, body.longitude, body.accuracy_m)
                if body.latitude is not None else None)
    ticket = issue_remote_ticket(session, site, body.service, body.phone,
                                 position=position).ticket
    response = ticket_status(ticket) | {"replayed": False}
    outbox = Outbox()
    outbox.site(session, site, followers=False)
    commit_and_send(session, outbox)
    return response, 201

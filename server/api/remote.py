"""Remote tickets: a citizen takes today's number from the phone page and follows it live.

Where the site checks phones (a message gateway is configured), the request is held until
the code sent to the phone is typed back; only then is the number issued.
"""

from ..engine.booking import normalise_phone
from ..engine.phone_holds import find_hold, open_hold, try_code
from ..engine.remote import Position, admit_remote, issue_remote_ticket
from ..limits import check_lookup_rate
from ..models import Site, Ticket
from ..payloads.appointments import public_phone
from ..payloads.tickets import RemoteHold, RemoteTicket
from ..screens_notify import Outbox, commit_and_send
from ..storage import db
from .appointments import site_named
from .blueprint import api
from .context import require_active
from .contract import documented
from .phone_check import (
    answer_held,
    hold_rules,
    limit_attempt,
    limit_site,
    phone_check_on,
)
from .schemas import PhoneCodeRequest, RemoteTicketRequest, SiteQuery


def _issued(session, site: Site, ticket: Ticket):
    response = RemoteTicket.of(ticket, replayed=False).dump()
    outbox = Outbox()
    outbox.site(session, site, followers=False)
    commit_and_send(session, outbox)
    return response, 201


@api.post("/v1/tickets/remote")
@documented("Take today's number from the phone where the site allows it (public, "
            "rate-limited per address, phone and, without a message gateway, site). Where "
            "the site checks phones, 202: nothing is issued until the code sent to the phone "
            "comes back (POST /v1/tickets/remote/{hold}/confirm)",
            {201: RemoteTicket, 202: RemoteHold}, errors=(403, 404, 409, 429),
            body=RemoteTicketRequest, query=SiteQuery)
def create_remote_ticket(body: RemoteTicketRequest, query: SiteQuery):
    """Issue today's number to a phone where the site allows it (public, rate-limited)."""
    limit_attempt("remote", body.phone)
    session = db()
    site = require_active(site_named(body.site))
    limit_site("remote", site)
    position = (Position(body.latitude, body.longitude, body.accuracy_m)
                if body.latitude is not None else None)
    if not phone_check_on(site):
        ticket = issue_remote_ticket(session, site, body.service, body.phone,
                                     position=position).ticket
        return _issued(session, site, ticket)
    service = admit_remote(session, site, body.service, position)
    phone = normalise_phone(body.phone)
    hold, code = open_hold(session, site, service, "remote", phone, hold_rules())
    return answer_held(session, site, service.code, hold, code, RemoteHold(
        hold=hold.token, status="unconfirmed", phone=public_phone(phone), service=service.code,
        expires_at=hold.expires_at).dump())


@api.post("/v1/tickets/remote/<hold>/confirm")
@documented("Issue the held remote number once the code sent to the phone comes back "
            "(public, rate-limited): 201, or 200 on a repeat; 422 wrong_code, 410 code_expired",
            {201: RemoteTicket, 200: RemoteTicket}, errors=(403, 404, 409, 410, 422, 429),
            body=PhoneCodeRequest, path={"hold": {"maxLength": 32}})
def confirm_remote_ticket(hold: str, body: PhoneCodeRequest):
    """Issue a held remote number once the citizen types the code sent to the phone."""
    check_lookup_rate("BOOKING_RATE_LIMIT", "remote-confirm")
    session = db()
    held = find_hold(session, "remote", token=hold)
    if held.ticket is not None:
        return RemoteTicket.of(held.ticket, replayed=True).dump(), 200
    refusal = try_code(session, held, body.otp, hold_rules())
    if refusal is not None:
        session.commit()  # the wrong attempt counts
        raise refusal
    site = require_active(session.get(Site, held.site_id))
    ticket = issue_remote_ticket(session, site, held.service.code, held.phone,
                                 admitted=True).ticket
    held.ticket_id = ticket.id
    return _issued(session, site, ticket)

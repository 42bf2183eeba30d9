"""The citizen's ID card at the kiosk and the counter: who it is, and what they have here."""

from datetime import datetime

from flask import current_app, g

from ..auth.guard import require_device_or_staff
from ..device_kinds import KIOSK
from ..engine.citizen_id import (
    CitizenCard,
    InvalidCard,
    id_hash,
    read_card_line,
    read_typed_number,
)
from ..engine.citizens import remember
from ..engine.days import VIETNAM
from ..errors import ApiError
from ..limits import scan_limit
from ..models import AdminAudit, Citizen, Site, utcnow
from ..payloads.citizens import CitizenScan
from ..storage import db
from .blueprint import api
from .context import resolve_site
from .contract import documented
from .schemas import CitizenCardRequest


def read_card(request: CitizenCardRequest, now: datetime) -> CitizenCard:
    """Check the scanned line or typed number; a card that is not one answers 422."""
    today = now.astimezone(VIETNAM).date()
    try:
        if request.qr is not None:
            return read_card_line(request.qr, today)
        return read_typed_number(request.id_number or "", today)
    except InvalidCard as refused:
        raise ApiError(422, InvalidCard.code, refused.message, refused.message_en) from None


def hashed_id(number: str | None) -> tuple[str, str] | None:
    """Check a typed ID number and return its keyed hash and last 4 digits (never the number);
    None when no number was given. A number that is not one answers 422 invalid_id_card."""
    if number is None:
        return None
    card = read_card(CitizenCardRequest(id_number=number), utcnow())
    return id_hash(current_app.config["SECRET_KEY"], card.id_number), card.id_last4


def identify(site: Site, request: CitizenCardRequest, now: datetime) -> Citizen:
    """Read the card and remember the person for the day (the kiosk's and the clerk's scan)."""
    card = read_card(request, now)
    config = current_app.config
    return remember(db(), site, card, config["SECRET_KEY"], now,
                    int(config["CITIZEN_DETAILS_DAYS"]))


@api.post("/v1/citizens/scan")
@require_device_or_staff((KIOSK,), ("clerk", "manager", "admin"))
@scan_limit
@documented("Read a citizen's ID card: greeting, priority, and their tickets, dossiers and "
            "bookings at the site; 422 invalid_id_card for a line or number that is not a "
            "card (docs/citizen-id.md)", {200: CitizenScan}, errors=(404, 422, 429),
            body=CitizenCardRequest)
def scan_citizen(body: CitizenCardRequest):
    """Greet the person whose card was scanned and list what they have at this site.

    Nothing comes back of the number but its last four digits. A clerk's scan is audited,
    without the details read: staff reading personal data leaves a trace.
    """
    session = db()
    site = g.device.site if g.device is not None else resolve_site(g.user)
    now = utcnow()
    citizen = identify(site, body, now)
    if g.user is not None:
        session.add(AdminAudit(user_id=g.user.id, username=g.user.username,
                               action="citizen_read", entity="citizen", entity_id=citizen.id))
    answer = CitizenScan.of(session, site, citizen, now).dump()
    session.commit()
    return answer

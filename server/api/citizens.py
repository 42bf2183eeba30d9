"""The citizen's ID card at the kiosk and the counter: who it is, and what they have here."""

from datetime import datetime

from flask import current_app, g
from sqlalchemy import select

from ..auth.guard import require_device_or_staff
from ..engine.citizen_id import (
    CitizenCard,
    InvalidCard,
    age_on,
    honorific,
    is_elderly,
    read_card_line,
    read_typed_number,
)
from ..engine.citizens import remember, tickets_of
from ..engine.days import VIETNAM, service_day
from ..errors import ApiError
from ..limits import scan_limit
from ..models import AdminAudit, Appointment, Citizen, Dossier, Site, utcnow
from ..models.dossier import RETURNED, WITHDRAWN
from ..payloads import ticket_status
from ..payloads.dossiers import STATUS_LABELS, dossier_public_view
from ..storage import db
from .blueprint import api
from .context import resolve_site
from .contract import documented
from .parsing import parse_body
from .responses import CitizenScan
from .schemas import CitizenCardRequest

MAX_LISTED = 20


def read_card(request: CitizenCardRequest, now: datetime) -> CitizenCard:
    """Check the scanned line or typed number; a card that is not one answers 422."""
    today = now.astimezone(VIETNAM).date()
    try:
        if request.qr is not None:
            return read_card_line(request.qr, today)
        return read_typed_number(request.id_number or "", today)
    except InvalidCard as refused:
        raise ApiError(422, InvalidCard.code, refused.message, refused.message_en) from None


def identify(site: Site, request: CitizenCardRequest, now: datetime) -> tuple[Citizen, CitizenCard]:
    """Read the card and remember the person for the day (the kiosk's and the clerk's scan)."""
    card = read_card(request, now)
    config = current_app.config
    citizen = remember(db(), site, card, config["SECRET_KEY"], now,
                       int(config["CITIZEN_DETAILS_DAYS"]))
    return citizen, card


@api.post("/v1/citizens/scan")
@documented("Read a citizen's ID card: greeting, priority, and their tickets, dossiers and "
            "bookings at the site", {200: CitizenScan}, errors=(404, 422, 429),
            body=CitizenCardRequest)
@require_device_or_staff(("kiosk",), ("clerk", "manager", "admin"))
@scan_limit
def scan_citizen():
    """Greet the person whose card was scanned and list what they have at this site.

    Nothing comes back of the number but its last four digits. A clerk's scan is audited,
    without the details read: staff reading personal data leaves a trace.
    """
    body = parse_body(CitizenCardRequest)
    session = db()
    site = g.device.site if g.device is not None else resolve_site(g.user)
    now = utcnow()
    citizen, card = identify(site, body, now)
    if g.user is not None:
        session.add(AdminAudit(user_id=g.user.id, username=g.user.username,
                               action="citizen_read", entity="citizen", entity_id=citizen.id))
    answer = scan_answer(site, citizen, now)
    session.commit()
    return answer


def scan_answer(site: Site, citizen: Citizen, now: datetime) -> dict:
    """Describe the scanned person to the kiosk or the clerk."""
    today = now.astimezone(VIETNAM).date()
    title, name = honorific(citizen.sex), citizen.full_name
    return {
        "name": name,
        "honorific": title,
        "greeting": f"Kính chào {title} {name}" if name else f"Kính chào {title}",
        "greeting_en": f"Welcome, {name}" if name else "Welcome",
        "age": age_on(citizen.birth_date, today),
        "priority_eligible": is_elderly(citizen.birth_date, today),
        "id_last4": citizen.id_last4,
        "waiting": [ticket_status(ticket) for ticket in tickets_of(
            db(), citizen, site, service_day(now, site.rollover_at), "waiting")],
        "dossiers": _dossiers(site, citizen),
        "bookings": _bookings(site, citizen, now),
    }


def _dossiers(site: Site, citizen: Citizen) -> list[dict]:
    dossiers = db().scalars(
        select(Dossier).where(Dossier.site_id == site.id,
                              Dossier.applicant_id_hash == citizen.id_hash,
                              Dossier.status.not_in((RETURNED, WITHDRAWN)))
        .order_by(Dossier.received_at.desc()).limit(MAX_LISTED))
    listed = []
    for dossier in dossiers:
        public = dossier_public_view(dossier)
        label, label_en = STATUS_LABELS[dossier.status]
        listed.append({"code": dossier.code, "procedure": dossier.procedure_name,
                       "status": dossier.status, "status_label": label,
                       "status_label_en": label_en, "due_date": public["due_date"],
                       "overdue": public["overdue"], "collect_at": public["collect_at"]})
    return listed


def _bookings(site: Site, citizen: Citizen, now: datetime) -> list[dict]:
    local_today = now.astimezone(VIETNAM).date()
    start_of_day = datetime.combine(local_today, datetime.min.time(), tzinfo=VIETNAM)
    bookings = db().scalars(
        select(Appointment).where(Appointment.site_id == site.id,
                                  Appointment.id_hash == citizen.id_hash,
                                  Appointment.status == "booked",
                                  Appointment.start >= start_of_day)
        .order_by(Appointment.start).limit(MAX_LISTED))
    return [{"code": booking.code, "service": booking.service.code,
             "service_name": booking.service.name, "start": booking.start.isoformat(),
             "status": booking.status,
             "check_in_today": booking.start.astimezone(VIETNAM).date() == local_today}
            for booking in bookings]

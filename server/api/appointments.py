"""Appointments: public slots and booking (phone page, other systems), kiosk check-in."""

from datetime import datetime

from flask import current_app, g, request
from sqlalchemy import select

from ..auth.guard import authenticate, bearer_token, require_device, require_staff, unauthenticated
from ..device_kinds import INTEGRATION, KIOSK
from ..engine import Actor
from ..engine.agenda import day_agenda
from ..engine.booking import (
    book,
    bookable_service,
    cancel,
    confirm_booking,
    day_slots,
    find_booking,
    reschedule,
    slot_full,
)
from ..engine.checkin import check_in
from ..engine.days import VIETNAM
from ..engine.errors import QueueError
from ..engine.phone_holds import find_hold, open_hold, try_code
from ..errors import ApiError
from ..limits import check_lookup_rate
from ..models import Appointment, Device, Site, utcnow
from ..payloads.appointments import AppointmentView, DayAgenda, SlotList
from ..payloads.tickets import CheckedInTicket
from ..qr import svg_response
from ..screens_notify import commit_and_send
from ..storage import db
from .blueprint import api
from .citizens import hashed_id
from .context import require_active, resolve_site
from .contract import Media, documented
from .full_slots import full_slots
from .phone_check import (
    answer_held,
    hold_rules,
    limit_attempt,
    limit_site,
    phone_check_on,
    release_expired,
)
from .schemas import (
    AppointmentRequest,
    DayQuery,
    PhoneCodeRequest,
    RescheduleRequest,
    SiteQuery,
    SlotQuery,
)
from .tickets import issued_response

BOOKING_CODE = {"code": {"maxLength": 16}}


def _integration(*, staff_as_public: bool = False) -> Device | None:
    """Return the integration device calling, if it sends its token; without one, public.

    The guards' rule holds here too: a token that is unknown, revoked or expired is a 401; a
    valid token of another kind is a 403. With ``staff_as_public``, staff who hold a booking's
    code act as any holder of it would.
    """
    if bearer_token() is None:
        return None
    user, device = authenticate()
    if user is None and device is None:
        raise unauthenticated()
    if user is not None and staff_as_public:
        return None
    if device is None or device.kind != INTEGRATION:
        raise ApiError(403, "wrong_device", "Chỉ hệ thống tích hợp được dùng mã này ở đây.",
                       "Only an integration device may call this with a token.")
    return device


def booking_id(number: str | None) -> dict:
    """Return a booking's ID fields: the keyed hash and last digits, never the number."""
    hashed = hashed_id(number)
    return {} if hashed is None else dict(zip(("id_hash", "id_last4"), hashed, strict=True))


def site_named(code: str | None) -> Site:
    """The site a public request names (body or ``?site=``), else the first one."""
    code = code or request.args.get("site")
    if not code:
        return resolve_site()
    site = db().scalar(select(Site).where(Site.code == code))
    if site is None:
        raise ApiError(404, "unknown_site", f"Không có đơn vị mã “{code}”.",
                       f"There is no site '{code}'.")
    return site


def _site_for(device: Device | None, code: str | None) -> Site:
    """The site a booking is for: an integration's own, else the one named, else the first."""
    if device is None:
        return site_named(code)
    code = code or request.args.get("site")
    if code and code != device.site.code:
        raise ApiError(403, "other_site", "Hệ thống tích hợp chỉ đặt lịch cho đơn vị của mình.",
                       "An integration acts only for its own site.")
    return device.site




def parse_start(raw: str) -> datetime:
    """Read a slot's start; a time without a zone is local time in Việt Nam."""
    try:
        start = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        start = start if start.tzinfo else start.replace(tzinfo=VIETNAM)
        start.astimezone(VIETNAM)  # the far ends of the calendar overflow here
    except (ValueError, OverflowError):
        raise ApiError(422, "invalid_start", "Giờ hẹn không hợp lệ, vui lòng chọn lại giờ hẹn.",
                       "The start time is not valid (YYYY-MM-DDTHH:MM).") from None
    return start


@api.get("/v1/appointments/slots")
@documented("A bookable service's slots on a day with the places left (public); 422 "
            "not_bookable for a service that takes no bookings",
            {200: SlotList}, errors=(404, 409, 422), query=SlotQuery)
def appointment_slots(query: SlotQuery):
    """List a bookable service's slots on a day, with the places left in each."""
    site = require_active(site_named(query.site))
    release_expired(db(), site)
    service = bookable_service(db(), site, query.service)
    slots = day_slots(db(), service, query.date)
    return {"site": site.code, "service": service.code, "date": query.date.isoformat(),
            "slots": [slot.view() for slot in slots]}


@api.post("/v1/appointments")
@documented("Book a slot (public, rate-limited per address, phone and, without a message "
            "gateway, site; or an integration token for its own site). Where the site checks "
            "phones, 202: the place is held until the code sent to the phone comes back "
            "(POST /v1/appointments/{code}/confirm). 409 slot_full / already_booked (an "
            "already booked phone is told so only after its code); 422 no_such_slot (closed "
            "day, outside hours, past) or invalid_start",
            {201: AppointmentView, 202: AppointmentView}, errors=(404, 409, 422, 429),
            body=AppointmentRequest, query=SiteQuery, token=INTEGRATION)
def create_appointment(body: AppointmentRequest, query: SiteQuery):
    """Book a slot (public, rate-limited; or an integration device for its own site)."""
    device = _integration()
    start = parse_start(body.start)
    if device is None:
        limit_attempt("booking", body.phone)
        # Keyed by the site as asked: a public refusal from memory reads no database at all.
        slot_key = ("site", body.site or query.site or "", body.service, start)
        if full_slots().seen_full(slot_key):
            raise slot_full()
    site = require_active(_site_for(device, body.site))
    if device is not None:
        slot_key = ("device", device.id, body.service, start)
        if full_slots().seen_full(slot_key):
            raise slot_full()
    else:
        limit_site("booking", site)
        release_expired(db(), site)
    held = device is None and phone_check_on(site)
    session = db()
    try:
        appointment = book(session, site, body.service, start, body.name, body.phone,
                           device_id=device.id if device else None, held=held,
                           horizon_days=current_app.config["BOOKING_HORIZON_DAYS"],
                           **booking_id(body.id_number))
    except QueueError as error:
        if error.code == "slot_full":
            full_slots().remember(slot_key)
        raise
    if not held:
        response = AppointmentView.of(appointment, public=device is None).dump()
        session.commit()
        return response, 201
    hold, code = open_hold(session, site, appointment.service, "booking", appointment.phone,
                           hold_rules(), appointment_id=appointment.id)
    return answer_held(session, site, body.service, hold, code, AppointmentView.of(
        appointment, public=True, expires_at=hold.expires_at).dump())


@api.post("/v1/appointments/<code>/confirm")
@documented("Make a held booking count with the code sent to its phone (public, "
            "rate-limited); 422 wrong_code, 410 code_expired, 409 already_booked",
            {200: AppointmentView}, errors=(404, 409, 410, 422, 429), body=PhoneCodeRequest,
            path=BOOKING_CODE)
def confirm_appointment(code: str, body: PhoneCodeRequest):
    """Make a held booking count once the citizen types the code sent to its phone."""
    check_lookup_rate("BOOKING_RATE_LIMIT", "booking-confirm")
    session = db()
    appointment = find_booking(session, code, lock=True)
    hold = find_hold(session, "booking", appointment_id=appointment.id)
    refusal = try_code(session, hold, body.otp, hold_rules())
    if refusal is None:
        try:
            confirm_booking(session, appointment)
        except QueueError as error:
            refusal = error
    response = AppointmentView.of(appointment).dump()
    session.commit()  # the attempt counts, and a lapsed hold's place is given back
    if refusal is not None:
        full_slots().forget_all()
        raise refusal
    return response


def _held_booking(code: str, *, lock: bool = False) -> Appointment:
    """The booking ``code`` names; an integration device sees only its own site's.

    The public is counted per address (``BOOKING_LOOKUP_RATE_LIMIT``), so codes cannot be
    tried one after another.
    """
    device = _integration(staff_as_public=True)
    if device is None:
        check_lookup_rate("BOOKING_LOOKUP_RATE_LIMIT", "booking-lookup")
    appointment = find_booking(db(), code, lock=lock)
    if device is not None and appointment.site_id != device.site_id:
        raise ApiError(404, "appointment_not_found", "Không tìm thấy lịch hẹn với mã này.",
                       "No appointment has this code.")
    return appointment


@api.get("/v1/appointments/<code>")
@documented("A booking, to whoever holds its code: name and phone masked for the public "
            "(rate-limited per address)", {200: AppointmentView}, errors=(404, 429),
            path=BOOKING_CODE, token=INTEGRATION)
def appointment_status(code: str):
    """Show a booking to whoever holds its code."""
    return AppointmentView.of(_held_booking(code), public=bearer_token() is None).dump()


@api.delete("/v1/appointments/<code>")
@documented("Cancel a booking; its place is offered again", {200: AppointmentView},
            errors=(404, 409, 429), path=BOOKING_CODE, token=INTEGRATION)
def cancel_appointment(code: str):
    """Cancel a booking by its code; its place is offered again."""
    appointment = _held_booking(code, lock=True)
    cancel(db(), appointment)
    response = AppointmentView.of(appointment, public=bearer_token() is None).dump()
    db().commit()
    full_slots().forget_all()
    return response


@api.post("/v1/appointments/<code>/reschedule")
@documented("Move a booking to another slot of the same service; 422 no_such_slot or "
            "invalid_start", {200: AppointmentView},
            errors=(404, 409, 422, 429), body=RescheduleRequest, path=BOOKING_CODE,
            token=INTEGRATION)
def reschedule_appointment(code: str, body: RescheduleRequest):
    """Move a booking to another slot of the same service, keeping its code."""
    appointment = _held_booking(code, lock=True)
    reschedule(db(), appointment, parse_start(body.start),
               horizon_days=current_app.config["BOOKING_HORIZON_DAYS"])
    response = AppointmentView.of(appointment, public=bearer_token() is None).dump()
    db().commit()
    full_slots().forget_all()
    return response


@api.get("/v1/appointments/<code>/qr.svg")
@documented("The booking code as a QR code, for the kiosk's scanner",
            {200: Media("image/svg+xml", "An SVG picture")}, errors=(404, 429),
            path=BOOKING_CODE)
def appointment_qr(code: str):
    """Draw the booking code as a QR code: the kiosk's scanner types it back."""
    check_lookup_rate("BOOKING_LOOKUP_RATE_LIMIT", "booking-lookup")
    return svg_response(find_booking(db(), code).code)


@api.post("/v1/appointments/<code>/check-in")
@require_device(KIOSK)
@documented("Check in at the kiosk: 201 with the ticket (late true means a walk-in ticket), "
            "200 on a repeat; 409 too_early with come_back_at",
            {201: CheckedInTicket, 200: CheckedInTicket}, errors=(404, 409), path=BOOKING_CODE)
def check_in_appointment(code: str):
    """A booked citizen checks in at the kiosk and gets a ticket marked as an appointment."""
    device = g.device
    require_active(device.site)
    session = db()
    result = check_in(session, device.site, code, actor=Actor(device_id=device.id))
    if result.replayed:
        return CheckedInTicket.of(result.ticket, replayed=True, late=result.late).dump(), 200
    response, outbox = issued_response(session, result.ticket, device, CheckedInTicket,
                                       late=result.late, booking=result.appointment.code)
    commit_and_send(session, outbox)
    return response, 201


@api.get("/v1/appointments")
@require_staff("clerk", "manager", "admin")
@documented("The day's bookings by slot, with check-ins", {200: DayAgenda}, errors=(404,),
            query=DayQuery)
def todays_appointments(query: DayQuery):
    """List a day's bookings of the site by slot, with who has checked in (staff)."""
    site = resolve_site(g.user)
    day = query.date or utcnow().astimezone(VIETNAM).date()
    return {"site": site.code, "date": day.isoformat(), **day_agenda(db(), site, day)}


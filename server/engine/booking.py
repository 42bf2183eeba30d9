"""Booking ahead: a service's slots and their capacity, taking, moving and giving back places.

A place is taken by one conditional ``UPDATE … SET booked = booked + 1 WHERE booked < capacity``
on the slot's row. PostgreSQL re-checks the condition against the committed row when two
bookings race, and SQLite runs writers one at a time, so a slot never holds more bookings
than it has places, however many citizens press "book" at once.
"""

import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import Appointment, Counter, Service, Site, SlotLoad, counter_services, utcnow
from ..models.appointment import BOOKED, CANCELLED, HELD, LAPSED
from .calendar import calendar_for
from .days import OFFICE_HOURS, VIETNAM, WEEKDAYS, working_periods
from .errors import QueueError, not_found
from .lookups import active_service

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
# Letters and digits that cannot be mistaken for one another when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
PHONE = re.compile(r"^0\d{9}$")


@dataclass(frozen=True)
class Slot:
    """One bookable time of a service on one day."""

    start: datetime  # aware, local time
    end: datetime
    capacity: int
    available: int

    def view(self) -> dict:
        return {"start": self.start.isoformat(), "capacity": self.capacity,
                "available": self.available}


def normalise_phone(raw: str) -> str:
    """Return a Vietnamese mobile number as ten digits starting with 0, or refuse it."""
    digits = re.sub(r"[\s.()-]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not PHONE.match(digits):
        raise QueueError("invalid_phone", "Số điện thoại không hợp lệ (10 chữ số, bắt đầu bằng 0).",
                         "The phone number is not valid (10 digits starting with 0).", status=422)
    return digits


def normalise_code(raw: str) -> str:
    """Read a booking code as typed or scanned: any case, spaces and dashes ignored."""
    return re.sub(r"[\s-]", "", raw or "").upper()[:16]


def bookable_service(session: Session, site: Site, code: str) -> Service:
    """Return the active, bookable service ``code`` of ``site`` or refuse."""
    service = active_service(session, site.id, code)
    if service.slot_minutes <= 0:
        raise QueueError("not_bookable", f"Lĩnh vực {service.name} không nhận đặt lịch hẹn.",
                         f"Service {code} takes no appointments.", status=422)
    return service


def slot_capacity(session: Session, service: Service) -> int:
    """Places per slot: what the service's counters handle in a slot, less the walk-in share.

    Capped at ``slot_places`` when the centre sets it.
    """
    counters = session.scalar(
        select(func.count()).select_from(Counter)
        .join(counter_services, counter_services.c.counter_id == Counter.id)
        .where(counter_services.c.service_id == service.id)) or 0
    handled = counters * service.slot_minutes * 60 / max(service.default_service_s, 1)
    places = math.floor(handled * (100 - service.walk_in_share) / 100)
    if service.slot_places > 0:
        places = min(places, service.slot_places)
    return max(places, 0)


def day_slots(session: Session, service: Service, day: date, *, now: datetime | None = None,
              only: datetime | None = None, tz=VIETNAM) -> list[Slot]:
    """List the service's slots on ``day`` that have not ended, with free places.

    With ``only``, just the slot that begins then (if it is one): a booking reads one slot.
    """
    now = now or utcnow()
    calendar = calendar_for(session, service.site)
    if not calendar.is_working_day(day):
        return []  # a holiday, an announced day off, a weekend not made up
    length = timedelta(minutes=service.slot_minutes)
    starts = [start for start in _slot_starts(service, day, tz, calendar.is_make_up_day(day))
              if start + length > now and (only is None or start == only)]
    if not starts:
        return []
    capacity = slot_capacity(session, service)
    if capacity == 0:
        return []
    taken = dict(session.execute(
        select(SlotLoad.start, SlotLoad.booked).where(
            SlotLoad.service_id == service.id, SlotLoad.start.in_(starts))).all())
    return [Slot(start.astimezone(tz), (start + length).astimezone(tz), capacity,
                 max(capacity - taken.get(start, 0), 0)) for start in starts]


def _slot_starts(service: Service, day: date, tz, make_up: bool) -> list[datetime]:
    """Slot starts (aware UTC) inside the working periods of ``day``, a working day."""
    length = timedelta(minutes=service.slot_minutes)
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    periods = working_periods(service.opening_hours, day, make_up)
    if not periods and not service.opening_hours:
        # A worked Saturday or make-up day of a service without its own hours: office hours.
        periods = working_periods(OFFICE_HOURS, day - timedelta(days=day.weekday()))
    starts = []
    for opens, closes in periods:
        start, end = midnight + timedelta(minutes=opens), midnight + timedelta(minutes=closes)
        while start + length <= end:
            starts.append(start.astimezone(UTC))
            start += length
    return starts


def find_slot(session: Session, service: Service, start: datetime, *, horizon_days: int,
              now: datetime | None = None, tz=VIETNAM) -> Slot:
    """Return the slot that begins at ``start``, or refuse a time nobody can book."""
    now = now or utcnow()
    local = start.astimezone(tz)
    if local.date() > now.astimezone(tz).date() + timedelta(days=horizon_days):
        raise QueueError("too_far_ahead",
                         f"Chỉ nhận đặt lịch trong vòng {horizon_days} ngày tới.",
                         f"Appointments are taken at most {horizon_days} days ahead.", status=422)
    slots = day_slots(session, service, local.date(), now=now, only=start, tz=tz)
    if slots:
        return slots[0]
    weekday = WEEKDAYS[local.weekday()]
    raise QueueError("no_such_slot",
                     f"Không có khung giờ {local:%H:%M} ngày {local:%d/%m/%Y} "
                     f"(ngoài giờ làm việc, ngày nghỉ hoặc đã qua).",
                     f"There is no slot at {local:%H:%M} on {weekday} {local:%Y-%m-%d} "
                     "(outside working hours, a day off, or past).", status=422)


def take_place(session: Session, service: Service, start: datetime, capacity: int) -> None:
    """Take one place in the slot in a single conditional update, or answer ``slot_full``.

    The slot's row is made only on its first booking, so the usual case is one statement;
    the row stays locked from this update to the commit, so callers take it last.
    """
    if _take(session, service, start, capacity) == 1:
        return
    dialect = session.get_bind().dialect.name
    session.execute(_INSERT[dialect](SlotLoad).values(
        service_id=service.id, start=start, booked=0).on_conflict_do_nothing())
    if _take(session, service, start, capacity) != 1:
        raise slot_full()


def _take(session: Session, service: Service, start: datetime, capacity: int) -> int:
    return session.execute(
        update(SlotLoad).where(SlotLoad.service_id == service.id, SlotLoad.start == start,
                               SlotLoad.booked < capacity)
        .values(booked=SlotLoad.booked + 1).execution_options(synchronize_session=False)
    ).rowcount


def slot_full() -> QueueError:
    """The refusal of a booking in a slot without a place left."""
    return QueueError("slot_full", "Khung giờ này đã hết chỗ, vui lòng chọn giờ khác.",
                      "This slot is full; please choose another time.")


def give_back_place(session: Session, service_id: int, start: datetime) -> None:
    """Free one place of a slot (a booking cancelled or moved)."""
    session.execute(
        update(SlotLoad).where(SlotLoad.service_id == service_id, SlotLoad.start == start,
                               SlotLoad.booked > 0)
        .values(booked=SlotLoad.booked - 1).execution_options(synchronize_session=False))


def book(session: Session, site: Site, service_code: str, start: datetime, name: str,
         phone: str, *, device_id: int | None = None, horizon_days: int = 30,
         held: bool = False, now: datetime | None = None, id_hash: str | None = None,
         id_last4: str = "") -> Appointment:
    """Book a place for ``name`` in the slot of ``service_code`` starting at ``start``.

    ``held``: the place is taken but the booking counts only once the phone's code comes
    back (``confirm_booking``). A phone's other booking is then told only to whoever holds
    the phone: the answer here is the same whether it has one or not.
    """
    now = now or utcnow()
    service = bookable_service(session, site, service_code)
    phone = normalise_phone(phone)
    slot = find_slot(session, service, start, horizon_days=horizon_days, now=now)
    if slot.available == 0:
        raise slot_full()  # already full when read: no need to queue for the slot's lock
    if not held:
        _refuse_second_booking(session, service, phone, slot.start)
    appointment = Appointment(site_id=site.id, service=service, start=slot.start,
                              code=new_code(), name=name, phone=phone,
                              status=HELD if held else BOOKED,
                              device_id=device_id, created_at=now,
                              id_hash=id_hash, id_last4=id_last4)
    session.add(appointment)
    session.flush()
    # Last, so the slot's row is locked only for this update and the commit.
    take_place(session, service, slot.start, slot.capacity)
    return appointment


def confirm_booking(session: Session, appointment: Appointment) -> Appointment:
    """Make a held booking count, its phone proven; refuse a second one for the same day."""
    if appointment.status != HELD:
        return appointment
    try:
        _refuse_second_booking(session, appointment.service, appointment.phone,
                               appointment.start)
    except QueueError:
        appointment.status = LAPSED
        give_back_place(session, appointment.service_id, appointment.start)
        raise
    appointment.status = BOOKED
    return appointment


def _refuse_second_booking(session: Session, service: Service, phone: str,
                           start: datetime) -> None:
    local_day = start.astimezone(VIETNAM).date()
    day_start = datetime.combine(local_day, time(0), tzinfo=VIETNAM)
    existing = session.scalar(select(Appointment.code).where(
        Appointment.service_id == service.id, Appointment.phone == phone,
        Appointment.status == BOOKED, Appointment.start >= day_start,
        Appointment.start < day_start + timedelta(days=1)))
    if existing is not None:
        raise QueueError("already_booked",
                         "Số điện thoại này đã có lịch hẹn cho lĩnh vực này trong ngày.",
                         "This phone already has an appointment for this service that day.")


def new_code() -> str:
    """Return a fresh booking code (8 characters, about 40 bits: not guessable)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def find_booking(session: Session, code: str, *, lock: bool = False) -> Appointment:
    """Return the appointment with ``code`` (as typed or scanned), or answer 404."""
    query = select(Appointment).where(Appointment.code == normalise_code(code))
    if lock:
        query = query.with_for_update()
    appointment = session.scalar(query)
    if appointment is None:
        raise not_found("appointment_not_found", "Không tìm thấy lịch hẹn với mã này.",
                        "No appointment has this code.")
    return appointment


def _require_booked(appointment: Appointment) -> None:
    if appointment.status != BOOKED:
        raise QueueError("appointment_closed",
                         "Lịch hẹn này đã huỷ, đã đến làm thủ tục hoặc đã quá giờ.",
                         "This appointment is cancelled, checked in, or past.")


def cancel(session: Session, appointment: Appointment, *, now: datetime | None = None) -> None:
    """Cancel a booking and give its place back."""
    _require_booked(appointment)
    appointment.status = CANCELLED
    appointment.cancelled_at = now or utcnow()
    give_back_place(session, appointment.service_id, appointment.start)


def reschedule(session: Session, appointment: Appointment, start: datetime, *,
               horizon_days: int = 30, now: datetime | None = None) -> Appointment:
    """Move a booking to another slot of the same service; the old place is given back."""
    _require_booked(appointment)
    slot = find_slot(session, appointment.service, start, horizon_days=horizon_days, now=now)
    if slot.start == appointment.start.astimezone(VIETNAM):
        return appointment
    take_place(session, appointment.service, slot.start, slot.capacity)
    give_back_place(session, appointment.service_id, appointment.start)
    appointment.start = slot.start
    return appointment

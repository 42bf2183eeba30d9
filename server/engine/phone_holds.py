"""Codes sent to phones: a public booking or remote ticket counts once its code comes back.

Anyone can type any phone number, so a page open to the public could fill a day's slots or a
live queue with made-up numbers. Where a message gateway is configured, a booking taken from
the public page is only *held* (its place taken, its appointment ``held``) until the citizen
types the 6-digit code sent to that phone; a remote ticket is issued only then. A hold lapses
after a few minutes and gives its place back; a site takes only so many unconfirmed holds a
day. Only a keyed hash of each code is kept.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import PhoneHold, Service, Site, utcnow
from ..models.appointment import HELD, LAPSED
from .booking import give_back_place
from .days import VIETNAM
from .errors import QueueError, not_found

PENDING, CONFIRMED = "pending", "confirmed"
CODE_DIGITS = 6


@dataclass(frozen=True)
class HoldRules:
    """How long a code lives, how many tries it gets, how many unconfirmed holds a site takes."""

    secret: bytes
    ttl_s: int = 300
    max_attempts: int = 5
    per_site_day: int = 200


def _hash(rules: HoldRules, token: str, code: str) -> str:
    return hmac.new(rules.secret, f"{token}:{code}".encode(), hashlib.sha256).hexdigest()


def open_hold(session: Session, site: Site, service: Service, kind: str, phone: str,
              rules: HoldRules, *, appointment_id: int | None = None,
              now: datetime | None = None) -> tuple[PhoneHold, str]:
    """Record a hold awaiting the code sent to ``phone``; return it and the code to send."""
    now = now or utcnow()
    if unconfirmed_today(session, site, now) >= rules.per_site_day:
        raise QueueError("too_many_holds",
                         "Hôm nay đơn vị đã nhận quá nhiều yêu cầu chưa xác nhận; quý khách vui "
                         "lòng thử lại sau hoặc đến lấy số tại máy.",
                         "This centre has had too many unconfirmed requests today; please try "
                         "later or take a number at the kiosk.", status=429)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    token = secrets.token_urlsafe(16)
    hold = PhoneHold(token=token, site_id=site.id, service_id=service.id, kind=kind,
                     phone=phone, code_hash=_hash(rules, token, code), attempts=0,
                     state=PENDING, created_at=now,
                     expires_at=now + timedelta(seconds=rules.ttl_s),
                     appointment_id=appointment_id)
    session.add(hold)
    session.flush()
    return hold, code


def unconfirmed_today(session: Session, site: Site, now: datetime, tz=VIETNAM) -> int:
    """Count the site's holds opened today (local day) that were never confirmed."""
    midnight = datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=tz)
    return session.scalar(select(func.count()).select_from(PhoneHold).where(
        PhoneHold.site_id == site.id, PhoneHold.created_at >= midnight,
        PhoneHold.state != CONFIRMED)) or 0


def find_hold(session: Session, kind: str, *, token: str | None = None,
              appointment_id: int | None = None) -> PhoneHold:
    """Return the live hold named by its token or its booking, locked, or answer 404."""
    query = select(PhoneHold).where(PhoneHold.kind == kind)
    if token is not None:
        query = query.where(PhoneHold.token == token[:32])
    else:
        query = query.where(PhoneHold.appointment_id == appointment_id)
    hold = session.scalar(query.with_for_update())
    if hold is None or hold.state == LAPSED:
        raise not_found("hold_not_found",
                        "Yêu cầu này không còn hiệu lực; quý khách vui lòng làm lại từ đầu.",
                        "This request is no longer valid; please start again.")
    return hold


def try_code(session: Session, hold: PhoneHold, code: str, rules: HoldRules, *,
             now: datetime | None = None) -> QueueError | None:
    """Check the code typed for ``hold``; return the refusal, or None once it is confirmed.

    The refusal is returned, not raised, so the caller commits the counted attempt first.
    """
    now = now or utcnow()
    if hold.state == CONFIRMED:
        return None
    if hold.expires_at <= now:
        lapse(session, hold)
        return QueueError("code_expired", "Mã xác nhận đã hết hạn; quý khách vui lòng làm lại.",
                          "The code has expired; please start again.", status=410)
    hold.attempts += 1
    if hmac.compare_digest(hold.code_hash, _hash(rules, hold.token, code.strip())):
        hold.state = CONFIRMED
        return None
    left = rules.max_attempts - hold.attempts
    if left <= 0:
        lapse(session, hold)
        return QueueError("code_expired", "Nhập sai mã quá nhiều lần; quý khách vui lòng làm lại.",
                          "Too many wrong codes; please start again.", status=410)
    return QueueError("wrong_code", f"Mã xác nhận không đúng, còn {left} lần thử.",
                      f"The code is not right; {left} tries left.", status=422)


def lapse(session: Session, hold: PhoneHold) -> None:
    """End a hold unconfirmed: its held booking, if any, gives its place back."""
    hold.state = LAPSED
    appointment = hold.appointment
    if appointment is not None and appointment.status == HELD:
        appointment.status = LAPSED
        give_back_place(session, appointment.service_id, appointment.start)


def release_lapsed(session: Session, site: Site, *, now: datetime | None = None) -> int:
    """Lapse the site's holds past their time, giving their places back; return how many."""
    now = now or utcnow()
    holds = session.scalars(select(PhoneHold).where(
        PhoneHold.state == PENDING, PhoneHold.expires_at <= now,
        PhoneHold.site_id == site.id).with_for_update()).all()
    for hold in holds:
        lapse(session, hold)
    return len(holds)

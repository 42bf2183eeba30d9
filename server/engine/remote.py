"""Numbers taken from the phone: where a site allows it, limited per phone and per day."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Service, Site, Ticket, utcnow
from ..models.ticket import REMOTE_CHANNEL, WAITING
from .booking import normalise_phone
from .days import VIETNAM, service_day
from .errors import QueueError
from .issue import IssueResult, issue_ticket
from .log import SYSTEM, Actor


def issue_remote_ticket(session: Session, site: Site, service_code: str, phone: str, *,
                        actor: Actor = SYSTEM, now: datetime | None = None,
                        tz=VIETNAM) -> IssueResult:
    """Issue today's next number of ``service_code`` to a citizen's phone."""
    now = now or utcnow()
    if not site.remote_tickets:
        raise QueueError("remote_not_allowed",
                         "Đơn vị này chưa cho lấy số từ xa; quý khách vui lòng lấy số tại máy.",
                         "This centre does not issue numbers remotely; please use the kiosk.",
                         status=403)
    phone = normalise_phone(phone)
    day = service_day(now, site.rollover_at, tz)
    taken = session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.site_id == site.id, Ticket.service_day == day, Ticket.phone == phone,
        Ticket.channel == REMOTE_CHANNEL)) or 0
    if taken >= site.remote_per_phone:
        raise QueueError("remote_limit",
                         f"Mỗi số điện thoại chỉ lấy được {site.remote_per_phone} số từ xa "
                         "mỗi ngày.",
                         f"Each phone may take {site.remote_per_phone} remote numbers a day.",
                         status=429)
    if site.remote_min_waiting > 0:
        waiting = session.scalar(select(func.count()).select_from(Ticket).join(
            Service, Service.id == Ticket.service_id).where(
            Ticket.site_id == site.id, Ticket.service_day == day, Ticket.status == WAITING,
            Service.code == service_code)) or 0
        if waiting < site.remote_min_waiting:
            raise QueueError("remote_not_needed",
                             "Hiện ít người chờ, quý khách vui lòng đến lấy số trực tiếp tại "
                             "máy lấy số.",
                             "Few people are waiting now; please take a number at the kiosk.")
    return issue_ticket(session, site, service_code, actor=actor, now=now, tz=tz,
                        channel=REMOTE_CHANNEL, phone=phone)

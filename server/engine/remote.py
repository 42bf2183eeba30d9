"""Numbers taken from the phone: where a site allows it, limited per phone and per day."""

import math
from dataclasses import dataclass
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
from .lookups import active_service

EARTH_RADIUS_M = 6_371_000


@dataclass(frozen=True)
class Position:
    """Where the phone says it is, and how sure it is (metres)."""

    latitude: float
    longitude: float
    accuracy_m: float = 0.0


def distance_m(latitude: float, longitude: float, other_latitude: float,
               other_longitude: float) -> float:
    """Return the great-circle distance between two points in metres (haversine)."""
    phi, other_phi = math.radians(latitude), math.radians(other_latitude)
    half_chord = (math.sin((other_phi - phi) / 2) ** 2 + math.cos(phi) * math.cos(other_phi)
                  * math.sin(math.radians(other_longitude - longitude) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, half_chord)))


def requires_position(site: Site) -> bool:
    """Tell whether the site takes remote numbers only within a distance of itself."""
    return (site.remote_radius_m > 0 and site.latitude is not None
            and site.longitude is not None)


def check_distance(site: Site, position: Position | None) -> None:
    """Refuse a phone too far from the site, or one that did not say where it is.

    A phone's fix is uncertain by its accuracy (capped at the radius itself): a citizen at
    the edge is given the benefit of the doubt, one plainly far away is not.
    """
    if not requires_position(site):
        return
    radius, within = site.remote_radius_m, distance_text(site.remote_radius_m)
    if position is None:
        raise QueueError("position_needed",
                         f"Đơn vị chỉ cho lấy số từ xa trong vòng {within} quanh trung tâm; "
                         "quý khách vui lòng cho phép trình duyệt dùng vị trí, hoặc lấy số "
                         "tại máy khi đến nơi.",
                         f"Numbers are taken remotely only within {within} of the centre; "
                         "please let the browser share your location, or use the kiosk.",
                         status=403)
    away = distance_m(site.latitude, site.longitude, position.latitude, position.longitude)
    if away - min(max(position.accuracy_m, 0.0), radius) > radius:
        far = distance_text(away)
        raise QueueError("too_far",
                         f"Quý khách đang ở cách trung tâm khoảng {far}; đơn vị chỉ cho lấy số "
                         f"từ xa trong vòng {within}. Xin mời quý khách lấy số tại máy khi đến "
                         "gần hơn.",
                         f"You are about {far} from the centre; remote numbers are taken only "
                         f"within {within}. Please take one when nearer.",
                         status=403)


def distance_text(metres: float) -> str:
    """Say a distance as people do: "800 m", "2,5 km", "2 km", "63 km"."""
    if metres < 1000:
        return f"{round(metres / 10) * 10:.0f} m"
    if metres < 10_000:
        return f"{metres / 1000:.1f} km".replace(".0 ", " ").replace(".", ",")
    return f"{metres / 1000:.0f} km"


def admit_remote(session: Session, site: Site, service_code: str,
                 position: Position | None) -> Service:
    """Refuse a remote number the site does not give (off, too far); return its service."""
    if not site.remote_tickets:
        raise QueueError("remote_not_allowed",
                         "Đơn vị này chưa cho lấy số từ xa; quý khách vui lòng lấy số tại máy.",
                         "This centre does not issue numbers remotely; please use the kiosk.",
                         status=403)
    check_distance(site, position)
    return active_service(session, site.id, service_code)


def issue_remote_ticket(session: Session, site: Site, service_code: str, phone: str, *,
                        position: Position | None = None, admitted: bool = False,
                        actor: Actor = SYSTEM, now: datetime | None = None,
                        tz=VIETNAM) -> IssueResult:
    """Issue today's next number of ``service_code`` to a citizen's phone.

    ``admitted``: ``admit_remote`` already passed when the request came (its phone's code
    has just come back), so the phone's position is not asked again.
    """
    now = now or utcnow()
    if not admitted:
        admit_remote(session, site, service_code, position)
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

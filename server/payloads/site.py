"""The site as a whole: its services, waiting counts, counters and notice."""

from datetime import date, datetime
from typing import Self

from flask import has_app_context
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..engine.calendar import calendar_for
from ..engine.days import VIETNAM, is_open, next_opening, service_day
from ..engine.snapshot import new_ticket_estimates, waiting_counts
from ..models import Service, Site, Ticket, utcnow
from ..models.ticket import WAITING
from .common import Moment, Payload
from .printers import PrinterView, site_printers
from .tickets import CitizenWords, CounterView, shared_pace


class QueueCounts(Payload):
    """``queue_changed``: every service of the site and how many wait."""

    site: str
    services: dict[str, int] = Field(description="service code → tickets waiting")

    @classmethod
    def of(cls, session: Session, site: Site, day: date | None = None) -> Self:
        """Count the waiting tickets of every service of ``site``."""
        day = day or service_day(utcnow(), site.rollover_at)
        waiting = (
            (Ticket.service_id == Service.id)
            & (Ticket.service_day == day)
            & (Ticket.status == WAITING)
        )
        rows = session.execute(
            select(Service.code, func.count(Ticket.id))
            .select_from(Service)
            .outerjoin(Ticket, waiting)
            .where(Service.site_id == site.id)
            .group_by(Service.id, Service.code)
            .order_by(Service.sort_order, Service.id)
        )
        return cls(site=site.code, services=dict(rows.all()))


class SnapshotSite(Payload):
    code: str
    name: str
    notice: str
    citizen: CitizenWords = Field(description="how the site addresses citizens")
    booking_qr: str | None


class WaitingService(Payload):
    """A service and how many wait for it: the start of every service a screen lists."""

    code: str
    name: str
    name_en: str
    waiting: int

    @classmethod
    def of(cls, service: Service, waiting: int, **extra) -> Self:
        """Describe ``service`` with ``waiting`` in its line; ``extra`` fills a subclass's
        fields."""
        return cls(code=service.code, name=service.name, name_en=service.name_en,
                   waiting=waiting, **extra)


class SnapshotService(WaitingService):
    active: bool


class SiteSnapshot(Payload):
    """The site right now: services with waiting counts, counters and whom they serve.

    This is the full state a screen takes on every (re)connect (``snapshot``).
    """

    site: SnapshotSite
    service_day: date
    services: list[SnapshotService]
    counters: list[CounterView]

    @classmethod
    def of(
        cls, session: Session, site: Site, now: datetime | None = None, tz=VIETNAM, **extra
    ) -> Self:
        """Describe ``site`` now; ``extra`` fills the fields a subclass adds."""
        day = service_day(now or utcnow(), site.rollover_at, tz)
        counts = waiting_counts(session, site, day)
        services = [
            SnapshotService.of(s, counts.get(s.id, 0), active=s.active) for s in site.services
        ]
        return cls(
            site=SnapshotSite(
                code=site.code,
                name=site.name,
                notice=site.notice,
                citizen=site.citizen_words,
                booking_qr=f"/booking/qr.svg?site={site.code}" if site.takes_bookings else None,
            ),
            service_day=day,
            services=services,
            counters=[CounterView.of(c) for c in site.counters],
            **extra,
        )



class StaffSnapshot(SiteSnapshot):
    """The site's state for the staff screens: the screens' snapshot and its kiosk printers
    (as ``GET /api/v1/printers`` lists them), so a printer alert shows from the start."""

    printers: list[PrinterView]

    @classmethod
    def of(cls, session: Session, site: Site, **extra) -> Self:
        """Describe ``site`` now for clerks and managers."""
        return super().of(session, site, printers=site_printers(session, site.id), **extra)


class SiteRef(Payload):
    code: str
    name: str


class ServiceListing(WaitingService):
    priority_allowed: bool
    open: bool
    opens_at: Moment | None
    opening_hours: dict[str, list[list[str]]] | list[list[str]] | None = Field(
        description='weekday (mon … sun) → opening periods, e.g. [["07:30", "11:30"]]')
    bookable: bool
    estimated_wait_s: int | None = Field(
        None, description="estimated wait of a walk-in number taken now, seconds")
    likely_served_today: bool = Field(
        True, description="false: a number taken now is unlikely to be called before the "
        "field closes today; the kiosk warns and offers a booking")


class DayOff(Payload):
    reason: str
    reason_en: str


class ServiceList(Payload):
    """The site's active services with live waiting counts and opening state."""

    site: SiteRef
    services: list[ServiceListing]
    day_off: DayOff | None

    @classmethod
    def of(cls, session: Session, site: Site) -> Self:
        """List the site's active services with live waiting counts and opening state."""
        now = utcnow()
        counts = waiting_counts(session, site, service_day(now, site.rollover_at))
        estimates = new_ticket_estimates(session, site,
                                         [s for s in site.services if s.active], now,
                                         shared_pace() if has_app_context() else None)
        calendar = calendar_for(session, site)
        # A service with opening hours keeps them on working days only; one without is
        # always open.
        today = now.astimezone(VIETNAM).date()
        closure, make_up = calendar.closure(today), calendar.is_make_up_day(today)
        services = []
        for service in site.services:
            if not service.active:
                continue
            opens = next_opening(service.opening_hours, now, working_day=calendar.is_working_day,
                                 make_up_day=calendar.is_make_up_day)
            hours = service.opening_hours
            services.append(
                ServiceListing.of(
                    service,
                    counts.get(service.id, 0),
                    priority_allowed=service.priority_allowed,
                    open=is_open(hours, now, make_up=make_up) and not (closure and hours),
                    opens_at=opens.astimezone(VIETNAM) if opens else None,
                    opening_hours=service.opening_hours,
                    bookable=service.slot_minutes > 0,
                    estimated_wait_s=estimates[service.id].wait_s,
                    likely_served_today=estimates[service.id].served_today,
                )
            )
        return cls(
            site=SiteRef(code=site.code, name=site.name),
            services=services,
            day_off=DayOff(reason=closure.reason, reason_en=closure.reason_en) if closure else None,
        )


class Notice(Payload):
    """``notice_changed``: the site's notice for its TVs."""

    site: str
    notice: str

    @classmethod
    def of(cls, site: Site) -> Self:
        """Build the site's notice for its TVs."""
        return cls(site=site.code, notice=site.notice)

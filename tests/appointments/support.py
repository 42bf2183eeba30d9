"""Making a demo service bookable, and picking slots, for the appointment suites."""

from datetime import datetime, timedelta

from sqlalchemy import select

from server.engine.days import VIETNAM, WEEKDAYS
from server.models import WORKING_DAY, CalendarDay, Service, Site
from tests.support.centre import provision_demo
from tests.support.visits import database

ALL_DAY = {day: [["00:00", "24:00"]] for day in WEEKDAYS}


def make_bookable(centre, code: str = "DD", places: int = 5, **site_settings) -> None:
    """Open ``code`` of the city site for booking around the clock, ``places`` a slot.

    Today and the next days are made working days, so the suite runs on weekends and
    holidays too.
    """
    with database(centre) as session:
        service = session.scalar(select(Service).join(Site).where(
            Site.code == "TPBK", Service.code == code))
        service.slot_minutes, service.slot_places, service.walk_in_share = 15, places, 0
        service.default_service_s, service.opening_hours = 60, ALL_DAY
        for name, value in site_settings.items():
            setattr(service.site, name, value)
        first = datetime.now(VIETNAM).date()
        session.add_all(CalendarDay(day=first + timedelta(days=n), site_id=service.site_id,
                                    kind=WORKING_DAY) for n in range(4))


def bookable_centre(folder, code: str = "DD", **site_settings):
    """Provision a demo centre in ``folder`` whose ``code`` takes bookings (``make_bookable``)."""
    centre = provision_demo(folder)
    make_bookable(centre, code, **site_settings)
    return centre


def today() -> str:
    return datetime.now(VIETNAM).date().isoformat()


def slots(api, service: str = "DD", day: str | None = None) -> list[dict]:
    query = f"service={service}&date={day or today()}"
    response = api.call("GET", f"/api/v1/appointments/slots?{query}")
    assert response.status_code == 200, response.text
    return response.json()["slots"]


def booking(service: str, start: str, n: int, **extra) -> dict:
    """A booking body for citizen ``n`` (each with their own phone)."""
    return {"service": service, "start": start, "name": f"Công dân {n}",
            "phone": f"09{n:08d}", **extra}

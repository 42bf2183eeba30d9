"""HTTP side of the phone page: booking, a booking's own page, and a QR pointing here."""

from datetime import timedelta

from flask import Blueprint, current_app, render_template, request

from server.api.context import resolve_site
from server.engine.calendar import calendar_for
from server.engine.days import VIETNAM
from server.engine.remote import distance_text, requires_position
from server.formats import WEEKDAYS
from server.models import utcnow
from server.qr import svg_response
from server.storage import db

# Days offered from today; booking.js reads it from the page.
DAYS_SHOWN = 14

blueprint = Blueprint("booking", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/booking/static")


@blueprint.context_processor
def weekday_names() -> dict:
    """Give the pages the weekday names, Monday first, that booking.js shows."""
    return {"weekdays": WEEKDAYS}


def booking_url(site_code: str) -> str:
    """Return the public address of a site's booking page (PUBLIC_URL, else this host)."""
    base = current_app.config["PUBLIC_URL"] or request.host_url
    return f"{base.rstrip('/')}/booking/?site={site_code}"


@blueprint.get("/booking/")
def booking_page():
    """Serve the phone page: pick a field, a day and a time, or take today's number."""
    site = resolve_site()
    return render_template("booking/book.html", site=site, near_only=requires_position(site),
                           radius=distance_text(site.remote_radius_m),
                           days_shown=DAYS_SHOWN, days_off=days_off(site))


def days_off(site) -> dict[str, list[str]]:
    """Return the days the page offers that the site does not work: why, in vi and en."""
    calendar = calendar_for(db(), site)
    today = utcnow().astimezone(VIETNAM).date()
    closed = {}
    for offset in range(DAYS_SHOWN):
        day = today + timedelta(days=offset)
        closure = calendar.closure(day)
        if closure is not None:
            closed[day.isoformat()] = [closure.reason, closure.reason_en]
    return closed


@blueprint.get("/booking/<code>")
def manage_page(code: str):
    """Show one booking, with its QR for the kiosk, and let the citizen move or cancel it."""
    return render_template("booking/manage.html", code=code[:16])


@blueprint.get("/booking/qr.svg")
def booking_qr():
    """Draw the booking page's address as a QR code, for the kiosk, slips and the TV."""
    return svg_response(booking_url(resolve_site().code))

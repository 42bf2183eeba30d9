"""The page that shows a device's new token once: its full address, as text and QR code."""

from flask import render_template
from markupsafe import Markup

from server.models import Device
from server.printing.jobs import public_url
from server.qr import svg_markup

# The page each kind of device opens once with its token; an integration has no page.
DEVICE_PAGES = {"kiosk": "/kiosk/", "display": "/display/", "vote-pad": "/vote/"}


def token_page(device: Device, token: str) -> str:
    """Render the one-time token page of ``device``."""
    page = DEVICE_PAGES.get(device.kind)
    address = public_url(f"{page}?token={token}") if page else None
    qr = Markup(svg_markup(address)) if address else None  # our own SVG, no outside text
    return render_template("admin/token.html", device=device, token=token, address=address,
                           qr=qr)

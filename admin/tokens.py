"""The page that shows a device's new token once: its full address, as text and QR code."""

from flask import render_template
from markupsafe import Markup

from server.device_kinds import KINDS
from server.models import Device
from server.printing.jobs import public_url
from server.qr import svg_markup


def token_page(device: Device, token: str) -> str:
    """Render the one-time token page of ``device``."""
    page = KINDS[device.kind].page
    address = public_url(f"{page}?token={token}") if page else None
    qr = Markup(svg_markup(address)) if address else None  # our own SVG, no outside text
    return render_template("admin/token.html", device=device, token=token, address=address,
                           qr=qr)

"""The page that shows a device's new token once: its full address, as text and QR code.

The form that makes a token redirects to this page (post, redirect, get): reloading the
page then cannot create a second device or issue another token. The token waits for that
one request in the signed session cookie of the admin who made it, and is gone after.
"""

from flask import flash, redirect, render_template, url_for
from flask import session as browser_session
from markupsafe import Markup

from server.device_kinds import KINDS
from server.models import Device
from server.printing.jobs import public_url
from server.qr import svg_markup

PENDING_TOKEN = "device_token"


def show_token_once(device: Device, token: str):
    """Keep the new token for the next request only and redirect to the page showing it."""
    browser_session[PENDING_TOKEN] = {"device_id": device.id, "token": token}
    return redirect(url_for("admin.device_token", device_id=device.id), 303)


def pending_token_page(device: Device):
    """Show the token kept for ``device`` once; afterwards explain how to get a new one."""
    pending = browser_session.pop(PENDING_TOKEN, None)
    if not pending or pending.get("device_id") != device.id:
        flash(f"Mã của thiết bị “{device.name}” chỉ hiện một lần và đã được hiển thị. Nếu "
              "chưa chép được, hãy bấm “Cấp mã mới”.", "error")
        return redirect(url_for("admin.list_entities", name="devices"))
    return token_page(device, pending["token"])


def token_page(device: Device, token: str) -> str:
    """Render the one-time token page of ``device``."""
    page = KINDS[device.kind].page
    address = public_url(f"{page}?token={token}") if page else None
    qr = Markup(svg_markup(address)) if address else None  # our own SVG, no outside text
    return render_template("admin/token.html", device=device, token=token, address=address,
                           qr=qr)

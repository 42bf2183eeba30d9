"""QR codes drawn as SVG for screens (a ticket's live page, a booking's code)."""

import io

import qrcode
import qrcode.image.svg
from flask import Response


def svg_markup(text: str) -> str:
    """Draw ``text`` as an SVG QR code, to answer with or to put straight into a page."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def svg_response(text: str, max_age_s: int = 86400) -> Response:
    """Answer with ``text`` drawn as an SVG QR code, cacheable for ``max_age_s``."""
    response = Response(svg_markup(text), mimetype="image/svg+xml")
    response.cache_control.max_age = max_age_s
    return response

"""QR codes drawn as SVG for screens (a ticket's live page, a booking's code)."""

import io

import qrcode
import qrcode.image.svg
from flask import Response


def svg_response(text: str, max_age_s: int = 86400) -> Response:
    """Answer with ``text`` drawn as an SVG QR code, cacheable for ``max_age_s``."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.cache_control.max_age = max_age_s
    return response

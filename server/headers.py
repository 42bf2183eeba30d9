"""Security headers on every response: what a page may load, and who may frame it.

Pages run only the project's own script files: no inline script, no ``javascript:`` link, no
``on…=`` attribute (``server/static/forms.js`` does confirmations and auto-submits). The JSON
data blocks some pages carry (``type="application/json"``) are not scripts and need no nonce.
Inline styles stay allowed: they cannot run code.
"""

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The kiosk, TV and vote pad open once with ?token=…; no Referer may carry it away.
    "Referrer-Policy": "no-referrer",
}


def init_app(app: Flask) -> None:
    """Add the security headers to every response the application sends."""
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response

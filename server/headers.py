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


class SecurityHeaders:
    """WSGI middleware that adds the security headers a response lacks.

    Flask's own answers have them already; this is for what answers around Flask, such as
    Socket.IO's long-polling transport.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_headers(status, response_headers, exc_info=None):
            present = {name.lower() for name, _ in response_headers}
            response_headers = list(response_headers) + [
                (name, value) for name, value in HEADERS.items() if name.lower() not in present]
            return start_response(status, response_headers, exc_info)

        return self.wsgi_app(environ, start_with_headers)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response

"""The gateway webhook never follows a redirect, so its Authorization stays with the gateway."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.notifier import DeliveryError, WebhookChannel


class _Recorder(BaseHTTPRequestHandler):
    seen: list  # (path, Authorization) of every request
    redirect_to: str | None = None

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append((self.path, self.headers.get("Authorization")))
        if self.redirect_to:
            self.send_response(getattr(self, "redirect_status", 307))
            self.send_header("Location", self.redirect_to)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _serve(seen: list, redirect_to: str | None = None) -> ThreadingHTTPServer:
    handler = type("Handler", (_Recorder,), {"seen": seen, "redirect_to": redirect_to})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("status", [302, 307])
def test_a_redirecting_gateway_is_a_failed_delivery_and_the_secret_stays(status):
    elsewhere_seen, gateway_seen = [], []
    elsewhere = _serve(elsewhere_seen)
    target = f"http://127.0.0.1:{elsewhere.server_address[1]}/steal"
    gateway = _serve(gateway_seen, redirect_to=target)
    gateway.RequestHandlerClass.redirect_status = status
    try:
        channel = WebhookChannel(f"http://127.0.0.1:{gateway.server_address[1]}/sms",
                                 "Bearer gateway-secret", timeout_s=3)
        with pytest.raises(DeliveryError, match="30"):
            channel.send({"phone": "0912345678", "text": "x"})
    finally:
        for server in (gateway, elsewhere):
            server.shutdown()
            server.server_close()
    assert gateway_seen == [("/sms", "Bearer gateway-secret")]
    assert elsewhere_seen == []

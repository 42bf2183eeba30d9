"""The gateway webhook never follows a redirect, so its Authorization stays with the gateway."""

import pytest

from server.sms import DeliveryError, WebhookChannel
from tests.support.http_stub import LoopbackServer, QuietHandler


def _serve(seen: list, redirect_to: str | None = None, status: int = 200) -> LoopbackServer:
    """Record (path, Authorization) of every POST; answer ``status`` towards ``redirect_to``."""

    class Recorder(QuietHandler):
        def do_POST(self):
            self.posted()
            seen.append((self.path, self.headers.get("Authorization")))
            self.send_response(status)
            if redirect_to:
                self.send_header("Location", redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return LoopbackServer(Recorder)


@pytest.mark.parametrize("status", [302, 307])
def test_a_redirecting_gateway_is_a_failed_delivery_and_the_secret_stays(status):
    elsewhere_seen, gateway_seen = [], []
    elsewhere = _serve(elsewhere_seen)
    gateway = _serve(gateway_seen, redirect_to=f"{elsewhere.base_url}/steal", status=status)
    try:
        channel = WebhookChannel(f"{gateway.base_url}/sms", "Bearer gateway-secret",
                                 timeout_s=3)
        with pytest.raises(DeliveryError, match="30"):
            channel.send({"phone": "0912345678", "text": "x"})
    finally:
        for server in (gateway, elsewhere):
            server.close()
    assert gateway_seen == [("/sms", "Bearer gateway-secret")]
    assert elsewhere_seen == []

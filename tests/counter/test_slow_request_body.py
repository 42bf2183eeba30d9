"""A request whose body is slow to arrive must not stall everyone else (SQLite + eventlet)."""

import socket
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.live


def test_other_requests_proceed_while_a_body_is_still_arriving(live_server, api, clerk_tokens):
    address = urlsplit(live_server.url)
    body = b"{}"
    # "Expect: 100-continue" makes the server answer "100 Continue" when the handler first
    # reads the body: from then on the slow request is inside the application, waiting.
    head = (f"POST /api/v1/counters/9/call-next HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Authorization: Bearer {clerk_tokens[9]}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n"
            f"Connection: close\r\n\r\n").encode()
    with socket.create_connection((address.hostname, address.port), timeout=30) as slow:
        reply = slow.makefile("rb")
        slow.sendall(head)
        assert reply.readline().startswith(b"HTTP/1.1 100"), "the handler never read the body"
        assert reply.readline() == b"\r\n"
        other = api.call("GET", "/api/v1/counters", clerk_tokens[1])
        assert other.status_code == 200, other.text  # before the fix: 10 s stall, then 500
        slow.sendall(body)
        status = reply.readline()
    assert status.startswith(b"HTTP/1.1 409"), status  # nobody waits at counter 9

"""A request whose body is slow to arrive must not stall everyone else (SQLite + eventlet)."""

import socket
from urllib.parse import urlsplit


def test_other_requests_proceed_while_a_body_is_still_arriving(live_server, api, clerk_tokens):
    address = urlsplit(live_server.url)
    body = b"{}"
    head = (f"POST /api/v1/counters/9/call-next HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Authorization: Bearer {clerk_tokens[9]}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((address.hostname, address.port), timeout=15) as slow:
        slow.sendall(head)  # the handler starts and waits for the body
        other = api.call("GET", "/api/v1/counters", clerk_tokens[1])
        assert other.status_code == 200, other.text  # before the fix: 10 s stall, then 500
        slow.sendall(body)
        reply = slow.makefile("rb").readline()
    assert reply.startswith(b"HTTP/1.1 409"), reply  # nobody waits at counter 9

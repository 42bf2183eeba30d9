"""A local HTTP server standing in for the centre's SMS gateway."""

import json
import threading

from tests.support.http_stub import LoopbackServer, QuietHandler


class Sink:
    """Records every JSON POST; can hold the next request open, then answer it with a status."""

    def __init__(self):
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.holding = threading.Event()  # a request is being held open
        self.release = threading.Event()
        self.hold_next_with: int | None = None
        self.server = LoopbackServer(self._handler())
        self.port = self.server.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    def _handler(self):
        sink = self

        class Handler(QuietHandler):
            def do_POST(self):
                body = json.loads(self.posted())
                status = 200
                if sink.hold_next_with is not None:
                    status, sink.hold_next_with = sink.hold_next_with, None
                    sink.holding.set()
                    sink.release.wait(60)
                sink.received.append(body | {"_status": status})
                sink.headers.append(dict(self.headers))
                self.answer_empty(status)

        return Handler

    def delivered(self, phone: str) -> list[dict]:
        return [m for m in self.received if m["phone"] == phone and m["_status"] == 200]

    def close(self):
        self.release.set()
        self.server.close()

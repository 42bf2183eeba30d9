"""A local HTTP server standing in for the centre's SMS gateway."""

import json
import threading
from http.server import ThreadingHTTPServer

from tests.support.http_stub import QuietHandler
from tests.support.server import free_port


class Sink:
    """Records every JSON POST; can hold the next request open, then answer it with a status."""

    def __init__(self):
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.holding = threading.Event()  # a request is being held open
        self.release = threading.Event()
        self.hold_next_with: int | None = None
        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

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
        self.server.shutdown()
        self.server.server_close()

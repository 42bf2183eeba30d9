"""Loopback HTTP servers that stand in for other systems (a province's API, a webhook
receiver) and record what they are sent."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing: the test reads what its server recorded."""

    def log_message(self, *args):
        pass

    def posted(self) -> bytes:
        """Read the request's body."""
        return self.rfile.read(int(self.headers["Content-Length"]))

    def answer_empty(self, status: int) -> None:
        """Answer ``status`` with no body."""
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


class LoopbackServer:
    """Serve ``handler`` on 127.0.0.1 (a free port unless ``port``) in a thread until closed."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0):
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.port = self.server.server_address[1]
        # Closing waits for the serving loop's next poll: a short one keeps each test quick.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

"""The agent's one outgoing connection to the server: Socket.IO on ``/print-agent``.

Events (agent → server, each answered in its acknowledgement):
``next_job`` {} → {"job": {"id", "number", "reason", "data": <ESC/POS bytes, or a form's
PDF when reason is "document">} | null};
``job_done`` {"job_id", "outcome": printed|already_printed|uncertain|failed, "message"};
``printer_status`` {"state", "message"}.
Server → agent: ``jobs_waiting`` {} when slips are due, so the agent asks at once.
"""

import logging
import threading

import requests
import socketio
from socketio.exceptions import BadNamespaceError
from socketio.exceptions import ConnectionError as SocketConnectionError
from socketio.exceptions import TimeoutError as SocketTimeoutError

log = logging.getLogger(__name__)
NAMESPACE = "/print-agent"
CALL_TIMEOUT_S = 20.0
CONNECT_TIMEOUT_S = 10.0


class LinkDown(Exception):
    """The connection to the server is gone; reconnect and ask again."""


class ServerUnreachable(LinkDown):
    """The server could not be reached at all (address, network, TLS)."""


class AgentRefused(Exception):
    """The server refused the agent: a bad token, or a kiosk not set to ``agent://``."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code, self.message, self.message_en = code, message, message_en


class PinnedCaSession(requests.Session):
    """Verify TLS against one certificate authority file, whatever the environment says."""

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        # requests lets REQUESTS_CA_BUNDLE override a session's own ``verify``.
        settings = super().merge_environment_settings(url, proxies, stream, verify, cert)
        return settings | {"verify": self.verify}


def http_session(ca_file: str | None) -> requests.Session:
    """Return the HTTP session for the connection; ``ca_file``: an office's own CA."""
    if not ca_file:
        return requests.Session()
    session = PinnedCaSession()
    session.verify = ca_file
    return session


class ServerLink:
    """Connect with the kiosk's token and exchange the agent's events with the server."""

    def __init__(self, server_url: str, token: str, ca_file: str | None = None) -> None:
        self.server_url, self.token = server_url.rstrip("/"), token
        # A factory: the client drops its HTTP session at each disconnect.
        self.client = socketio.Client(reconnection=False,
                                      http_session=lambda: http_session(ca_file),
                                      request_timeout=CONNECT_TIMEOUT_S)
        self.work_waiting = threading.Event()
        self._refusal: AgentRefused | None = None
        self.client.on("jobs_waiting", self._wake, namespace=NAMESPACE)
        self.client.on("connect_error", self._refused, namespace=NAMESPACE)
        self.client.on("disconnect", self._wake, namespace=NAMESPACE)

    @property
    def connected(self) -> bool:
        return self.client.connected and NAMESPACE in self.client.namespaces

    def connect(self) -> None:
        """Connect; raises AgentRefused or ServerUnreachable."""
        self._refusal = None
        try:
            self.client.connect(self.server_url, namespaces=[NAMESPACE],
                                auth={"token": self.token}, wait_timeout=CONNECT_TIMEOUT_S)
        except SocketConnectionError as exc:
            self._drop()
            if self._refusal is not None:
                raise self._refusal from exc
            raise ServerUnreachable(str(exc) or "connection failed") from exc
        self.work_waiting.set()  # ask for slips queued while the agent was away

    def disconnect(self) -> None:
        """Close the connection (at shutdown or after a failed call)."""
        self._drop()

    def next_job(self) -> dict | None:
        """Ask for the oldest slip not yet acknowledged; None when there is none."""
        self.work_waiting.clear()
        return self._call("next_job", {}).get("job")

    def job_done(self, job_id: int, outcome: str, message: str = "") -> None:
        """Acknowledge a slip: after this, the server never offers it again."""
        self._call("job_done", {"job_id": job_id, "outcome": outcome, "message": message[:400]})

    def report_status(self, state: str, message: str) -> None:
        """Tell the server what the printer reports, for the kiosk, staff and admins."""
        self._call("printer_status", {"state": state, "message": message[:400]})

    def wait_for_work(self, timeout: float) -> None:
        """Sleep until the server says slips are due, or ``timeout`` seconds pass."""
        self.work_waiting.wait(timeout)

    def _call(self, event: str, payload: dict) -> dict:
        if not self.connected:
            raise LinkDown("not connected")
        try:
            reply = self.client.call(event, payload, namespace=NAMESPACE,
                                     timeout=CALL_TIMEOUT_S)
        except (SocketTimeoutError, BadNamespaceError) as exc:
            self._drop()
            raise LinkDown(f"{event}: no answer from the server") from exc
        if isinstance(reply, dict) and "error" in reply:
            raise LinkDown(f"{event}: server error {reply['error'].get('code')}")
        return reply if isinstance(reply, dict) else {}

    def _wake(self, _payload=None) -> None:
        self.work_waiting.set()

    def _refused(self, data=None) -> None:
        # The server's refusals carry {"message", "data": {code, message, message_en}}; a
        # transport failure (nothing listening, TLS, proxy) arrives here too, as a string.
        reason = data.get("data") if isinstance(data, dict) else None
        if isinstance(reason, dict) and "code" in reason:
            self._refusal = AgentRefused(str(reason["code"]), str(reason.get("message", "")),
                                         str(reason.get("message_en", "")))

    def _drop(self) -> None:
        try:
            self.client.disconnect()
        except (OSError, ValueError) as exc:  # a half-open socket may fail to close
            log.debug("closing the connection failed: %s", exc)
        self.work_waiting.set()  # wake the loop so it notices at once

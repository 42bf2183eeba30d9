"""The app in the test's own process, reached through ``requests`` as if it were the live server.

``InProcessServer(centre)`` has a ``url`` (``http://qms-<n>.test``) that every
``requests.Session`` sends to the app's WSGI callable instead of a socket, so the helpers
written for the live server (``Api``, ``StaffBrowser``, ``cookie_login``, ``serve_visit``) run
unchanged in the fast tier, cookies and redirects included. Socket.IO goes through
``socket(namespace, auth)``: a ``socketio.test_client`` bound to the same app.
"""

import http.client
import itertools
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from server.extensions import socketio

_hosts = itertools.count(1)
_mounted: dict[str, "WsgiAdapter"] = {}
_get_adapter = requests.Session.get_adapter


def _routed_adapter(self, url):
    for prefix, adapter in _mounted.items():
        if url.startswith(prefix):
            return adapter
    return _get_adapter(self, url)


def app_at(url: str):
    """The app served in process at ``url``, or None for a real server."""
    adapter = next((adapter for prefix, adapter in _mounted.items() if url.startswith(prefix)),
                   None)
    return adapter.app if adapter is not None else None


class _Raw:
    """What ``requests`` reads of a connection: the headers (for cookies), nothing to close."""

    def __init__(self, headers):
        self._original_response = self
        self.msg = http.client.HTTPMessage()
        for name, value in headers:
            self.msg[name] = value

    def close(self):
        pass

    def release_conn(self):
        pass


class WsgiAdapter(requests.adapters.BaseAdapter):
    """Send a ``requests`` request to a Flask app's test client and build the response."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        answer = self.app.test_client(use_cookies=False).open(
            url.path, query_string=url.query, method=request.method,
            headers=list(request.headers.items()), data=request.body or b"",
            base_url=f"{url.scheme}://{url.netloc}")
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.get_data()
        answer.close()  # a file sent by send_file
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        response.raw = _Raw(answer.headers.items())
        response.reason = answer.status.partition(" ")[2]
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


class InProcessServer:
    """The centre's app served in process at ``url`` to ``requests``, with socket clients."""

    def __init__(self, centre, **config):
        self.centre, self.instance = centre, centre.instance
        self.app = centre.app(**config)
        self.url = f"http://qms-{next(_hosts)}.test"
        self._sockets = []

    def __enter__(self):
        _mounted[self.url] = WsgiAdapter(self.app)
        requests.Session.get_adapter = _routed_adapter
        return self

    def __exit__(self, *_exc):
        for client in self._sockets:
            for namespace, connected in list(client.connected.items()):
                if connected:
                    client.disconnect(namespace=namespace)
        del _mounted[self.url]
        self.app.extensions["qms_engine"].dispose()

    def socket(self, namespace: str, auth: dict | None = None, cookies_from=None):
        """A Socket.IO test client of ``namespace``; ``cookies_from`` a logged-in session."""
        flask_client = self.app.test_client()
        for cookie in getattr(cookies_from, "cookies", ()):
            flask_client.set_cookie(cookie.name, cookie.value)
        client = socketio.test_client(self.app, namespace=namespace, auth=auth,
                                      flask_test_client=flask_client)
        self._sockets.append(client)
        return client


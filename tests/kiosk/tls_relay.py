"""Fronts on 127.0.0.1 relaying to a live server: TLS (nginx's role) or a cuttable link."""

import socket
import ssl
import subprocess
import threading
from pathlib import Path


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Make a certificate for 127.0.0.1 with openssl; return (certificate, key)."""
    cert, key = folder / "server.pem", folder / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class Relay:
    """Pipe connections to ``backend_port``; ``cut`` drops them all and refuses new ones."""

    scheme = "http"

    def __init__(self, backend_port: int) -> None:
        self.backend_port = backend_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.live: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def cut(self) -> None:
        """Drop every connection and refuse new ones, as a pulled network cable would."""
        self.open.clear()
        for sock in list(self.live):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already gone

    def restore(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.listener.close()

    def wrap(self, client: socket.socket) -> socket.socket:
        return client

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.open.is_set():
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            front = self.wrap(client)
            backend = socket.create_connection(("127.0.0.1", self.backend_port))
        except OSError:
            client.close()
            return
        self.live += [front, backend]
        threading.Thread(target=_pipe, args=(backend, front), daemon=True).start()
        _pipe(front, backend)


class TlsRelay(Relay):
    """Accept TLS connections and pipe their plaintext to ``backend_port``."""

    scheme = "https"

    def __init__(self, backend_port: int, cert: Path, key: Path) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        super().__init__(backend_port)

    def wrap(self, client: socket.socket) -> socket.socket:
        return self.context.wrap_socket(client, server_side=True)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass  # either side hung up
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already shut
        source.close()  # each socket is the source of exactly one pipe

"""Run the real server in a subprocess on a free loopback port, as devices see it."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.tiers import require_tier

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """A ``qms run`` process with its own instance folder; restartable and killable."""

    def __init__(self, instance: Path, *, async_mode: str = "auto",
                 env: dict | None = None, port: int | None = None):
        self.instance = Path(instance)
        self.async_mode = async_mode
        self.port = port or free_port()
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self.log_path = self.instance / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update({"QMS_INSTANCE": str(self.instance), "PYTHONPATH": str(ROOT),
                    "QMS_LOG_LEVEL": "WARNING", **self.extra_env})
        return env

    def start(self, timeout: float = 60.0) -> "LiveServer":
        """Start the server and wait until it answers ``/healthz``."""
        require_tier("live")
        with self.log_path.open("ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "run", "--port", str(self.port),
                 "--async-mode", self.async_mode],
                cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log_path}:\n{self.log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        """Stop the server gracefully (SIGTERM), then by force."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """Kill the server with SIGKILL, as a power cut or OOM killer would."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def restart(self) -> "LiveServer":
        self.stop()
        return self.start()

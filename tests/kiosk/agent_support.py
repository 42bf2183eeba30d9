"""Run ``qms print-agent`` as a real process beside a live server, as a kiosk PC would."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.support.server import ROOT


class AgentProcess:
    """A ``qms print-agent`` process with its own journal folder and log file."""

    def __init__(self, server_url: str, token: str, printer_uri: str, folder: Path) -> None:
        self.args = ["--server", server_url, "--token", token, "--printer", printer_uri,
                     "--state-dir", str(folder / "state"), "--log", str(folder / "agent.log"),
                     "--check-every", "0.5"]
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def start(self) -> "AgentProcess":
        self.process = start_agent(self.args, self.folder / "agent.out")
        return self

    def kill(self) -> None:
        """Kill it with SIGKILL, as a power cut or the task manager would."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        """Stop it as a service manager does (SIGTERM) and return its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(20)

    def log(self) -> str:
        return (self.folder / "agent.log").read_text(encoding="utf-8", errors="replace")


def start_agent(args: list[str], output: Path) -> subprocess.Popen:
    """Start ``python -m server.cli print-agent ARGS`` from the repository root."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with output.open("ab") as sink:
        return subprocess.Popen([sys.executable, "-m", "server.cli", "print-agent", *args],
                                cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)


def run_agent(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the agent to its end and return its exit code and output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "server.cli", "print-agent", *args], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=timeout)

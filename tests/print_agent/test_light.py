"""The kiosk PC runs the agent without loading any of the server."""

import subprocess
import sys

import pytest

from tests.support.server import ROOT

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.redis]

SERVER_ONLY = ("flask", "flask_socketio", "sqlalchemy", "alembic", "eventlet", "gevent",
               "psycopg", "server.app", "server.models")  # redis: python-socketio tries it


def test_the_agent_loads_no_server_module():
    probe = ("import sys, server.cli, print_agent.main, print_agent.agent; "
             f"print(sorted(m for m in {SERVER_ONLY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_help_lists_the_printers_and_exit_codes():
    result = subprocess.run([sys.executable, "-m", "server.cli", "print-agent", "--help"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "win32raw://" in result.stdout and "agent://" in result.stdout
    assert "3 token refused" in result.stdout

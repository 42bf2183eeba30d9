"""Skip, or fail under CI, when PostgreSQL or Redis is not reachable."""

import os
import shutil
import socket

import pytest


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(name: str, host: str, port: int) -> None:
    """Skip the test if ``name`` is down, unless ``QMS_REQUIRE_SERVICES=1`` makes it a failure."""
    if _reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if os.environ.get("QMS_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def require_program(name: str) -> None:
    """Skip if the program is not installed, unless ``QMS_REQUIRE_SERVICES=1`` (CI installs it)."""
    if shutil.which(name):
        return
    message = f"{name} is not installed"
    if os.environ.get("QMS_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def require_postgres() -> None:
    require("PostgreSQL", "127.0.0.1", 5432)


def require_redis() -> None:
    require("Redis", "127.0.0.1", 6379)

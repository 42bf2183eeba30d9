"""Skip, or fail under CI, when PostgreSQL or Redis is not reachable."""

import shutil
import socket

from tests.support.tiers import require_tier, skip_or_fail


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(name: str, host: str, port: int) -> None:
    """Skip the test if ``name`` is down, unless ``QMS_REQUIRE_SERVICES=1`` makes it a failure."""
    if not _reachable(host, port):
        skip_or_fail(f"{name} is not reachable on {host}:{port}")


def require_program(name: str) -> None:
    """Skip if the program is not installed, unless ``QMS_REQUIRE_SERVICES=1`` (CI installs it)."""
    if not shutil.which(name):
        skip_or_fail(f"{name} is not installed")


def require_postgres() -> None:
    require_tier("postgres")
    require("PostgreSQL", "127.0.0.1", 5432)


def require_redis() -> None:
    require_tier("redis")
    require("Redis", "127.0.0.1", 6379)

"""Test tiers: what starts a server, a browser or other processes, or needs PostgreSQL or Redis.

Each test declares its tiers: ``pytestmark = pytest.mark.live`` (or a list) for a module, a
``@pytest.mark.browser`` on one test, ``pytest.param("postgresql", marks=POSTGRES)`` on the
variant of a test that needs PostgreSQL. Nothing is inferred. What starts a server, a browser,
a process, or opens PostgreSQL or Redis checks at run time that the running test declares it
(``require_tier``), so an undeclared test fails instead of slowing the fast loop
``-m "not live and not browser"``. Every ``slow`` test is also ``live`` and every
``postgres`` test ``slow``: the collection checks that the declarations say so.
"""

import os

import pytest

TIERS = {
    "live": "starts the real server (``python -m server.cli run``) as a subprocess, or is slow",
    "browser": "drives headless Chromium through Playwright",
    "postgres": "needs PostgreSQL on 127.0.0.1:5432",
    "redis": "needs Redis on 127.0.0.1:6379",
    "slow": "starts other processes (the ``qms`` command, worker processes, a bench) or "
            "creates PostgreSQL databases",
}
# Every variant of a test that needs PostgreSQL.
POSTGRES = (pytest.mark.live, pytest.mark.slow, pytest.mark.postgres)
# A tier that another one implies: slow tests are live, PostgreSQL tests slow.
IMPLIED = {"slow": "live", "postgres": "slow"}
_running: list[pytest.Item] = []


def check_declared(items: list[pytest.Item]) -> None:
    """Fail the collection when a test's tiers leave out one that another implies."""
    missing = [f"{item.nodeid}: marked {tier!r} but not {implied!r}"
               for item in items for tier, implied in IMPLIED.items()
               if item.get_closest_marker(tier) and not item.get_closest_marker(implied)]
    if missing:
        raise pytest.UsageError("tier markers missing (tests/support/tiers.py):\n"
                                + "\n".join(missing))


def register(config: pytest.Config) -> None:
    """Declare the tier markers."""
    for tier, meaning in TIERS.items():
        config.addinivalue_line("markers", f"{tier}: {meaning}")


def running(item: pytest.Item):
    """Remember which test is running while it runs (a generator for ``hookwrapper``)."""
    _running.append(item)
    try:
        yield
    finally:
        _running.pop()


def current() -> pytest.Item | None:
    """The test running now, if any."""
    return _running[-1] if _running else None


def require_tier(tier: str) -> None:
    """Fail when the running test uses ``tier`` without being marked for it."""
    if _running and _running[-1].get_closest_marker(tier) is None:
        raise AssertionError(
            f"{_running[-1].nodeid} uses {TIERS[tier]} but is not marked {tier!r}; "
            f"see tests/support/tiers.py")


def skip_or_fail(message: str) -> None:
    """Skip when a tool is missing, unless ``QMS_REQUIRE_SERVICES=1`` (CI) makes it a failure."""
    if os.environ.get("QMS_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)

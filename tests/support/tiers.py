"""Test tiers: what starts a server, a browser or other processes, or needs PostgreSQL or Redis.

Tests are marked at collection from what they use (their fixtures and their own code), so a
new test lands in the right tier without remembering a marker. Starting a server, a browser or
a process from a test that is not marked for it fails, so the fast loop
``-m "not live and not browser"`` stays fast. A test that is slow for another reason (a long
simulation) says so itself with ``pytestmark = pytest.mark.slow``. Every ``slow`` test is also
``live``: it runs real processes or databases, and the fast loop leaves it out.
"""

import functools
import inspect
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
# What a test's code or fixtures say when they need each tier.
SIGNS = {
    # A bench starts its own servers.
    "live": ("LiveServer(", "start_server(", "live_server", "Cluster(", "cluster(", "bench.bench_"),
    "browser": ("sync_playwright", "def page(", "browser.new_context", "launch(playwright"),
    "redis": ("redis",),
}
# Read in the test, its fixtures and the functions it calls by name, not in the whole module:
# one test of a module running the ``qms`` command or using PostgreSQL leaves its neighbours
# in the fast loop.
OWN_SIGNS = {
    "postgres": ("postgres", "temporary_database"),
    "slow": ("sys.executable", "multiprocessing"),
}
_running: list[pytest.Item] = []


@functools.cache  # a fixture or module is read once, not once per test that uses it
def _source(obj) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def _sources(item: pytest.Item) -> str:
    """The code of the test, of its module, and of every fixture it uses (also indirectly)."""
    parts = [_source(item.module), _variant(item)]
    for name in item.fixturenames:
        for definition in item._fixtureinfo.name2fixturedefs.get(name, ()):
            parts.append(_source(definition.func))
    return "\n".join(parts)


def _own_sources(item: pytest.Item) -> str:
    """The code of the test, of the functions it calls by name, and of its fixtures."""
    function = getattr(item, "function", None)
    parts = [_source(function)]
    for name in getattr(getattr(function, "__code__", None), "co_names", ()):
        called = getattr(item.module, name, None)
        if inspect.isfunction(called):
            parts.append(_source(called))
    for name in item.fixturenames:
        for definition in item._fixtureinfo.name2fixturedefs.get(name, ()):
            parts.append(_source(definition.func))
    return "\n".join(parts + [_variant(item)])


def _variant(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.id if callspec else ""


def mark_tiers(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add the tier markers each collected test needs."""
    for item in items:
        code, own = _sources(item), _own_sources(item)
        found = {tier for tier, signs in SIGNS.items() if any(sign in code for sign in signs)}
        found |= {tier for tier, signs in OWN_SIGNS.items() if any(sign in own for sign in signs)}
        if "browser" in item.fixturenames or "page" in item.fixturenames:
            found.add("browser")
        variant = _variant(item)
        if "sqlite" in variant and "postgres" not in variant:
            found.discard("postgres")  # the SQLite run of a test parametrised over both
        if "postgres" in found:  # a new database and its schema: seconds of the server's time
            found.add("slow")
        if "slow" in found or item.get_closest_marker("slow"):
            found.add("live")
        for tier in sorted(found):
            item.add_marker(tier)


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

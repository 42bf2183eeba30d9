"""Each bench runs in its short mode and prints its figures; their values are not asserted
(speed belongs in bench/, never in timed test assertions)."""

import subprocess
import sys

import pytest

from tests.support.server import ROOT
from tests.support.services import require_postgres, require_redis

pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.redis]


def _run_bench(module: str, postgres: bool = False, redis: bool = False) -> str:
    """Run ``module --quick`` (after skipping when a service it needs is down); its output."""
    if postgres:
        require_postgres()
    if redis:
        require_redis()
    done = subprocess.run([sys.executable, "-m", module, "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_bench_issue_quick():
    out = _run_bench("bench.bench_issue")
    assert out.count("baseline insert+commit") == 2 and out.count("issue ticket") >= 2
    assert "p99" in out and "issue throughput / baseline throughput" in out


@pytest.mark.postgres
def test_bench_display_quick():
    out = _run_bench("bench.bench_display", postgres=True, redis=True)
    assert "one process" in out and "two processes via Redis" in out
    assert out.count("call → every display") == 2 and "RSS" in out


@pytest.mark.postgres
def test_bench_booking_quick():
    out = _run_bench("bench.bench_booking", postgres=True)
    assert "book (201 or 409 slot_full)" in out and "issue ticket (same shape)" in out
    # Correctness, unlike speed, is asserted: never more bookings than places.
    assert "bookings made: 20 (target exactly 20)" in out and "5xx: 0" in out


@pytest.mark.postgres
def test_bench_province_quick():
    out = _run_bench("bench.bench_province", postgres=True, redis=True)
    assert "one process (eventlet), sqlite" in out and "2 processes via Redis (gevent)" in out
    assert out.count("call → TV") == 4 and out.count("worst case") == 2
    # Correctness, unlike speed, is asserted: every TV of a site hears every call there.
    assert out.count("TVs that missed a call: 0;") == 4, out
    assert "kiosk issue" in out and "dashboard refetch" in out and "load generator" in out


def test_bench_idle_sockets_quick():
    out = _run_bench("bench.bench_idle_sockets")
    assert out.count("kiosk issue (POST /api/v1/tickets)") == 2
    assert out.count("call next → TV hears ticket_called") == 2
    # Correctness, unlike speed, is asserted: held sockets stay, and the grace closes them all.
    assert "idle sockets still open after the measurement: 200" in out
    assert "default 10 s grace: 0 of 200 idle sockets still open" in out

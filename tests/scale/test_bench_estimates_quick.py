"""The estimate accuracy bench runs in its short mode; its figures are printed, not asserted."""

import subprocess
import sys

import pytest

from tests.support.server import ROOT

pytestmark = [pytest.mark.live, pytest.mark.slow]


def test_bench_estimates_quick():
    done = subprocess.run([sys.executable, "-m", "bench.bench_estimates", "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| lunch_break |")]
    assert [row.split("|")[3].strip() for row in rows] == ["kiosk", "baseline"]
    assert any(line.startswith("| history ") for line in done.stdout.splitlines())

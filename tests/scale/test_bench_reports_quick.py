"""The reports bench runs in its short mode and prints every figure beside the raw tally."""

import pytest

from tests.scale.test_benchmarks_quick import _run_bench

pytestmark = [pytest.mark.live, pytest.mark.slow]


def test_bench_reports_quick():
    out = _run_bench("bench.bench_reports")
    for line in ("history: ", "year by counter, rollups + open tickets raw",
                 "year by counter, raw tally (before rollups)", "year by clerk, rollups",
                 "HTTP year by counter", "HTTP all sites today", "HTTP dashboard of one site",
                 "server memory: now", "load average"):
        assert line in out, line

"""Time the leaders' overview of a province (every site, by tier, with its trend) from rollups,
beside the report by site it builds on and the raw tally, in one run.

Run from the repository root:
    python -m bench.bench_overview --tickets 1000000 [--database postgresql] [--days 365]
    python -m bench.bench_overview --quick            # a small sanity run

It fills a temporary database with ``qms demo history`` data (100 sites, 200 tickets a working
day, up to today), then times over the filled period: the report by site, the overview with a
monthly and a weekly trend, the overview's HTTP answer and its Excel export, and once the
overview from raw tickets (as before rollups).
"""

import math
import tempfile
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy.orm import Session

from reports.compute import ReportQuery, compute_report
from reports.overview import OverviewQuery, compute_overview
from server.api.schemas import MAX_DAYS
from server.db import make_engine
from server.engine.days import service_day
from tests.support.server import LiveServer

from .bench_reports import (
    PASSWORD,
    WORKING_SHARE,
    history_arguments,
    history_database,
    load_line,
    timed,
)
from .harness import BENCH_ENV


def in_process(url: str, now, days: int, repeat: int) -> None:
    engine = make_engine(url)
    today = service_day(now)
    first = today - timedelta(days=days - 1)
    with Session(engine) as session:
        timed("report by site, rollups + today raw", lambda: compute_report(
            session, ReportQuery(first, today, "site"), now), repeat)
        for trend in ("month", "week"):
            query = OverviewQuery(first, today, trend=trend)
            timed(f"overview, {trend}ly trend, rollups + today raw",
                  lambda q=query: compute_overview(session, q, today, now), repeat)
        timed("overview, monthly trend, raw tally (before rollups)", lambda: compute_overview(
            session, OverviewQuery(first, today, trend="month"), today, now, rollups=False), 1)
    engine.dispose()


def over_http(url: str, instance: Path, now, days: int, repeat: int) -> None:
    server = LiveServer(instance, env={**BENCH_ENV, "QMS_DATABASE_URL": url}).start()
    try:
        token = requests.post(server.url + "/api/v1/auth/token", timeout=30, json={
            "username": "bench-manager", "password": PASSWORD}).json()["token"]
        today = service_day(now)
        period = {"from": (today - timedelta(days=days - 1)).isoformat(),
                  "to": today.isoformat()}

        def get(path: str):
            response = requests.get(server.url + path, params=period, timeout=600,
                                    headers={"Authorization": f"Bearer {token}"})
            response.raise_for_status()

        timed("HTTP overview (JSON)", lambda: get("/api/v1/reports/overview"), repeat)
        timed("HTTP overview (Excel export)",
              lambda: get("/api/v1/reports/overview/export.xlsx"), repeat)
    finally:
        server.stop()


def main() -> None:
    args = history_arguments(__doc__, 1_000_000)
    repeat = 1 if args.quick else 3
    # The period the history covers (what fill() writes for this many tickets), within the
    # longest period the API answers.
    days = min(MAX_DAYS, max(1, math.ceil(args.tickets / (args.sites * args.per_day)
                                          / WORKING_SHARE)))
    print(load_line(), flush=True)
    with ExitStack() as stack:
        instance = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qms-bench-")))
        url, now = history_database(args, stack, instance)
        print(load_line(), flush=True)
        in_process(url, now, days, repeat)
        over_http(url, instance, now, days, repeat)
    print(load_line(), flush=True)


if __name__ == "__main__":
    main()

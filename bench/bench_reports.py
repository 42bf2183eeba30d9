"""Time the yearly report of a province from rollups, beside the raw tally, in one run.

Run from the repository root:
    python -m bench.bench_reports --tickets 5000000 --database postgresql
    python -m bench.bench_reports --quick            # a small sanity run (CI)
    python -m bench.bench_reports --keep /var/tmp/qms-5m.sqlite3   # fill once, time again
    python -m bench.bench_reports --keep postgresql+psycopg://postgres@127.0.0.1/qms5m

It fills a temporary database with ``qms demo history`` data (100 sites, 200 tickets a working
day, up to today), then times in this process the year's report by counter and by clerk
from the rollups and from the raw tickets, and over HTTP against a live server the same
reports, today's all-sites report and a site's dashboard, with the server's peak memory.
With ``--keep`` (a SQLite file, or the URL of an existing database) the history is written
there and a later run over it skips the filling (5 million tickets take minutes to write).
"""

import argparse
import math
import os
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.compute import ReportQuery, compute_report
from server.db import make_engine
from server.demo_history import generate_history
from server.engine.days import service_day
from server.models import Site, Ticket
from server.provision import add_user, migrate
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer

from .harness import BENCH_ENV

PASSWORD = "bench-reports-1"
WORKING_SHARE = 248 / 365  # working days in a calendar year, about


def load_line() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} (1 / 5 min), {os.cpu_count()} cores"


def timed(label: str, action, repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<58} best of {repeat}: {1000 * best:10.1f} ms", flush=True)
    return best


def fill(url: str, tickets: int, sites: int, per_day: int) -> datetime:
    """Write the history; return the "now" the reports are asked at (today's end)."""
    engine = make_engine(url)
    days = max(1, math.ceil(tickets / (sites * per_day) / WORKING_SHARE))
    now = datetime.now(UTC)
    with Session(engine) as session:
        started = time.perf_counter()
        # Filling "up to tomorrow" makes today a full day too: the report reads it raw.
        summary = generate_history(session, sites, days, per_day, seed=15,
                                   now=now + timedelta(days=1))
        spent = time.perf_counter() - started
        add_user(session, "bench-manager", PASSWORD, "manager")
        session.commit()
        print(f"history: {summary.tickets:,} tickets, {summary.votes:,} votes, {sites} sites, "
              f"{days} days in {spent:.1f} s ({summary.tickets / spent:,.0f} tickets/s), "
              f"{engine.dialect.name}", flush=True)
    engine.dispose()
    return now


def history_database(args: argparse.Namespace, stack: ExitStack,
                     instance: Path) -> tuple[str, datetime]:
    """Make (or reuse, with ``--keep``) the database of the history; return its URL and the
    "now" the reports are asked at."""
    if args.keep:
        url = args.keep if "://" in args.keep else f"sqlite:///{Path(args.keep).resolve()}"
    elif args.database == "postgresql":
        url = stack.enter_context(temporary_database())
    else:
        url = f"sqlite:///{instance / 'qms.sqlite3'}"
    migrate(url)
    if args.keep and filled_before(url):
        return url, datetime.now(UTC)
    return url, fill(url, args.tickets, args.sites, args.per_day)


def filled_before(url: str) -> bool:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(Ticket))
    engine.dispose()
    if count:
        print(f"history: {count:,} tickets already in the database, not filled again",
              flush=True)
    return bool(count)


def in_process(url: str, now: datetime, repeat: int) -> None:
    engine = make_engine(url)
    today = service_day(now)
    first = today - timedelta(days=364)
    with Session(engine) as session:
        timed("baseline: SELECT count(*) of the year", lambda: session.scalar(
            select(func.count()).where(Ticket.service_day.between(first, today))), repeat)
        for group in ("counter", "clerk"):
            query = ReportQuery(first, today, group)
            timed(f"year by {group}, rollups + open tickets raw", lambda q=query: compute_report(
                session, q, now), repeat)
            timed(f"year by {group}, raw tally (before rollups)", lambda q=query: compute_report(
                session, q, now, rollups=False), 1)
        timed("one week by counter, rollups + open tickets raw", lambda: compute_report(
            session, ReportQuery(today - timedelta(days=6), today, "counter"), now), repeat)
    engine.dispose()


def over_http(url: str, instance: Path, now: datetime, repeat: int) -> None:
    server = LiveServer(instance, env={**BENCH_ENV, "QMS_DATABASE_URL": url}).start()
    try:
        token = requests.post(server.url + "/api/v1/auth/token", timeout=30, json={
            "username": "bench-manager", "password": PASSWORD}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        today = service_day(now)
        year = {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()}
        engine = make_engine(url)
        with Session(engine) as session:
            site = session.scalar(select(Site.code).order_by(Site.id.desc()))
        engine.dispose()

        def get(path, **params):
            response = requests.get(server.url + path, params=params, headers=headers,
                                    timeout=600)
            response.raise_for_status()

        for group in ("counter", "clerk"):
            timed(f"HTTP year by {group}", lambda g=group: get("/api/v1/reports", **year,
                                                                group=g), repeat)
        timed("HTTP all sites today (report by site)", lambda: get(
            "/api/v1/reports", group="site", **{"from": today.isoformat(),
                                                "to": today.isoformat()}), 5 * repeat)
        timed(f"HTTP dashboard of one site ({site})", lambda: get("/api/v1/dashboard",
                                                                   site=site), 5 * repeat)
        status = Path(f"/proc/{server.process.pid}/status").read_text().splitlines()
        memory = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status
                  if line.startswith(("VmRSS", "VmHWM"))}
        print(f"  server memory: now {memory['VmRSS']:.0f} MiB, peak {memory['VmHWM']:.0f} MiB")
    finally:
        server.stop()


def history_arguments(description: str, tickets: int) -> argparse.Namespace:
    """The history a report bench runs over: its size, database, and the quick sanity run."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=tickets)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--keep", metavar="FILE_OR_URL",
                        help="SQLite file or database URL to fill once and reuse on later runs")
    parser.add_argument("--quick", action="store_true",
                        help="20,000 tickets at 4 sites, each figure once: a sanity run")
    args = parser.parse_args()
    if args.quick:
        args.tickets, args.sites, args.per_day = 20_000, 4, 60
    return args


def main() -> None:
    args = history_arguments(__doc__, 5_000_000)
    repeat = 1 if args.quick else 3
    print(load_line(), flush=True)
    with ExitStack() as stack:
        instance = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qms-bench-")))
        url, now = history_database(args, stack, instance)
        print(load_line(), flush=True)
        in_process(url, now, repeat)
        over_http(url, instance, now, repeat)
    print(load_line(), flush=True)


if __name__ == "__main__":
    main()

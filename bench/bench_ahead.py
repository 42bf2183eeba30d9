"""Time "how many are ahead" (the call policy replayed) with hundreds of citizens waiting.

Run from the repository root: python -m bench.bench_ahead [--waiting 300 1000] [--repeat 20]
In process, on a SQLite file: a site with six fields and eight open counters, a 1-per-3
priority ratio, one ticket in seven priority and one in twenty booked. Times the position of
the last ticket issued (what the kiosk, the slip and the phone page ask at issue: the whole
line replayed), of one in the middle, and of every waiting ticket at once (the
"your turn is near" pass).
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_engine, make_session_factory
from server.engine.days import service_day
from server.engine.forecast import waiting_positions
from server.engine.snapshot import waiting_ahead
from server.models import Base, Counter, Service, Site, Ticket

MORNING = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội, a Wednesday
CODES = ["DD", "XD", "DKKD", "CDCS", "CT", "HT"]


def build(session, waiting: int) -> Site:
    """Add the site, its counters and ``waiting`` waiting tickets of today."""
    site = Site(code="B", name="Bench", priority_policy="ratio", priority_ratio=3)
    session.add(site)
    session.flush()
    services = [Service(site_id=site.id, code=code, name=code, prefix=code[0],
                        number_start=1, number_end=9999, sort_order=i)
                for i, code in enumerate(CODES)]
    session.add_all(services)
    session.flush()
    for number in range(1, 9):
        served = [services[(number + k) % len(services)] for k in range(2)]
        session.add(Counter(site_id=site.id, number=number, status="open", services=served))
    day = service_day(MORNING)
    for index in range(waiting):
        queued = MORNING - timedelta(minutes=120) + timedelta(seconds=7 * index)
        session.add(Ticket(
            site_id=site.id, service_id=services[index % len(services)].id,
            original_service_id=services[index % len(services)].id, service_day=day,
            sequence=index + 1, number=f"{index:04d}", public_code=f"b{index}",
            status="waiting", priority=index % 7 == 3,
            queued_at=queued, issued_at=queued,
            appointment_at=MORNING + timedelta(minutes=index % 40 - 20) if index % 20 == 5
            else None))
    session.commit()
    return site


def timed(work, repeat: int) -> tuple[float, float]:
    """Return the median and the worst CPU time of ``repeat`` runs of ``work``, in ms: CPU
    time, so that other work on a shared machine does not count."""
    durations = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        durations.append((time.process_time() - start) * 1000)
    return statistics.median(durations), max(durations)


@contextmanager
def bench_session(name: str) -> Iterator[Session]:
    """Open a session on a fresh SQLite file holding the schema, dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"qms-bench-{name}-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / f'{name}.sqlite3'}")
        Base.metadata.create_all(engine)
        try:
            with make_session_factory(engine)() as session:
                yield session
        finally:
            engine.dispose()


def report(waiting: int, runs, repeat: int) -> None:
    """Time each ``(label, work)`` of ``runs`` and print one line a run."""
    for label, work in runs:
        median, worst = timed(work, repeat)
        print(f"{waiting:5d} waiting  {label:24s} CPU median {median:6.1f} ms  "
              f"worst {worst:6.1f} ms")


def run_main(doc: str, measure, repeat: int) -> None:
    """Parse ``--waiting`` and ``--repeat`` and measure each count of waiting tickets."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--waiting", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    for waiting in args.waiting:
        measure(waiting, args.repeat)


def measure(waiting: int, repeat: int) -> None:
    with bench_session("ahead") as session:
        site = build(session, waiting)
        tickets = session.scalars(select(Ticket).order_by(Ticket.queued_at)).all()
        last, middle = tickets[-1], tickets[len(tickets) // 2]
        day = service_day(MORNING)
        report(waiting, (
            ("last ticket's ahead", lambda: waiting_ahead(session, last, MORNING)),
            ("middle ticket's ahead", lambda: waiting_ahead(session, middle, MORNING)),
            ("every ticket's ahead", lambda: waiting_positions(session, site, day, MORNING)),
        ), repeat)


if __name__ == "__main__":
    run_main(__doc__, measure, repeat=20)

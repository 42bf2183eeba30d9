"""Time the period report over a year of a busy centre, beside a bare COUNT(*) of its tickets.

Run from the repository root: python -m bench.bench_reports [--days 250] [--per-day 200]
[--database-url postgresql+psycopg://…]  (default: a temporary SQLite file)
"""

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from reports.compute import ReportQuery, compute_report
from server.db import make_engine
from server.models import Counter, Service, Site, Ticket, User, Vote
from server.provision import migrate

FIRST_DAY = date(2025, 1, 6)


def populate(session: Session, days: int, per_day: int, rng: random.Random) -> None:
    """Insert ``days`` × ``per_day`` tickets over 6 services and 10 counters, 60 % rated."""
    site = Site(code="BENCH", name="Bench centre")
    session.add(site)
    session.flush()
    services = [Service(site_id=site.id, code=f"S{i}", name=f"Service {i}") for i in range(6)]
    counters = [Counter(site_id=site.id, number=n, name=f"Quầy {n}") for n in range(1, 11)]
    clerks = [User(username=f"clerk{n}", password_hash="x", role="clerk", site_id=site.id)
              for n in range(1, 11)]
    session.add_all(services + counters + clerks)
    session.flush()
    tickets = []
    for day_index in range(days):
        day = FIRST_DAY + timedelta(days=day_index)
        opening = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)
        for sequence in range(1, per_day + 1):
            desk = rng.randrange(10)
            issued = opening + timedelta(seconds=rng.randrange(8 * 3600))
            called = issued + timedelta(seconds=rng.randrange(60, 3600))
            status = "done" if rng.random() < 0.93 else "no_show"
            finished = called + timedelta(seconds=rng.randrange(60, 1200))
            service = services[rng.randrange(6)]
            tickets.append(dict(
                site_id=site.id, service_id=service.id, original_service_id=service.id,
                service_day=day, sequence=sequence, number=str(sequence),
                public_code=uuid.uuid4().hex, status=status, counter_id=counters[desk].id,
                clerk_id=clerks[desk].id, issued_at=issued, queued_at=issued, called_at=called,
                finished_at=finished if status == "done" else None))
    session.execute(insert(Ticket), tickets)
    rows = session.execute(select(Ticket.id, Ticket.service_id, Ticket.counter_id,
                                  Ticket.clerk_id).where(Ticket.status == "done")).all()
    session.execute(insert(Vote), [
        dict(ticket_id=row.id, site_id=site.id, service_id=row.service_id,
             counter_id=row.counter_id, clerk_id=row.clerk_id, rating=rng.randint(1, 4))
        for row in rows if rng.random() < 0.6])
    session.commit()


def timed(label: str, action, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} best of {repeat}: {1000 * best:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        populate(session, args.days, args.per_day, random.Random(7))
        total = session.scalar(select(func.count()).select_from(Ticket))
        print(f"{total} tickets on {engine.dialect.name}")
        last = FIRST_DAY + timedelta(days=args.days - 1)
        timed("baseline: SELECT count(*) of the period", lambda: session.scalar(
            select(func.count()).where(Ticket.service_day.between(FIRST_DAY, last))))
        for group in ("counter", "clerk"):
            timed(f"report, whole period, group={group}", lambda group=group: compute_report(
                session, ReportQuery(FIRST_DAY, last, group)))
        timed("report, whole period, group=counter, per day", lambda: compute_report(
            session, ReportQuery(FIRST_DAY, last, "counter", per_day=True)))
        timed("report, one week, group=counter", lambda: compute_report(
            session, ReportQuery(last - timedelta(days=6), last, "counter")))
    engine.dispose()


if __name__ == "__main__":
    main()

"""Time the minute's day-rollover check in process on SQLite, as it was and as it is.

Run from the repository root:
    python -m bench.bench_rollover [--sites 102] [--days 30] [--repeat 15]

It fills a temporary database with ``qms demo history`` data (60 tickets a working day per
site), today's waiting tickets and bookings at every site, then times the earlier check (every
site in one transaction) beside the current one (a look for sites with anything to do, then
one unit of work per such site with a yield between them), on a quiet minute and at the turn
of the day. Under eventlet a process answers nothing between two yields, so the figure that
matters is the longest stretch without one.
"""

import argparse
import itertools
import logging
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from server.app import create_app
from server.demo_history import generate_history
from server.engine import issue_ticket
from server.engine.checkin import mark_no_shows
from server.engine.days import VIETNAM
from server.engine.rollover import rollover
from server.extensions import socketio
from server.models import Appointment, Site
from server.provision import migrate
from server.screens_notify import Outbox
from server.storage import unit_of_work
from server.tasks import roll_over_sites

from .bench_reports import load_line

DATABASE = "qms.sqlite3"


def fill(folder: Path, sites: int, days: int, waiting: int, now: datetime) -> None:
    """History up to yesterday; today ``waiting`` open tickets and five bookings a site."""
    url = f"sqlite:///{folder / DATABASE}"
    migrate(url)
    app = create_app({"DATABASE_URL": url, "ASYNC_MODE": "threading"}, instance=folder)
    with unit_of_work(app) as session:
        summary = generate_history(session, sites, days, 60, now=now)
    with unit_of_work(app) as session:
        for site in session.scalars(select(Site)):
            for index in range(waiting):
                issue_ticket(session, site, site.services[index % len(site.services)].code,
                             now=now - timedelta(minutes=index))
            session.add_all(
                Appointment(site_id=site.id, service_id=site.services[0].id,
                            start=now + timedelta(hours=hour), code=f"H{site.id}-{hour}",
                            name="Nguyễn Văn A", phone="0912345678") for hour in range(1, 6))
    app.extensions["qms_engine"].dispose()
    print(f"{sites} sites, {summary.tickets} tickets of history over {days} days, "
          f"{waiting} waiting today and 5 bookings ahead at each site", flush=True)


def earlier_check(app, now: datetime) -> None:
    """The check as it was: every site in one transaction, the process held throughout."""
    outbox = Outbox()
    with unit_of_work(app) as session:
        for site in session.scalars(select(Site)):
            if rollover(session, site, now):
                outbox.site(session, site)
            mark_no_shows(session, site, now)
    outbox.send()


def current_check(app, now: datetime) -> float:
    """Run the check as it is; return the longest stretch between two yields, in seconds."""
    marks = [time.perf_counter()]
    sleep = socketio.sleep
    socketio.sleep = lambda _seconds=0: marks.append(time.perf_counter())
    try:
        roll_over_sites(app, now)
    finally:
        socketio.sleep = sleep
    marks.append(time.perf_counter())
    return max(later - earlier for earlier, later in itertools.pairwise(marks))


def warmed_app(folder: Path, pristine: Path, quiet: datetime):
    """An app on a fresh copy of the filled database, warm as a process running for a while
    is: its connection open and both checks' statements compiled (a quiet check changes
    nothing)."""
    for path in pristine.glob(f"{DATABASE}*"):
        shutil.copyfile(path, folder / path.name)
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / DATABASE}",
                      "ASYNC_MODE": "threading"}, instance=folder)
    earlier_check(app, quiet)
    roll_over_sites(app, quiet)
    return app


def run(folder: Path, pristine: Path, quiet: datetime, now: datetime, repeat: int,
        label: str) -> None:
    """Time both checks at ``now``, each run on a fresh warm copy of the filled database."""
    earlier, current, held = [], [], []
    for _ in range(repeat):
        for timings, check in ((earlier, earlier_check), (current, current_check)):
            app = warmed_app(folder, pristine, quiet)
            start = time.perf_counter()
            stretch = check(app, now)
            timings.append(time.perf_counter() - start)
            if stretch is not None:
                held.append(stretch)
            app.extensions["qms_engine"].dispose()
    print(f"{label} ({load_line()}):")
    for name, values in (("earlier: every site, one transaction", earlier),
                         ("current: whole check", current),
                         ("current: longest stretch without a yield", held)):
        print(f"  {name:<44} median {1000 * statistics.median(values):7.1f} ms   "
              f"best {1000 * min(values):7.1f} ms   (n={len(values)})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=102)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--waiting", type=int, default=10, help="open tickets a site today")
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    logging.getLogger("server.tasks").setLevel(logging.WARNING)  # a line per site rolled over
    local_noon = datetime.now(VIETNAM).replace(hour=11, minute=0, second=0, microsecond=0)
    noon = local_noon.astimezone(UTC)
    with tempfile.TemporaryDirectory(prefix="qms-bench-rollover-") as temporary:
        pristine, folder = Path(temporary) / "pristine", Path(temporary) / "run"
        pristine.mkdir()
        folder.mkdir()
        fill(pristine, arguments.sites, arguments.days, arguments.waiting, noon)
        run(folder, pristine, noon, noon + timedelta(minutes=1), arguments.repeat,
            "a quiet minute: no day turned, no booking overdue")
        run(folder, pristine, noon, noon + timedelta(hours=13, seconds=30), arguments.repeat,
            f"the turn of the day: {arguments.waiting} open tickets to expire at every site")


if __name__ == "__main__":
    main()

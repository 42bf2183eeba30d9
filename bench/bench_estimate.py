"""Time the wait estimate (the call policy played on a clock) with hundreds waiting.

Run from the repository root: python -m bench.bench_estimate [--waiting 300 1000] [--repeat 10]
In process, on a SQLite file: bench_ahead's site (six fields, eight open counters serving two
fields each, 1-per-3 priority, one ticket in seven priority, one in twenty booked), every
counter rostered 07:30–17:00, and four weeks of finished services to learn the pace from.
Times the last ticket's position and estimate (what the kiosk, the slip and the phone page
ask), the old estimate for comparison, the kiosk's per-field "served today?" listing, and
learning the pace from the history (done at most every five minutes).
"""

from datetime import time, timedelta

from sqlalchemy import select

from bench.bench_ahead import MORNING, bench_session, build, report, run_main
from server.engine.days import service_day
from server.engine.estimate_inputs import site_pace
from server.engine.snapshot import (
    ServicePace,
    estimate_wait_s,
    new_ticket_estimates,
    queue_position,
    waiting_ahead,
)
from server.models import RosterEntry, Ticket, User

HISTORY_DAYS = 20
HISTORY_PER_DAY = 150


def add_roster_and_history(session, site) -> None:
    """Roster every counter today and add finished services of the last four weeks."""
    clerk = User(username="bench", password_hash="x", role="clerk", site_id=site.id)
    session.add(clerk)
    session.flush()
    today = service_day(MORNING)
    session.add_all(RosterEntry(site_id=site.id, day=today, counter_id=counter.id,
                                user_id=clerk.id, starts=time(7, 30), ends=time(17, 0))
                    for counter in site.counters)
    services = site.services
    for day in range(1, HISTORY_DAYS + 1):
        for index in range(HISTORY_PER_DAY):
            began = MORNING - timedelta(days=day, hours=1) + timedelta(minutes=3 * index)
            service = services[index % len(services)]
            session.add(Ticket(
                site_id=site.id, service_id=service.id, original_service_id=service.id,
                service_day=(began + timedelta(hours=7)).date(), sequence=index + 1,
                number=f"h{index}", public_code=f"h{day}-{index}", status="done",
                queued_at=began, issued_at=began, called_at=began, started_at=began,
                finished_at=began + timedelta(seconds=120 + 60 * (index % 7))))
    session.commit()


def measure(waiting: int, repeat: int) -> None:
    with bench_session("estimate") as session:
        site = build(session, waiting)
        add_roster_and_history(session, site)
        last = session.scalars(select(Ticket).where(Ticket.status == "waiting")
                               .order_by(Ticket.queued_at.desc())).first()
        pace = ServicePace()
        pace.pace_of(session, site, MORNING)  # warm, as between two issues
        services = [s for s in site.services if s.active]
        report(waiting, (
            ("last ticket's estimate", lambda: queue_position(
                session, last, pace=pace, now=MORNING)),
            ("old estimate", lambda: estimate_wait_s(
                session, last.service, waiting_ahead(session, last, MORNING))),
            ("kiosk listing, 6 fields", lambda: new_ticket_estimates(
                session, site, services, MORNING, pace)),
            ("learning the pace", lambda: site_pace(session, site, MORNING)),
        ), repeat)


if __name__ == "__main__":
    run_main(__doc__, measure, repeat=10)

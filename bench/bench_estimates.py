"""How far the kiosk's wait estimate is from the wait that followed, replayed day by day.

Run from the repository root: python -m bench.bench_estimates [--history-days 7] [--per-day 150]
    python -m bench.bench_estimates --quick      # one sample day, a short history (CI)
Replays, through the real queue engine on a virtual clock (server.engine.simulate), the sample
days of server/samples/days/ and days written by the demo history generator, and prints for
each day the estimate's error against the wait that followed (estimate − wait, over the
tickets called): mean and p50/p90 absolute error in minutes, the share within ±5 minutes, the
share under-estimated by more than 10 minutes, how often the wait fell inside the range
given, and the closing-time warnings given beside those needed (citizens not called before
closing), with how many were both. Two estimators side by side: "kiosk", what the
kiosk, the slip and the phone page show today (payloads.position_of), and "baseline", the
first formula, ceil(ahead / open counters) × average of the last 20 services, kept to compare.
"""

import argparse
import math
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from server.db import make_engine, make_session_factory
from server.demo_history import generate_history
from server.engine.day_files import read_arrivals, read_counters, summarise
from server.engine.day_history import history_day
from server.engine.simulate import simulate_day
from server.engine.snapshot import average_service_s, open_counters_for, waiting_ahead
from server.models import Base, Site
from server.simulation import kiosk_estimator

DAYS = Path(__file__).resolve().parent.parent / "server" / "samples" / "days"
MONDAY = date(2026, 11, 23)  # the sample files' day: a Monday
TODAY = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # the demo history is written before this


def baseline_estimate(session, ticket):
    """The first estimate: ceil(ahead / open counters) × average of the last 20 services."""
    ahead = waiting_ahead(session, ticket)
    if ahead == 0:
        return 0, 0
    counters = max(open_counters_for(session, ticket.service), 1)
    return ahead, int(math.ceil(ahead / counters) * average_service_s(session, ticket.service))


def sample_days():
    """Yield (name, arrivals, desks, fields, day) for each sample file pair."""
    for path in sorted(DAYS.glob("*.arrivals.csv")):
        name = path.name.removesuffix(".arrivals.csv")
        counters = path.with_name(f"{name}.counters.csv")
        yield (name, read_arrivals(path.read_text(encoding="utf-8")),
               read_counters(counters.read_text(encoding="utf-8")), None, MONDAY)


def history_days(days: int, per_day: int, seed: int):
    """Yield the demo generator's days of one commune-level site, read back as files."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'history.sqlite3'}")
        Base.metadata.create_all(engine)
        with make_session_factory(engine)() as session:
            generate_history(session, 1, days, per_day, seed, now=TODAY)
            session.commit()
            site = session.scalars(select(Site)).first()
            first = TODAY.date().toordinal() - days
            for ordinal in range(first, TODAY.date().toordinal()):
                day = date.fromordinal(ordinal)
                arrivals, desks, fields, _tickets = history_day(session, site, day)
                if arrivals:
                    yield f"history {day:%d/%m}", arrivals, desks, fields, day
        engine.dispose()


def measure(arrivals, desks, fields, day, estimate) -> dict:
    outcomes = simulate_day(arrivals, desks, day=day, fields=fields, estimate=estimate())
    summary = summarise(outcomes)
    summary["warned"] = sum(1 for row in outcomes if row.warned_closing)
    summary["warned_rightly"] = sum(1 for row in outcomes
                                    if row.warned_closing and row.called_at is None)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history-days", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="one sample day and three days of 40 tickets")
    args = parser.parse_args()
    if args.quick:
        args.history_days, args.per_day = 3, 40
    # Made afresh for each day: a day's learned pace must not leak into the next.
    estimators = {"kiosk": kiosk_estimator, "baseline": lambda: baseline_estimate}
    print("| day | tickets | estimator | mean abs. error | p50 | p90 | within ±5 min | "
          "under by >10 min | within range | closing warnings given / needed (both) |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    samples = list(sample_days())[:1] if args.quick else list(sample_days())
    days = [*samples, *history_days(args.history_days, args.per_day, args.seed)]
    for name, arrivals, desks, fields, day in days:
        for label, estimate in estimators.items():
            s = measure(arrivals, desks, fields, day, estimate)
            # The first formula gives one figure: no range to fall in.
            in_range = f"{s['in_range']:.0%}" if label == "kiosk" else "–"
            print(f"| {name} | {s['tickets']} | {label} | {s['error_mean_s'] / 60:.1f} min | "
                  f"{s['error_p50_s'] / 60:.1f} | {s['error_p90_s'] / 60:.1f} | "
                  f"{s['within_5min']:.0%} | {s['under_10min']:.0%} | {in_range} | "
                  f"{s['warned']} / {s['not_called']} ({s['warned_rightly']}) |", flush=True)


if __name__ == "__main__":
    main()

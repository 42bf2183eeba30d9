"""Booking opens and a province arrives at once: 2,000 booking attempts for 100 places from
200 concurrent clients, on PostgreSQL with two server processes, beside a plain ticket-issue
run of the same shape in the same run.

Passes when exactly 100 bookings are made, no answer is a 5xx, and p99 is under 1 s.
Run from the repository root: python -m bench.bench_booking [--quick]
"""

import asyncio
import random
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta

import aiohttp
from sqlalchemy import select

from server.engine.days import VIETNAM
from server.models import Service, Site
from tests.appointments.support import make_bookable
from tests.support.visits import database

from .harness import latency_line, servers, sizes

LIMITS = {"QMS_BOOKING_RATE_LIMIT": "1000000/1", "QMS_BOOKING_PHONE_LIMIT": "1000000/1",
          "QMS_BOOKING_SITE_RATE_LIMIT": "1000000/1"}
SERVICES = ["DD", "XD", "DKKD", "CDCS", "CT", "HT"]


async def _client(session, urls, attempts, statuses, durations, request_of):
    for _ in range(attempts):
        method, url, body, headers = request_of(random.choice(urls))
        start = time.perf_counter()
        async with session.request(method, url, json=body, headers=headers) as response:
            await response.read()
            statuses.append(response.status)
        durations.append(time.perf_counter() - start)


async def burst(urls, clients, attempts, request_of):
    """``clients`` at once, each making ``attempts`` requests to either server."""
    statuses, durations = [], []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients)) as session:
        start = time.perf_counter()
        await asyncio.gather(*(_client(session, urls, attempts, statuses, durations, request_of)
                               for _ in range(clients)))
        return statuses, durations, time.perf_counter() - start


def _open_slot(centre, places: int) -> str:
    """Make land (DD) bookable with ``places`` a slot; return the next slot's start."""
    make_bookable(centre, places=places)
    with database(centre) as session:
        service = session.scalar(select(Service).join(Site).where(
            Site.code == "TPBK", Service.code == "DD"))
        service.default_service_s = 1  # the counters' share never caps the places here
    # The next slot, not the one under way: it stays open for the whole burst.
    now = datetime.now(VIETNAM)
    current = now.replace(minute=(now.minute // 15) * 15, second=0, microsecond=0)
    return (current + timedelta(minutes=15)).isoformat()


def main() -> None:
    args = sizes(__doc__, "a small burst, for CI", attempts=(2000, 200), places=(100, 20),
                 clients=(200, 20))
    per_client = args.attempts // args.clients
    with servers(count=2, database="postgresql", extra_env=LIMITS) as (centre, started):
        start = _open_slot(centre, args.places)
        token = centre.add_device("kiosk", "Máy lấy số đo tải")
        urls = [server.url for server in started]
        phones = iter(range(10**8))

        def booking(base):
            body = {"service": "DD", "start": start, "name": "Công dân",
                    "phone": f"09{next(phones):08d}"}
            return "POST", base + "/api/v1/appointments", body, {}

        def ticket(base):
            body = {"service": random.choice(SERVICES), "request_id": uuid.uuid4().hex}
            return "POST", base + "/api/v1/tickets", body, {"Authorization": f"Bearer {token}"}

        asyncio.run(burst(urls, 20, 2, ticket))  # warm-up: connections, caches
        booked = asyncio.run(burst(urls, args.clients, per_client, booking))
        issued = asyncio.run(burst(urls, args.clients, per_client, ticket))
    print(f"booking burst: {args.clients * per_client} attempts for {args.places} places, "
          f"{args.clients} concurrent clients, postgresql, 2 processes")
    for name, (answers, durations, wall) in (("book (201 or 409 slot_full)", booked),
                                             ("issue ticket (same shape)", issued)):
        print(latency_line(name, durations, wall))
        print("    statuses:", dict(sorted(Counter(answers).items())))
    statuses = booked[0]
    made, full = statuses.count(201), statuses.count(409)
    errors = sum(status >= 500 for status in statuses) + sum(s >= 500 for s in issued[0])
    p99 = sorted(booked[1])[min(len(booked[1]) - 1, round(0.99 * (len(booked[1]) - 1)))]
    print(f" bookings made: {made} (target exactly {args.places}); refused full: {full}; "
          f"other: {len(statuses) - made - full}; 5xx: {errors}; booking p99 "
          f"{1000 * p99:.0f} ms (target < 1000 ms)")
    ok = made == args.places and errors == 0 and p99 < 1.0
    print(" result:", "PASS" if ok else "FAIL")


if __name__ == "__main__":
    main()

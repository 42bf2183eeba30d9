"""Ticket issue throughput and latency from 100 concurrent kiosks, beside a bare
insert + commit endpoint on the same server, measured in the same run.

Run from the repository root: python -m bench.bench_issue [--quick] [--database postgresql]
"""

import argparse
import asyncio
import random
import time
import uuid

import aiohttp

from .harness import latency_line, servers


async def _kiosk(session, url, token, count, interval_s, durations, body_of):
    headers = {"Authorization": f"Bearer {token}"}
    # Paced kiosks start at random phases, as real ones do, rather than in lockstep bursts.
    next_at = time.perf_counter() + random.uniform(0, interval_s or 0)
    for _ in range(count):
        if interval_s:
            next_at += interval_s
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        start = time.perf_counter()
        async with session.post(url, json=body_of(), headers=headers) as response:
            answer = await response.read()
            if response.status != 201:
                raise RuntimeError(f"{url} answered {response.status}: {answer[:200]!r}")
        durations.append(time.perf_counter() - start)


async def run_phase(url, token, clients, per_client, rate=None, body_of=dict):
    """``clients`` kiosks on keep-alive connections; closed loop, or paced to ``rate``/s."""
    durations: list[float] = []
    interval = clients / rate if rate else None
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()
        await asyncio.gather(*(_kiosk(session, url, token, per_client, interval, durations,
                                      body_of) for _ in range(clients)))
        return durations, time.perf_counter() - start


SERVICES = ["DD", "XD", "DKKD", "CDCS", "CT", "HT"]  # spread: each has ~999 numbers a day


def ticket_body():
    return {"service": random.choice(SERVICES), "request_id": uuid.uuid4().hex}


async def measure(base, token, args):
    issue_url, baseline_url = base + "/api/v1/tickets", base + "/bench/insert"
    await run_phase(baseline_url, token, args.clients, 3)  # warm-up: connections, caches
    await run_phase(issue_url, token, args.clients, 3, body_of=ticket_body)
    results = {}
    for name, url, body in (("baseline insert+commit", baseline_url, dict),
                            ("issue ticket", issue_url, ticket_body)):
        results[name, "closed"] = await run_phase(url, token, args.clients, args.requests,
                                                  body_of=body)
        results[name, "paced"] = await run_phase(url, token, args.clients, args.paced,
                                                 rate=args.rate, body_of=body)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=30, help="per client, closed loop")
    parser.add_argument("--paced", type=int, default=10, help="per client, at --rate")
    parser.add_argument("--rate", type=float, default=50.0, help="total req/s, paced phase")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--async-mode", choices=["eventlet", "gevent", "threading"])
    parser.add_argument("--with-printer", action="store_true",
                        help="issue from the demo kiosk, whose slips the spooler renders to PNG "
                        "in the same process (by default a kiosk without a printer: slip "
                        "rendering is measured by bench_printing)")
    parser.add_argument("--quick", action="store_true", help="a few requests, for CI")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.requests, args.paced, args.rate = 20, 5, 3, 50.0
    with servers(database=args.database, async_mode=args.async_mode) as (centre, (server,)):
        token = (centre.tokens["kiosk"] if args.with_printer
                 else centre.add_device("kiosk", "Máy lấy số đo tải"))
        results = asyncio.run(measure(server.url, token, args))
        mode = server.async_mode
    printer = "with a preview:// printer" if args.with_printer else "no printer"
    print(f"ticket issue, {args.clients} concurrent kiosks, {args.database}, {mode}, {printer}")
    for phase, title in (("closed", "closed loop (as fast as answered)"),
                         ("paced", f"paced at {args.rate:g} req/s in total")):
        print(f" {title}:")
        for name in ("baseline insert+commit", "issue ticket"):
            durations, wall = results[name, phase]
            print(latency_line(name, durations, wall))
    base_n, base_wall = results["baseline insert+commit", "closed"]
    issue_n, issue_wall = results["issue ticket", "closed"]
    ratio = (len(issue_n) / issue_wall) / (len(base_n) / base_wall)
    print(f" issue throughput / baseline throughput: {ratio:.2f} (target >= 0.7)")


if __name__ == "__main__":
    main()

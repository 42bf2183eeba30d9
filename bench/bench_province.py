"""Live load of a province on one server: call → TV latency, memory and CPU under the province's
shape, on one process and on two via Redis, beside the worst case of one crowded room.

The shape: 100 commune sites, 1,000 TVs (10 a site) and 200 clerk consoles connected, each
counter finishing and calling about every 2 minutes, kiosks issuing 5 tickets a second across
the sites, a manager's dashboard open at every site. The worst case: 1,000 TVs in one site's
room and a finish before every call. The clients are bare WebSockets in this process, whose
own CPU is reported beside the servers'.

Run from the repository root: python -m bench.bench_province [--quick] [--duration 180]
"""

import argparse
import asyncio
import os
import random
import resource
import time
from dataclasses import dataclass

import aiohttp

from .harness import latency_line, percentile, rss_mib, servers
from .province_clients import Console, Dashboard, Http, Socket, Tally, Tv
from .province_setup import FIELDS, ProvinceSite, provision_province

P99_TARGET_MS, RSS_TARGET_MIB = 100, 300


@dataclass
class Shape:
    """How big the province is and how hard it works."""

    sites: int
    tvs: int
    counters: int
    duration_s: float
    call_every_s: float
    issue_rate: float
    audio: bool = True


@dataclass
class Call:
    site: str
    number: str
    sent: float


class Province:
    """Every client of the province, spread round-robin over the servers."""

    def __init__(self, http: Http, urls: list[str], sites: list[ProvinceSite], audio: bool):
        self.http, self.sites = http, sites
        spread = iter(range(10**9))

        def url() -> str:
            return urls[next(spread) % len(urls)]

        self.tvs = {site.code: [Tv(http, url(), site.code, token, audio=audio)
                                for token in site.tv_tokens] for site in sites}
        self.consoles = {site.code: [Console(http, url(), desk.number, desk.clerk_token)
                                     for desk in site.desks] for site in sites}
        self.dashboards = [Dashboard(http, url(), site.manager_token) for site in sites]
        self.kiosks = {site.code: (url(), site.kiosk_token) for site in sites}
        self.kiosk_sockets = [Socket(http.http, kiosk_url, "/kiosk", token, lambda *_: None)
                              for kiosk_url, token in self.kiosks.values()]
        self.calls: list[Call] = []
        self.background: set[asyncio.Task] = set()

    def sockets(self) -> list[Socket]:
        return ([tv.socket for tvs in self.tvs.values() for tv in tvs]
                + [console.socket for consoles in self.consoles.values() for console in consoles]
                + [dashboard.socket for dashboard in self.dashboards] + self.kiosk_sockets)

    async def connect(self, batch: int = 50) -> None:
        every = self.sockets()
        for first in range(0, len(every), batch):
            await asyncio.gather(*(socket.connect() for socket in every[first:first + batch]))

    async def issue(self, site: str) -> None:
        kiosk_url, token = self.kiosks[site]
        await self.http.request("kiosk issue", "POST", kiosk_url + "/api/v1/tickets", token,
                                {"service": random.choice(FIELDS)[0]})

    async def open_counters(self, tickets_each: int) -> None:
        """Open every counter and give each a few citizens waiting before the clock starts."""
        consoles = [console for group in self.consoles.values() for console in group]
        await asyncio.gather(*(console.post("open") for console in consoles))
        for site, group in self.consoles.items():
            await asyncio.gather(*(self.issue(site) for _ in range(tickets_each * len(group))))

    async def kiosks_issue(self, rate: float, stop: asyncio.Event) -> None:
        """Issue ``rate`` tickets a second (Poisson arrivals) at random sites, open loop."""
        codes = list(self.kiosks)
        while not stop.is_set():
            await asyncio.sleep(random.expovariate(rate))
            self._spawn(self.issue(random.choice(codes)))

    async def desk(self, site: str, console: Console, every_s: float, stop: asyncio.Event,
                   first_delay_s: float) -> None:
        """Finish the citizen at the desk, then call the next, about every ``every_s``."""
        await asyncio.sleep(first_delay_s)
        while not stop.is_set():
            if console.serving:
                await console.post("finish")
            sent = time.perf_counter()
            called = await console.post("call-next")
            console.serving = called is not None
            if called is not None:
                self.calls.append(Call(site, called["number"], sent))
            await asyncio.sleep(every_s * random.uniform(0.75, 1.25))

    def _spawn(self, work) -> None:
        task = asyncio.create_task(work)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def close(self) -> None:
        """Close every socket, so no event starts more work, then let the work under way end."""
        await asyncio.gather(*(socket.close() for socket in self.sockets()))
        await asyncio.gather(*self.background,
                             *(tv.settle() for tvs in self.tvs.values() for tv in tvs),
                             *(console.settle() for group in self.consoles.values()
                               for console in group),
                             *(dashboard.settle() for dashboard in self.dashboards))

    def call_latencies(self) -> tuple[list[float], int]:
        """Return every call → TV delay, and how many TVs never heard a call they should have."""
        latencies, missed = [], 0
        for call in self.calls:
            heard = self.http.tally.heard.get((call.site, call.number), [])
            latencies += [at - call.sent for at in heard]
            missed += len(self.tvs[call.site]) - len(heard)
        return latencies, missed


class Meter:
    """Server RSS (idle, peak) and CPU, generator CPU and the machine's load over a window."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.idle = {pid: rss_mib(pid) for pid in pids}
        self.peak = dict(self.idle)

    def start(self) -> None:
        self.load_start = os.getloadavg()
        self.wall = time.perf_counter()
        self.server_cpu = {pid: _cpu_s(pid) for pid in self.pids}
        self.own_cpu = _own_cpu_s()

    async def sample(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_mib(pid))
            await asyncio.sleep(1.0)

    def stop(self) -> None:
        self.wall = time.perf_counter() - self.wall
        self.server_cpu = {pid: _cpu_s(pid) - cpu for pid, cpu in self.server_cpu.items()}
        self.own_cpu = _own_cpu_s() - self.own_cpu
        self.load_end = os.getloadavg()

    def lines(self, ports: dict[int, int]) -> list[str]:
        share = 100 / self.wall
        rows = [f"  server :{ports[pid]} RSS {self.idle[pid]:.0f} MiB connected → peak "
                f"{self.peak[pid]:.0f} MiB (target ≤ {RSS_TARGET_MIB}: "
                f"{_verdict(self.peak[pid] <= RSS_TARGET_MIB)}); CPU {cpu:.1f} s = "
                f"{cpu * share:.0f} % of a core" for pid, cpu in self.server_cpu.items()]
        return rows + [
            f"  load generator (this process) CPU {self.own_cpu:.1f} s = "
            f"{self.own_cpu * share:.0f} % of a core, over {self.wall:.0f} s",
            f"  load average (1 min) {self.load_start[0]:.2f} at start → "
            f"{self.load_end[0]:.2f} at end; {os.cpu_count()} cores"]


def _cpu_s(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _call_lines(latencies: list[float], calls: int, missed: int) -> list[str]:
    if not latencies:
        return ["  no call reached a TV"]
    p99 = 1000 * percentile(latencies, 0.99)
    return [latency_line("call → TV", latencies),
            f"  {calls} calls; TVs that missed a call: {missed}; "
            f"p99 target ≤ {P99_TARGET_MS} ms: {_verdict(p99 <= P99_TARGET_MS)}"]


def _request_lines(tally: Tally, wall_s: float) -> list[str]:
    rows = [latency_line(label, seconds, wall_s) for label, seconds in sorted(
        tally.requests.items())]
    rows += [f"  errors: {count} × {what}" for what, count in sorted(tally.errors.items())]
    return rows


async def province_run(label: str, sites: list[ProvinceSite], live, shape: Shape) -> None:
    """Connect the province, run its shape for the duration, print what it saw."""
    tally = Tally()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        province = Province(Http(session, tally), [server.url for server in live], sites,
                            shape.audio)
        await province.connect()
        await province.open_counters(tickets_each=2)
        tally.requests.clear()
        meter, stop = Meter([server.process.pid for server in live]), asyncio.Event()
        meter.start()
        workers = [asyncio.create_task(meter.sample(stop)),
                   asyncio.create_task(province.kiosks_issue(shape.issue_rate, stop))]
        workers += [asyncio.create_task(tv.beat(stop))
                    for tvs in province.tvs.values() for tv in tvs]
        workers += [asyncio.create_task(province.desk(
            site, console, shape.call_every_s, stop, random.uniform(0, shape.call_every_s)))
            for site, consoles in province.consoles.items() for console in consoles]
        await asyncio.sleep(shape.duration_s)
        stop.set()
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await asyncio.sleep(2.0)  # the last calls' messages and refetches arrive
        meter.stop()
        latencies, missed = province.call_latencies()
        dropped = sum(socket.ws.closed for socket in province.sockets())
        await province.close()
    tvs = sum(len(site.tv_tokens) for site in sites)
    desks = sum(len(site.desks) for site in sites)
    print(f" {label}: {len(sites)} sites, {tvs} TVs, {desks} consoles, {len(sites)} dashboards "
          f"and {len(sites)} kiosks; {shape.issue_rate:g} tickets/s, each counter every "
          f"~{shape.call_every_s:g} s, {shape.duration_s:g} s, TV audio "
          f"{'fetched' if shape.audio else 'not fetched'}")
    for line in (_call_lines(latencies, len(province.calls), missed)
                 + [f"  sockets the servers closed during the run: {dropped}"]
                 + _request_lines(tally, meter.wall)
                 + meter.lines({server.process.pid: server.port for server in live})
                 + _log_lines(live)):
        print(line)


def _log_lines(live) -> list[str]:
    """The servers' warnings and errors: a figure means little beside a failing server."""
    rows = []
    for server in live:
        problems = [line for line in server.log().splitlines()
                    if " WARNING " in line or " ERROR " in line]
        rows += [f"  server :{server.port} log: {line[:200]}" for line in problems[-5:]]
    return rows


async def crowded_room(site: ProvinceSite, live, calls: int) -> None:
    """One site's room of TVs; a finish, then a call, one after another."""
    tally = Tally()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        province = Province(Http(session, tally), [server.url for server in live], [site],
                            audio=False)
        await province.connect()
        await province.open_counters(tickets_each=calls)
        meter = Meter([server.process.pid for server in live])
        meter.start()
        console = province.consoles[site.code][0]
        for index in range(calls):
            if index:
                await console.post("finish")
            sent = time.perf_counter()
            called = await console.post("call-next")
            if called is None:  # counted among the errors printed below
                continue
            province.calls.append(Call(site.code, called["number"], sent))
            deadline = time.perf_counter() + 10
            while (len(tally.heard.get((site.code, called["number"]), ())) < len(site.tv_tokens)
                   and time.perf_counter() < deadline):
                await asyncio.sleep(0.002)
        meter.stop()
        latencies, missed = province.call_latencies()
        await province.close()
    print(f" worst case, {label_of(live)}: {len(site.tv_tokens)} TVs in one site's room, "
          f"a finish before each of {calls} calls, nothing else running")
    for line in (_call_lines(latencies, calls, missed)
                 + [f"  errors: {count} × {what}" for what, count in sorted(tally.errors.items())]
                 + meter.lines({server.process.pid: server.port for server in live})):
        print(line)


def label_of(live) -> str:
    count = "one process" if len(live) == 1 else f"{len(live)} processes via Redis"
    return f"{count} ({live[0].async_mode})"


def scenario(shape: Shape, count: int, database: str, redis_url: str | None,
             crowded: tuple[int, int] | None) -> None:
    """Start ``count`` servers on a fresh province, run its shape, then the crowded room."""
    made: dict[str, list[ProvinceSite]] = {}

    def prepare(centre) -> None:
        made["province"] = provision_province(centre, shape.sites, shape.tvs, shape.counters)
        if crowded is not None:
            made["room"] = provision_province(centre, 1, crowded[0], 1, prefix="PHONG")

    env = {"QMS_CALL_DEBOUNCE_S": "0"}
    with servers(count, database, redis_url, extra_env=env, prepare=prepare) as (_centre, live):
        asyncio.run(province_run(f"{label_of(live)}, {database}", made["province"], live, shape))
        if crowded is not None:
            asyncio.run(crowded_room(made["room"][0], live, crowded[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--tvs", type=int, default=1000)
    parser.add_argument("--counters", type=int, default=200)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of load")
    parser.add_argument("--call-every", type=float, default=120.0, help="seconds, per counter")
    parser.add_argument("--issue-rate", type=float, default=5.0, help="tickets a second")
    parser.add_argument("--no-audio", action="store_true", help="TVs skip the call audio")
    parser.add_argument("--room-tvs", type=int, default=1000, help="worst case: TVs in one room")
    parser.add_argument("--room-calls", type=int, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="for the one-process run; two processes always use PostgreSQL")
    parser.add_argument("--only", choices=["one", "two"], help="run one scenario only")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--quick", action="store_true", help="a small province for CI")
    args = parser.parse_args()
    if args.quick:
        args.sites, args.tvs, args.counters, args.duration = 6, 60, 12, 15.0
        args.call_every, args.issue_rate, args.room_tvs, args.room_calls = 5.0, 2.0, 100, 3
    shape = Shape(args.sites, args.tvs, args.counters, args.duration, args.call_every,
                  args.issue_rate, audio=not args.no_audio)
    crowded = (args.room_tvs, args.room_calls) if args.room_calls else None
    print("province live load")
    if args.only != "two":
        scenario(shape, 1, args.database, None, crowded)
    if args.only != "one":
        scenario(shape, 2, "postgresql", args.redis, crowded)


if __name__ == "__main__":
    main()

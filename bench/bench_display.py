"""Call → display latency with many display sockets, on one process and across two processes
through Redis; and the server's memory with those sockets connected.

Run from the repository root: python -m bench.bench_display [--quick] [--sockets 1000]
"""

import argparse
import asyncio
import json
import time

import aiohttp

from .harness import latency_line, rss_mib, servers

COUNTER = 10  # serves every service in the demo centre


CALLED = '42/display,["ticket_called",'


class Displays:
    """Display sockets spread over servers; each notes when it hears each call.

    They speak the Engine.IO/Socket.IO wire protocol directly over aiohttp WebSockets and
    decode only ``ticket_called``: a full Socket.IO client per socket would make the
    measuring process, not the server, the bottleneck with a thousand of them.
    """

    def __init__(self):
        self.sockets: list[aiohttp.ClientWebSocketResponse] = []
        self.readers: list[asyncio.Task] = []
        self.heard: dict[str, list[float]] = {}

    async def connect(self, http, urls: list[str], token: str, count: int, batch: int = 50):
        for first in range(0, count, batch):
            await asyncio.gather(*(self._connect_one(http, urls[i % len(urls)], token)
                                   for i in range(first, min(count, first + batch))))

    async def _connect_one(self, http, url: str, token: str):
        ws = await http.ws_connect(url + "/socket.io/?EIO=4&transport=websocket")
        opened = await ws.receive_str()
        assert opened.startswith("0"), opened
        await ws.send_str("40/display," + json.dumps({"token": token}))
        while not (await ws.receive_str()).startswith("40/display,"):
            pass
        self.sockets.append(ws)
        self.readers.append(asyncio.create_task(self._read(ws)))

    async def _read(self, ws):
        async for message in ws:
            data = message.data
            if data == "2":
                await ws.send_str("3")
            elif data.startswith(CALLED):
                received = time.perf_counter()
                number = json.loads(data[len("42/display,"):])[1]["number"]
                self.heard.setdefault(number, []).append(received)

    async def wait_all(self, number: str, timeout: float = 10.0) -> list[float]:
        deadline = time.perf_counter() + timeout
        while len(self.heard.get(number, ())) < len(self.sockets):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"only {len(self.heard.get(number, ()))} displays heard "
                                   f"{number}")
            await asyncio.sleep(0.002)
        return self.heard[number]

    async def close(self):
        await asyncio.gather(*(ws.close() for ws in self.sockets))
        for reader in self.readers:
            reader.cancel()


async def _post(http, url, token, body=None):
    async with http.post(url, json=body or {},
                         headers={"Authorization": f"Bearer {token}"}) as response:
        answer = await response.json()
        if response.status >= 300:
            raise RuntimeError(f"{url} answered {response.status}: {answer}")
        return answer


async def measure(centre, urls, sockets, calls):
    """Connect the displays, then time each call from the request to every display."""
    displays, latencies = Displays(), []
    # limit=0: each display holds its connection for good, past aiohttp's default pool of 100
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        await displays.connect(http, urls, centre.tokens["display"], sockets)
        token = (await _post(http, urls[0] + "/api/v1/auth/token",
                             None, {"username": f"quay{COUNTER}",
                                    "password": centre.password}))["token"]
        for _ in range(calls):
            await _post(http, urls[0] + "/api/v1/tickets", centre.tokens["kiosk"],
                        {"service": "DD"})
        await _post(http, f"{urls[0]}/api/v1/counters/{COUNTER}/open", token)
        for _ in range(calls):
            start = time.perf_counter()
            called = await _post(http, f"{urls[0]}/api/v1/counters/{COUNTER}/call-next", token)
            latencies += [heard - start for heard in await displays.wait_all(called["number"])]
        await displays.close()
    return latencies


async def scenario(label, centre, live, sockets, calls):
    before = [rss_mib(server.process.pid) for server in live]
    latencies = await measure(centre, [s.url for s in live], sockets, calls)
    after = [rss_mib(server.process.pid) for server in live]
    print(f" {label}: {sockets} display sockets, {calls} calls")
    print(latency_line("call → every display", latencies))
    for server, rss_before, rss_after in zip(live, before, after, strict=True):
        print(f"  server :{server.port} ({server.async_mode}) RSS {rss_before:.0f} MiB idle → "
              f"{rss_after:.0f} MiB with {sockets // len(live)} sockets "
              f"({1024 * (rss_after - rss_before) / max(1, sockets // len(live)):.0f} KiB each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--quick", action="store_true", help="200 sockets, 5 calls, for CI")
    args = parser.parse_args()
    if args.quick:
        args.sockets, args.calls = 200, 5
    env = {"QMS_CALL_DEBOUNCE_S": "0"}
    print("call → display latency")
    with servers(1, extra_env=env) as (centre, live):
        asyncio.run(scenario("one process (SQLite)", centre, live, args.sockets, args.calls))
    with servers(2, "postgresql", args.redis, extra_env=env) as (centre, live):
        asyncio.run(scenario("two processes via Redis (PostgreSQL)", centre, live,
                             args.sockets, args.calls))


if __name__ == "__main__":
    main()

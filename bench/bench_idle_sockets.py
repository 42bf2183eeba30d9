"""Kiosk issue and TV call latency with 2,000 idle anonymous Engine.IO sockets held open,
against a baseline with none, in the same run and on the same server.

The idle sockets open the Engine.IO handshake, join no namespace and answer every ping, from
ten loopback addresses (200 each, the per-address cap). Their grace is set long for the run,
so this measures what holding them costs, up to the share of slots anonymous sockets may take
(QMS_SOCKET_ANONYMOUS_SHARE × QMS_MAX_CONNECTIONS = 2,000); with the default 10 s grace the
server closes them all, which the last line checks.

Run from the repository root: python -m bench.bench_idle_sockets [--quick] [--idle 2000]
"""

import asyncio
import time

import aiohttp

from .bench_display import COUNTER, Displays, _post
from .harness import latency_line, rss_mib, servers, sizes

ADDRESSES = [f"127.0.0.{n}" for n in range(2, 12)]
TVS = 10


async def _idle(http, url: str) -> aiohttp.ClientWebSocketResponse:
    ws = await http.ws_connect(url + "/socket.io/?EIO=4&transport=websocket")
    await ws.receive_str(timeout=30)
    return ws


async def _answer_pings(ws) -> None:
    async for message in ws:
        if message.data == "2":
            await ws.send_str("3")


async def open_idle(url: str, count: int, stack: list) -> list:
    """Open ``count`` idle sockets spread over the loopback addresses; keep them alive."""
    sockets = []
    for index, address in enumerate(ADDRESSES):
        share = count // len(ADDRESSES) + (index < count % len(ADDRESSES))
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(
            limit=0, local_addr=(address, 0)))
        stack.append(http)
        for first in range(0, share, 50):
            batch = await asyncio.gather(*(_idle(http, url)
                                           for _ in range(first, min(share, first + 50))))
            sockets += batch
    readers = [asyncio.create_task(_answer_pings(ws)) for ws in sockets]
    return sockets, readers


async def measure(centre, url: str, http, displays: Displays, token: str, rounds: int):
    """Issue ``rounds`` tickets then call them; time each issue and each call → every TV."""
    issues, calls = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        await _post(http, url + "/api/v1/tickets", centre.tokens["kiosk"], {"service": "DD"})
        issues.append(time.perf_counter() - start)
    for _ in range(rounds):
        start = time.perf_counter()
        called = await _post(http, f"{url}/api/v1/counters/{COUNTER}/call-next", token)
        calls += [heard - start for heard in await displays.wait_all(called["number"])]
    return issues, calls


async def run(centre, server, idle: int, rounds: int) -> None:
    url = server.url
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        displays = Displays()
        await displays.connect(http, [url], centre.tokens["display"], TVS)
        token = (await _post(http, url + "/api/v1/auth/token", None, {
            "username": f"quay{COUNTER}", "password": centre.password}))["token"]
        await _post(http, f"{url}/api/v1/counters/{COUNTER}/open", token)
        rss = rss_mib(server.process.pid)
        issues, calls = await measure(centre, url, http, displays, token, rounds)
        print(f" baseline: 0 idle sockets, {TVS} TVs, RSS {rss:.0f} MiB")
        print(latency_line("kiosk issue (POST /api/v1/tickets)", issues))
        print(latency_line("call next → TV hears ticket_called", calls))
        sessions: list = []
        opened = time.perf_counter()
        sockets, readers = await open_idle(url, idle, sessions)
        print(f" {len(sockets)} idle anonymous sockets opened in "
              f"{time.perf_counter() - opened:.1f} s, RSS {rss_mib(server.process.pid):.0f} MiB")
        issues, calls = await measure(centre, url, http, displays, token, rounds)
        print(latency_line("kiosk issue (POST /api/v1/tickets)", issues))
        print(latency_line("call next → TV hears ticket_called", calls))
        still_open = sum(not ws.closed for ws in sockets)
        print(f"  idle sockets still open after the measurement: {still_open}")
        for ws in sockets:
            await ws.close()
        await asyncio.gather(*readers, return_exceptions=True)
        for session in sessions:
            await session.close()
        await displays.close()


async def closed_by_grace(server, count: int, grace_s: float) -> int:
    """Open ``count`` idle sockets on a server with the default grace; count those left."""
    sessions: list = []
    sockets, readers = await open_idle(server.url, count, sessions)
    await asyncio.sleep(grace_s + 3)
    left = sum(not ws.closed for ws in sockets)
    for ws in sockets:
        await ws.close()
    await asyncio.gather(*readers, return_exceptions=True)
    for session in sessions:
        await session.close()
    return left


def main() -> None:
    args = sizes(__doc__, "200 idle sockets, 20 rounds", idle=(2000, 200), rounds=(100, 20))
    held = {"QMS_CALL_DEBOUNCE_S": "0", "QMS_SOCKET_MAX_PER_ADDRESS": "200",
            "QMS_SOCKET_JOIN_GRACE_S": "600"}
    print("idle anonymous sockets vs kiosk and TV latency (one eventlet process, SQLite)")
    with servers(1, extra_env=held) as (centre, live):
        asyncio.run(run(centre, live[0], args.idle, args.rounds))
    with servers(1, extra_env={"QMS_SOCKET_MAX_PER_ADDRESS": "200"}) as (_centre, live):
        left = asyncio.run(closed_by_grace(live[0], args.idle, 10))
        print(f" default 10 s grace: {left} of {args.idle} idle sockets still open after 13 s")


if __name__ == "__main__":
    main()

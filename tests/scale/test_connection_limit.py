"""One process holds a province's sockets at once: more than eventlet's default of 1,024."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest

from tests.support.centre import provision_demo
from tests.support.server import LiveServer

pytestmark = pytest.mark.live

SOCKETS = 1100


async def _keep_alive(ws: aiohttp.ClientWebSocketResponse) -> None:
    async for message in ws:
        if message.data == "2":
            await ws.send_str("3")


async def _open_sockets(url: str, count: int) -> int:
    """Open ``count`` WebSockets and keep every one alive; count the Engine.IO handshakes.

    A server that cannot hold them all leaves the last ones unanswered while the first stay
    open, so they fail at the time-out instead of waiting for a slot that never frees.
    """
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                     timeout=timeout) as http:
        sockets, opened, readers = [], [], []
        for first in range(0, count, 100):
            batch = await asyncio.gather(*(
                http.ws_connect(url + "/socket.io/?EIO=4&transport=websocket")
                for _ in range(first, min(count, first + 100))))
            opened += await asyncio.gather(*(ws.receive_str(timeout=60) for ws in batch))
            readers += [asyncio.create_task(_keep_alive(ws)) for ws in batch]
            sockets += batch
        still_open = sum(not ws.closed for ws in sockets)
        await asyncio.gather(*(ws.close() for ws in sockets))
        await asyncio.gather(*readers, return_exceptions=True)
    assert still_open == count
    return sum(message.startswith("0{") for message in opened)


def _run_in_own_thread(coroutine):
    """``asyncio.run`` on a thread of its own: the browser tests' Playwright, alive for the
    whole run, keeps an event loop marked running on the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_eventlet_process_holds_more_than_1024_sockets(tmp_path):
    centre = provision_demo(tmp_path)
    # Bare Engine.IO sockets from one address: no per-address cap, no grace that closes them.
    server = LiveServer(centre.instance, async_mode="eventlet", env={
        "QMS_SOCKET_MAX_PER_ADDRESS": "0", "QMS_SOCKET_JOIN_GRACE_S": "600"}).start()
    try:
        assert _run_in_own_thread(_open_sockets(server.url, SOCKETS)) == SOCKETS
    finally:
        server.stop()


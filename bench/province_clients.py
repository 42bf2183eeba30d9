"""The province's screens and people as bare Socket.IO clients over aiohttp WebSockets.

Each does what its real page does on the wire, and nothing more: a TV takes the call, fetches
its audio and sends a heartbeat every 15 s; a clerk's console refetches its queue 150 ms after
the queue changes; a manager's dashboard refetches its numbers 250 ms after any staff event. A
full Socket.IO client per socket would make the measuring process, not the server, the
bottleneck with a thousand of them.
"""

import asyncio
import json
import random
import time
from collections.abc import Callable

import aiohttp

HEARTBEAT_S = 15.0  # display/static/js/main.js HEARTBEAT_MS
QUEUE_REFETCH_S = 0.15  # counter/static/console.js refreshQueue
DASHBOARD_REFETCH_S = 0.25  # dashboard/static/dashboard.js soon()


class Socket:
    """One Engine.IO 4 WebSocket joined to one Socket.IO namespace, with events and acks."""

    def __init__(self, http: aiohttp.ClientSession, url: str, namespace: str, token: str,
                 on_event: Callable[[str, object, float], None], auth: dict | None = None):
        self.http, self.url, self.namespace, self.token = http, url, namespace, token
        self.auth = {"token": token, **(auth or {})}
        self.on_event = on_event
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task | None = None
        self.acks: dict[int, asyncio.Future] = {}
        self.next_ack = 0

    async def connect(self) -> None:
        self.ws = await self.http.ws_connect(self.url + "/socket.io/?EIO=4&transport=websocket")
        opened = await self.ws.receive_str()
        if not opened.startswith("0"):
            raise RuntimeError(f"unexpected Engine.IO open: {opened[:80]}")
        prefix = f"40{self.namespace},"
        await self.ws.send_str(prefix + json.dumps(self.auth))
        while True:
            message = await self.ws.receive_str()
            if message.startswith(prefix):
                break
            if message.startswith(f"44{self.namespace},"):
                raise RuntimeError(f"{self.namespace} refused: {message[:200]}")
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        event_prefix, ack_prefix = f"42{self.namespace},", f"43{self.namespace},"
        async for message in self.ws:
            data = message.data
            if data == "2":
                await self.ws.send_str("3")
            elif data.startswith(event_prefix):
                received = time.perf_counter()
                name, *args = json.loads(data[len(event_prefix):])
                self.on_event(name, args[0] if args else None, received)
            elif data.startswith(ack_prefix):
                body = data[len(ack_prefix):]
                number, _, payload = body.partition("[")
                future = self.acks.pop(int(number), None)
                if future is not None and not future.done():
                    future.set_result(json.loads("[" + payload))

    async def call(self, event: str, payload: dict, timeout: float = 10.0) -> list:
        """Emit ``event`` and wait for the server's acknowledgement."""
        self.next_ack += 1
        future = asyncio.get_running_loop().create_future()
        self.acks[self.next_ack] = future
        await self.ws.send_str(f"42{self.namespace},{self.next_ack}"
                               + json.dumps([event, payload]))
        return await asyncio.wait_for(future, timeout)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()


class Debounced:
    """Run ``action`` once, ``delay`` seconds after the last of a burst of pokes."""

    def __init__(self, delay: float, action):
        self.delay, self.action = delay, action
        self.timer: asyncio.TimerHandle | None = None
        self.tasks: set[asyncio.Task] = set()

    def poke(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(self.delay, self._fire)

    async def settle(self) -> None:
        """Drop a pending run and wait for the ones under way."""
        if self.timer is not None:
            self.timer.cancel()
        await asyncio.gather(*self.tasks)

    def _fire(self) -> None:
        task = asyncio.create_task(self.action())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


class Tally:
    """What the load generator saw: when each TV heard each call, requests and their errors."""

    def __init__(self):
        self.heard: dict[tuple[str, str], list[float]] = {}
        self.requests: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}

    def hear(self, site: str, number: str, at: float) -> None:
        self.heard.setdefault((site, number), []).append(at)

    def took(self, label: str, seconds: float) -> None:
        self.requests.setdefault(label, []).append(seconds)

    def failed(self, label: str, detail: str) -> None:
        key = f"{label}: {detail}"
        self.errors[key] = self.errors.get(key, 0) + 1


class Http:
    """Timed bearer-token requests that count failures instead of raising them."""

    def __init__(self, http: aiohttp.ClientSession, tally: Tally):
        self.http, self.tally = http, tally

    async def request(self, label: str, method: str, url: str, token: str | None = None,
                      body: dict | None = None):
        """Send one request; return its JSON answer (None on failure, which is counted)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        start = time.perf_counter()
        try:
            async with self.http.request(method, url, json=body, headers=headers) as answer:
                content = await answer.read()
                is_json = answer.content_type == "application/json"
                if answer.status >= 300:
                    self.tally.failed(label, f"HTTP {answer.status} {_code(content, is_json)}")
                    return None
        except (TimeoutError, aiohttp.ClientError) as error:
            self.tally.failed(label, type(error).__name__)
            return None
        self.tally.took(label, time.perf_counter() - start)
        return json.loads(content) if is_json else None


def _code(content: bytes, is_json: bool) -> str:
    """The stable error code of an error answer, or the start of its body."""
    if is_json:
        error = json.loads(content).get("error")
        if isinstance(error, dict) and "code" in error:
            return error["code"]
    return repr(content[:80])


class Tv:
    """A waiting-room TV: notes each call it hears, plays its audio, beats every 15 s."""

    def __init__(self, http: Http, url: str, site: str, token: str, *, audio: bool):
        self.http, self.url, self.site, self.audio = http, url, site, audio
        # As display/static/js/main.js connects: a call's updates ride inside it.
        self.socket = Socket(http.http, url, "/display", token, self._event,
                             {"calls_carry_updates": True})
        self.fetches: set[asyncio.Task] = set()

    async def settle(self) -> None:
        await asyncio.gather(*self.fetches)

    def _event(self, name: str, payload, received: float) -> None:
        if name != "ticket_called":
            return
        self.http.tally.hear(self.site, payload["number"], received)
        if self.audio and payload.get("audio_url"):
            task = asyncio.create_task(self.http.request(
                "TV audio", "GET", self.url + payload["audio_url"]))
            self.fetches.add(task)
            task.add_done_callback(self.fetches.discard)

    async def beat(self, stop: asyncio.Event) -> None:
        await asyncio.sleep(random.uniform(0, HEARTBEAT_S))
        while not stop.is_set():
            start = time.perf_counter()
            try:
                await self.socket.call("heartbeat", {})
                self.http.tally.took("TV heartbeat (ack)", time.perf_counter() - start)
            except TimeoutError:
                self.http.tally.failed("TV heartbeat", "no ack in 10 s")
            await asyncio.sleep(HEARTBEAT_S)


class Console:
    """A clerk's console at one counter: refetches the counter's queue when it changes."""

    def __init__(self, http: Http, url: str, number: int, token: str):
        self.http, self.url, self.number, self.token = http, url, number, token
        self.refetch = Debounced(QUEUE_REFETCH_S, self._queue)
        self.socket = Socket(http.http, url, "/staff", token, self._event)
        self.serving = False

    async def settle(self) -> None:
        await self.refetch.settle()

    def _event(self, name: str, _payload, _received: float) -> None:
        if name in ("snapshot", "queue_changed"):
            self.refetch.poke()

    async def _queue(self):
        await self.http.request("console queue refetch", "GET",
                                f"{self.url}/api/v1/queue?counter={self.number}", self.token)

    async def post(self, action: str):
        return await self.http.request(f"clerk {action}", "POST",
                                       f"{self.url}/api/v1/counters/{self.number}/{action}",
                                       self.token, {})


class Dashboard:
    """A manager's dashboard: refetches the site's numbers after any staff event."""

    def __init__(self, http: Http, url: str, token: str):
        self.http, self.url, self.token = http, url, token
        self.refetch = Debounced(DASHBOARD_REFETCH_S, self._numbers)
        self.socket = Socket(http.http, url, "/staff", token, self._event)

    async def settle(self) -> None:
        await self.refetch.settle()

    def _event(self, name: str, _payload, _received: float) -> None:
        if name != "error":
            self.refetch.poke()

    async def _numbers(self):
        await self.http.request("dashboard refetch", "GET", f"{self.url}/api/v1/dashboard",
                                self.token)

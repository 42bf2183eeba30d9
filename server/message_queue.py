"""The Socket.IO message queue between processes, made to survive a Redis outage.

python-socketio's Redis manager uses pub/sub: a message published while a process is cut off
from Redis (or before it has resubscribed after a restart) is gone, so a call made then never
reaches the TVs connected to the other processes, and a citizen who is never announced becomes
a no-show. Here the processes share a Redis *stream* instead:

- a publish that fails goes to a backlog, which a background task appends to the stream, oldest
  first, once Redis answers again; later messages queue behind it, so order holds;
- each process reads the stream from the last entry it saw, so after any cut it catches up with
  everything it missed, each entry once (and never its own: python-socketio skips those), so
  nothing is announced twice;
- messages older than ``max_age_s`` are dropped on both sides: by then the screens have
  resynchronised from their snapshots, and a call announced minutes late would only confuse.
"""

import collections
import logging
import time

import redis
import socketio

log = logging.getLogger(__name__)

STREAM_LENGTH = 10_000  # entries kept in Redis: minutes of a province's busiest hour


class DurableRedisManager(socketio.RedisManager):
    """A client manager over a Redis stream; publishes wait out an outage, in order."""

    def __init__(self, url: str, *, channel: str, max_age_s: float, retry_s: float = 0.5,
                 max_backlog: int = 10_000):
        super().__init__(url, channel=channel)
        self.stream = f"{channel}:stream"
        self.max_age_s, self.retry_s = max_age_s, retry_s
        self.backlog: collections.deque = collections.deque(maxlen=max_backlog)
        self.flushing = False

    def _publish(self, data):
        if self.backlog or not self._try_append(data):
            self._hold(data)

    def _try_append(self, data, held_at: float | None = None) -> bool:
        try:
            if not self.connected:
                self._redis_connect()
            self.redis.xadd(self.stream, {"m": self.json.dumps(data),
                                          "t": repr(held_at or time.time())},
                            maxlen=STREAM_LENGTH, approximate=True)
            return True
        except redis.RedisError as error:
            self.connected = False
            log.warning("message queue unreachable (%s); holding screen news until it is back",
                        error)
            return False

    def _hold(self, data) -> None:
        if len(self.backlog) == self.backlog.maxlen:
            log.error("message queue backlog full; dropping its oldest message")
        self.backlog.append((time.time(), data))
        if not self.flushing:
            self.flushing = True
            self.server.start_background_task(self._flush_when_back)

    def _flush_when_back(self) -> None:
        try:
            while self.backlog:
                held_at, data = self.backlog[0]
                if time.time() - held_at > self.max_age_s:
                    self.backlog.popleft()
                elif self._try_append(data, held_at):
                    self.backlog.popleft()
                else:
                    self.server.sleep(self.retry_s)
            log.info("message queue back; held screen news sent")
        finally:
            self.flushing = False

    def _listen(self):
        reader, last_id, pause = None, None, self.retry_s
        while True:
            try:
                if reader is None:
                    reader = redis.Redis.from_url(self.redis_url, **self.redis_options)
                    last_id = last_id or _newest_id(reader, self.stream)
                entries = reader.xread({self.stream: last_id}, count=100, block=5000)
                pause = self.retry_s
            except redis.RedisError as error:
                log.warning("message queue listener cut off (%s); reconnecting", error)
                reader = None
                self.server.sleep(pause)
                pause = min(pause * 2, 5.0)
                continue
            for _stream, items in entries or ():
                for entry_id, fields in items:
                    last_id = entry_id
                    if time.time() - float(fields[b"t"]) <= self.max_age_s:
                        yield fields[b"m"]


def _newest_id(reader: redis.Redis, stream: str) -> bytes:
    """The id after which a process starting now reads: the stream's newest entry, or 0-0."""
    newest = reader.xrevrange(stream, count=1)
    return newest[0][0] if newest else b"0-0"

"""Per-device rate limits, so a stuck or abused kiosk cannot flood the queue.

One process keeps a token bucket in memory; several processes sharing a Redis message queue
count in Redis, so the limit holds for the centre and not once per process.
"""

import logging
import threading
import time
import uuid

import redis
from flask import current_app

log = logging.getLogger(__name__)


def make_limiter(spec: str, message_queue: str | None, channel: str):
    """Build the limiter for ``"30/60"``: in Redis when the processes share one, else local."""
    count, _, seconds = spec.partition("/")
    capacity, period_s = int(count), float(seconds or 60)
    if message_queue and message_queue.startswith(("redis://", "rediss://", "unix://")):
        return SharedRateLimiter(redis.Redis.from_url(message_queue), capacity, period_s,
                                 prefix=f"{channel}:rate")
    return RateLimiter(capacity, period_s)


def app_limiter(name: str, spec: str):
    """Return this app's limiter ``name`` for ``spec``, built once and shared by its requests."""
    extensions, config = current_app.extensions, current_app.config
    key = f"qms_limiter_{name}"
    if key not in extensions:
        extensions[key] = make_limiter(spec, config["MESSAGE_QUEUE"],
                                       f"{config['MESSAGE_QUEUE_CHANNEL']}:{name}")
    return extensions[key]


class RateLimiter:
    """Allow ``capacity`` events per ``period_s`` seconds per key, refilling continuously."""

    def __init__(self, capacity: int, period_s: float):
        self.capacity = capacity
        self.rate = capacity / period_s
        self._buckets: dict[object, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: object) -> bool:
        """Take one token for ``key``; False when the bucket is empty."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.capacity), now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            return True


# A sliding window, atomically: drop events older than the period, refuse when full.
_SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return 1
"""


class SharedRateLimiter:
    """Allow ``capacity`` events in any ``period_s`` seconds per key, counted in Redis."""

    def __init__(self, client: redis.Redis, capacity: int, period_s: float, prefix: str):
        self.capacity, self.period_s, self.prefix = capacity, period_s, prefix
        self._script = client.register_script(_SLIDING_WINDOW)

    def allow(self, key: object) -> bool:
        """Count one event for ``key``; False when the last ``period_s`` is already full.

        If Redis cannot be reached the event is allowed: a citizen's ticket matters more
        than the limit, and the outage is logged.
        """
        member = f"{time.time()!r}:{uuid.uuid4().hex}"
        try:
            allowed = self._script(keys=[f"{self.prefix}:{key}"],
                                   args=[time.time(), self.period_s, self.capacity, member])
        except redis.RedisError:
            log.warning("rate limit not checked: Redis unavailable", exc_info=True)
            return True
        return bool(allowed)

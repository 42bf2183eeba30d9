"""A per-device token bucket, so a stuck or abused kiosk cannot flood the queue."""

import threading
import time


class RateLimiter:
    """Allow ``capacity`` events per ``period_s`` seconds per key, refilling continuously."""

    def __init__(self, capacity: int, period_s: float):
        self.capacity = capacity
        self.rate = capacity / period_s
        self._buckets: dict[object, tuple[float, float]] = {}
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, spec: str) -> "RateLimiter":
        """Build from ``"30/60"``: 30 events per 60 seconds."""
        count, _, seconds = spec.partition("/")
        return cls(int(count), float(seconds or 60))

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

"""Per-resident rate limit: at most N messages in any 60-second window.

This is the in-process limiter; with REDIS_URL the gateway counts in Redis instead, so
several workers share one count (bot/scaleout/ratelimit.py). Both answer `allowed()`."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Protocol

WINDOW_SECONDS = 60


class Limiter(Protocol):
    per_minute: int

    async def allowed(self, key: str) -> bool: ...


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = self._clock()
        window = self._seen[key]
        while window and now - window[0] >= WINDOW_SECONDS:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True

    async def allowed(self, key: str) -> bool:
        return self.allow(key)

"""Rate limits shared by every gateway worker: a sliding 60-second window per key in a
Redis sorted set, checked and counted in one Lua script (atomic, and timed by Redis's
own clock, so workers on several machines agree on the window).

If Redis does not answer, the worker counts in its own memory for the moment (the same
limit, per worker): residents are never all refused because Redis is away."""

from __future__ import annotations

import secrets

from redis.asyncio import Redis

from bot.ratelimit import WINDOW_SECONDS, RateLimiter
from bot.scaleout.redis_link import REDIS_ERRORS, Outage, hashed

# KEYS[1] the window; ARGV: limit, window in ms, a unique member. 1: allowed, 0: not.
SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 1
"""


class RedisRateLimiter:
    def __init__(
        self, redis: Redis, prefix: str, name: str, per_minute: int, outage: Outage
    ) -> None:
        self.per_minute = per_minute
        self._key = f"{prefix}rate:{name}:"
        self._script = redis.register_script(SLIDING_WINDOW)
        self._outage = outage
        self.local = RateLimiter(per_minute)

    async def allowed(self, key: str) -> bool:
        if self._outage.skipping():
            return self.local.allow(key)
        try:
            result = await self._script(
                keys=[self._key + hashed(key)],
                args=[self.per_minute, WINDOW_SECONDS * 1000, secrets.token_hex(8)],
            )
        except REDIS_ERRORS as error:
            self._outage.failed(error)
            return self.local.allow(key)
        self._outage.succeeded()
        return bool(int(result))

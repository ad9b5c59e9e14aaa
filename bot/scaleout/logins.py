"""Failed log-ins for user names without an account, locked out like real accounts so
a name cannot be tested for existence (bot/console/auth.py). Known accounts count their
failures in the database; these have no row, so they are counted here: in Redis when
REDIS_URL is set (every worker sees the same count), else in a table of the database
(bot/scaleout/lockout_store.py), so that a restart forgets nothing either.

The in-memory counter is only Redis's fallback: if Redis does not answer, the worker
counts in its own memory for the moment."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from redis.asyncio import Redis

from bot.scaleout.redis_link import REDIS_ERRORS, Outage, hashed
from bot.settings import Settings

# KEYS: the lock, the count. ARGV: failures allowed, lock-out in ms.
# 1: the name is locked (now or already), 0: a failure counted.
COUNT_FAILURE = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 1
end
local count = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if count >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
end
return 0
"""


class UnknownNames:
    """In this worker's memory, bounded (the oldest names are forgotten first)."""

    LIMIT = 10_000

    def __init__(self) -> None:
        self._seen: OrderedDict[str, tuple[int, datetime | None]] = OrderedDict()

    async def failed(self, name: str, now: datetime, settings: Settings) -> bool:
        """Count a failure; True when the name was already locked."""
        count, until = self._seen.pop(name, (0, None))
        if until is not None and until > now:
            self._seen[name] = (count, until)
            return True
        count += 1
        until = None
        if count >= settings.max_failed_logins:
            count, until = 0, now + timedelta(minutes=settings.lockout_minutes)
        self._seen[name] = (count, until)
        while len(self._seen) > self.LIMIT:
            self._seen.popitem(last=False)
        return False


class RedisUnknownNames:
    """In Redis, one script per failure (atomic: five tries at once through five
    workers lock the name as five in a row would). Keys hold a hash of the name only,
    and expire with the lock-out."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._prefix = f"{prefix}login:"
        self._script = redis.register_script(COUNT_FAILURE)
        self._outage = Outage("failed log-ins of unknown names", "are counted in each worker")
        self.local = UnknownNames()

    async def failed(self, name: str, now: datetime, settings: Settings) -> bool:
        if self._outage.skipping():
            return await self.local.failed(name, now, settings)
        key = hashed(name)
        try:
            result = await self._script(
                keys=[f"{self._prefix}locked:{key}", f"{self._prefix}failures:{key}"],
                args=[settings.max_failed_logins, settings.lockout_minutes * 60_000],
            )
        except REDIS_ERRORS as error:
            self._outage.failed(error)
            return await self.local.failed(name, now, settings)
        self._outage.succeeded()
        return bool(int(result))

"""The connection to Redis, and how the gateway behaves while Redis is away: it says so
once in the log, leaves Redis alone for a few seconds at a time (a resident's message
never waits for a dead Redis), and says when it answers again."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What a lost or refused connection to Redis raises.
REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
RETRY_AFTER_SECONDS = 5.0


def connect(url: str, retries: int = 1, name: str | None = None) -> Redis:
    """A client with short timeouts: a slow Redis must not hold up a resident's message.
    One quick retry lets a command through on a fresh connection after Redis restarted
    (the pooled one is dead); the event listener takes none, so it notices every break."""
    retry = Retry(ExponentialBackoff(cap=0.2, base=0.05), retries) if retries else None
    return Redis.from_url(
        url,
        socket_connect_timeout=1.0,
        socket_timeout=2.0,
        health_check_interval=15,
        retry=retry,
        retry_on_error=[RedisConnectionError, RedisTimeoutError] if retries else None,
        client_name=name,
    )


def hashed(value: str) -> str:
    """Keys name residents (a pseudonym) and client addresses: Redis gets a hash only."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class Outage:
    """Whether Redis failed for one use (rate limits, locks) a moment ago."""

    def __init__(
        self,
        what: str,
        meanwhile: str,
        retry_after: float = RETRY_AFTER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what, self.meanwhile = what, meanwhile
        self.retry_after = retry_after
        self._clock = clock
        self._down = False
        self._until = 0.0

    @property
    def down(self) -> bool:
        return self._down

    def skipping(self) -> bool:
        """True for a few seconds after a failure: use the fallback without trying."""
        return self._clock() < self._until

    def failed(self, error: BaseException) -> None:
        if not self._down:
            logger.warning(
                "Redis does not answer (%s): %s %s until it does",
                type(error).__name__,
                self.what,
                self.meanwhile,
            )
        self._down = True
        self._until = self._clock() + self.retry_after

    def succeeded(self) -> None:
        if self._down:
            logger.info("Redis answers again: %s shared across workers again", self.what)
        self._down = False
        self._until = 0.0

"""What this worker shares with the others, chosen by configuration: REDIS_URL gives the
event hub and the rate limits in Redis; PostgreSQL gives the advisory locks; neither
keeps everything in this process (one worker, as `make run` starts by default)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db import async_url
from bot.events import EventHub
from bot.ratelimit import Limiter, RateLimiter
from bot.scaleout.events import RedisEventHub
from bot.scaleout.lockout_store import DatabaseUnknownNames
from bot.scaleout.locks import ConversationLocks, Jobs, PostgresLock, RedisLock
from bot.scaleout.logins import RedisUnknownNames, UnknownNames
from bot.scaleout.ratelimit import RedisRateLimiter
from bot.scaleout.redis_link import Outage, connect
from bot.settings import Settings

logger = logging.getLogger(__name__)

# The locks' connections (one for the conversations, one per job run) have a small pool
# of their own, apart from the one the handling uses.
LOCK_POOL_SIZE, LOCK_POOL_OVERFLOW = 2, 3


@dataclass
class SharedState:
    hub: EventHub = field(default_factory=EventHub)
    locks: ConversationLocks = field(default_factory=ConversationLocks)
    jobs: Jobs = field(default_factory=Jobs)
    unknown_names: UnknownNames | RedisUnknownNames | DatabaseUnknownNames = field(
        default_factory=UnknownNames
    )
    redis: Redis | None = None
    prefix: str = ""
    lock_engine: AsyncEngine | None = None
    _rate_outage: Outage = field(
        default_factory=lambda: Outage("rate limits", "are counted in each worker")
    )

    def limiter(self, name: str, per_minute: int) -> Limiter:
        if self.redis is None:
            return RateLimiter(per_minute)
        return RedisRateLimiter(self.redis, self.prefix, name, per_minute, self._rate_outage)

    async def start(self) -> None:
        await self.hub.start()

    async def close(self) -> None:
        await self.hub.close()
        if isinstance(self.locks.shared, PostgresLock):
            await self.locks.shared.close()
        if self.redis is not None:
            await self.redis.aclose()
        if self.lock_engine is not None:
            await self.lock_engine.dispose()


def shared_state(
    settings: Settings, sessions: async_sessionmaker[AsyncSession] | None = None
) -> SharedState:
    """`sessions`: the gateway's database, where failed log-ins of unknown names are
    counted without Redis (else in memory: tests of this module alone)."""
    state = SharedState()
    if sessions is not None:
        state.unknown_names = DatabaseUnknownNames(sessions)
    postgres = async_url(settings.database_url).startswith("postgresql")
    if postgres:
        state.lock_engine = create_async_engine(
            async_url(settings.database_url),
            pool_size=LOCK_POOL_SIZE,
            max_overflow=LOCK_POOL_OVERFLOW,
            pool_pre_ping=True,
        )
        state.locks = ConversationLocks(PostgresLock(state.lock_engine))
        state.jobs = Jobs(state.lock_engine)
    if settings.redis_url:
        state.redis = connect(settings.redis_url)
        state.prefix = settings.redis_prefix
        listener = connect(settings.redis_url, retries=0, name=f"{settings.redis_prefix}events")
        state.hub = RedisEventHub(state.redis, listener, settings.redis_prefix)
        state.unknown_names = RedisUnknownNames(state.redis, settings.redis_prefix)
        if not postgres:
            outage = Outage("conversation locks", "hold in each worker only")
            state.locks = ConversationLocks(RedisLock(state.redis, settings.redis_prefix, outage))
    if postgres or settings.redis_url:
        logger.info(
            "shared across workers: %s",
            ", ".join(
                (["events, rate limits, log-in lock-outs (Redis)"] if settings.redis_url else [])
                + (["conversation locks, jobs (PostgreSQL)"] if postgres else [])
                + (["conversation locks (Redis)"] if settings.redis_url and not postgres else [])
            ),
        )
    return state

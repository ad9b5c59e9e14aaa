"""One message of a conversation at a time across gateway workers, and background jobs
that run in one worker at a time.

A conversation's messages are handled one after the other: first an asyncio lock
(cheap, this worker), then one shared by the workers:
- on PostgreSQL an advisory lock (pg_try_advisory_lock, taken for the handling and
  let go after it) on a connection this worker keeps for its locks. The database lets
  go of every lock of that connection when it dies with a crashed worker, so no lock
  is held forever; a message that waits longer than HOLD_SECONDS is refused with a
  Dutch 'try again' (BUSY), never handled beside the other.
- on SQLite with REDIS_URL (several workers on one machine) a Redis lock (redis-py's
  Lock) that expires after HOLD_SECONDS; if Redis does not answer, only this worker's
  lock holds for the moment, so residents are still answered.
- on SQLite alone: the asyncio lock only, as with one worker.

Jobs (retention, recovery, idle claims) take a session-level pg_try_advisory_lock per
run on PostgreSQL and skip the run when another worker holds it; on SQLite every run
goes ahead, as with one worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import LockError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import texts
from bot.conversation.contract import GatewayError
from bot.scaleout.redis_link import REDIS_ERRORS, Outage, hashed

logger = logging.getLogger(__name__)

# A message's handling (Rasa calls with their timeouts, recovery of kept messages) ends
# well within this; a holder that takes longer is taken to be gone.
HOLD_SECONDS = 60
# Advisory lock key spaces (the first int of the two-int form), so they never collide.
CONVERSATION_SPACE = 7301
JOB_SPACE = 7302
BUSY = GatewayError(503, "busy", texts.CONVERSATION_BUSY)
TRY_LOCK = "SELECT pg_try_advisory_lock(:space, hashtext(:id))"
UNLOCK = "SELECT pg_advisory_unlock(:space, hashtext(:id))"


class SharedLock(Protocol):
    def hold(self, conversation_id: str) -> contextlib.AbstractAsyncContextManager[None]: ...


class ConversationLocks:
    """The asyncio lock of this worker in front of the lock shared by the workers."""

    def __init__(self, shared: SharedLock | None = None) -> None:
        self.shared = shared
        self._local: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        async with self._local[conversation_id]:
            if self.shared is None:
                yield
                return
            async with self.shared.hold(conversation_id):
                yield

    def forget(self, conversation_id: str) -> None:
        """An erased conversation needs its lock no more."""
        self._local.pop(conversation_id, None)


class PostgresLock:
    """Session-level advisory locks, all of this worker's on one connection of its own:
    a lock held while Rasa thinks costs no pooled connection (a connection per held
    lock would cap the messages in flight at the pool's size). The asyncio lock in
    front keeps two messages of one conversation in one worker from both taking it
    (advisory locks are re-entrant within a session). A waiting message tries again
    every 10 to 200 ms: two messages of one resident at once are rare."""

    def __init__(self, engine: AsyncEngine, wait_seconds: float = HOLD_SECONDS) -> None:
        self._engine = engine
        self._wait = wait_seconds
        self._connection: AsyncConnection | None = None
        self._use = asyncio.Lock()
        self.waiting = 0  # messages waiting for another worker (tests watch it)
        self._letting_go: set[asyncio.Future[bool]] = set()  # keeps those tasks alive

    async def _ask(self, query: str, conversation_id: str) -> bool:
        async with self._use:
            while True:
                kept = self._connection is not None
                try:
                    if self._connection is None:
                        plain = await self._engine.connect()
                        self._connection = await plain.execution_options(
                            isolation_level="AUTOCOMMIT"
                        )
                    found = await self._connection.scalar(
                        text(query), {"space": CONVERSATION_SPACE, "id": conversation_id}
                    )
                except DBAPIError:
                    # The locks went with the connection.
                    await self.close()
                    if kept:
                        # The kept connection died while idle (the database restarted,
                        # or the network cut it): ask once more on a new one.
                        continue
                    raise
                return bool(found)

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        deadline = time.monotonic() + self._wait
        pause = 0.01
        while not await self._try(conversation_id):
            if time.monotonic() > deadline:
                raise BUSY
            self.waiting += 1
            try:
                await asyncio.sleep(pause)
            finally:
                self.waiting -= 1
            pause = min(pause * 2, 0.2)
        try:
            yield
        finally:
            # Shielded: a cancelled handling still lets go of its lock. A release that
            # fails has nothing to let go of: the lock went with its connection.
            with contextlib.suppress(DBAPIError, PoolTimeout):
                await asyncio.shield(self._ask(UNLOCK, conversation_id))

    async def _try(self, conversation_id: str) -> bool:
        """One try to take the lock. If the caller is cancelled meanwhile the query still
        ends, and a lock it took is let go of (else this worker would keep it)."""
        asked = asyncio.ensure_future(self._ask(TRY_LOCK, conversation_id))
        try:
            return await asyncio.shield(asked)
        except asyncio.CancelledError:

            def let_go(done: asyncio.Future[bool]) -> None:
                if not done.cancelled() and done.exception() is None and done.result():
                    unlock = asyncio.ensure_future(self._ask(UNLOCK, conversation_id))
                    self._letting_go.add(unlock)
                    unlock.add_done_callback(self._letting_go.discard)

            asked.add_done_callback(let_go)
            raise

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(DBAPIError):
                await connection.invalidate()
            with contextlib.suppress(DBAPIError):
                await connection.close()


class RedisLock:
    def __init__(
        self, redis: Redis, prefix: str, outage: Outage, hold_seconds: int = HOLD_SECONDS
    ) -> None:
        self._redis = redis
        self._prefix = f"{prefix}lock:conversation:"
        self._outage = outage
        self._hold = hold_seconds
        self.waiting = 0  # messages taking or waiting for the lock (tests watch it)

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        if self._outage.skipping():
            yield
            return
        lock = self._redis.lock(
            self._prefix + hashed(conversation_id),
            timeout=self._hold,
            # A holder lets go or its lock expires within this time.
            blocking_timeout=self._hold + 1,
        )
        self.waiting += 1
        try:
            acquired = await lock.acquire()
        except REDIS_ERRORS as error:
            self._outage.failed(error)
            acquired = None
        finally:
            self.waiting -= 1
        if acquired is None:  # Redis away: this worker's lock only, for the moment
            yield
            return
        if not acquired:
            raise BUSY
        self._outage.succeeded()
        try:
            yield
        finally:
            try:
                await lock.release()
            except LockError:
                logger.warning("a conversation's lock expired before its message was handled")
            except REDIS_ERRORS as error:
                self._outage.failed(error)


class Jobs:
    """Runs of background jobs, one worker at a time (on PostgreSQL)."""

    def __init__(self, engine: AsyncEngine | None = None) -> None:
        self._engine = engine

    @contextlib.asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[bool]:
        """True: run now; False: another worker is running it, skip this run."""
        if self._engine is None:
            yield True
            return
        async with self._engine.connect() as plain:
            # No transaction stays open while the job runs: the lock is the session's.
            connection = await plain.execution_options(isolation_level="AUTOCOMMIT")
            key = {"space": JOB_SPACE, "name": name}
            mine = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:space, hashtext(:name))"), key
            )
            if not mine:
                yield False
                return
            try:
                yield True
            finally:
                try:
                    await connection.execute(
                        text("SELECT pg_advisory_unlock(:space, hashtext(:name))"), key
                    )
                except DBAPIError:
                    # A connection in doubt never goes back to the pool holding the lock.
                    await connection.invalidate()

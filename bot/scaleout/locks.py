"""One message of a conversation at a time across gateway workers, and background jobs
that run in one worker at a time.

A conversation's messages are handled one after the other: first an asyncio lock
(cheap, this worker), then one shared by the workers:
- on PostgreSQL a transaction-level advisory lock, pg_advisory_xact_lock, on a
  connection of its own held for the handling. The database lets go of it when that
  transaction ends, and when the connection dies with a crashed worker; a worker that
  hangs while holding it loses it after HOLD_SECONDS idle (idle_in_transaction_session_
  timeout), so no lock is held forever.
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
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Protocol

from psycopg.errors import LockNotAvailable
from redis.asyncio import Redis
from redis.exceptions import LockError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

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
    def __init__(self, engine: AsyncEngine, hold_seconds: int = HOLD_SECONDS) -> None:
        self._engine = engine
        self._hold_ms = hold_seconds * 1000

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        async with self._engine.connect() as connection:
            # The first statement opens the transaction the lock lives in.
            await connection.execute(text(f"SET LOCAL lock_timeout = {self._hold_ms}"))
            await connection.execute(
                text(f"SET LOCAL idle_in_transaction_session_timeout = {self._hold_ms}")
            )
            try:
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:space, hashtext(:id))"),
                    {"space": CONVERSATION_SPACE, "id": conversation_id},
                )
            except DBAPIError as error:
                if isinstance(error.orig, LockNotAvailable):
                    raise BUSY from error
                raise
            try:
                yield
            finally:
                # Ends the transaction and with it the lock (if the server already
                # ended it, the lock went with it).
                try:
                    await connection.rollback()
                except DBAPIError:
                    await connection.invalidate()


class RedisLock:
    def __init__(
        self, redis: Redis, prefix: str, outage: Outage, hold_seconds: int = HOLD_SECONDS
    ) -> None:
        self._redis = redis
        self._prefix = f"{prefix}lock:conversation:"
        self._outage = outage
        self._hold = hold_seconds

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
        try:
            acquired = await lock.acquire()
        except REDIS_ERRORS as error:
            self._outage.failed(error)
            acquired = None
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

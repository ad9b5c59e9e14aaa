"""Failed log-ins of names without an account, kept in the database when REDIS_URL is
not set: a restart forgets nothing, and every worker on the database sees one count.

Each failure is one statement (an upsert with RETURNING, on SQLite and PostgreSQL), so
tries at the same moment through several workers are counted one after the other, as
the Lua script does in Redis (bot/scaleout/logins.py). The row is keyed by an HMAC of
the lower-cased name under SESSION_SECRET: the table never holds a name, and a copy of
it cannot be checked against a list of names without the secret.

A count starts with the first failure and lasts LOCKOUT_MINUTES; the name is locked for
as long once it reaches max_failed_logins. The retention sweep deletes rows whose window
and lock are over (`sweep`)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import Delete, Insert, and_, case, delete, literal, or_
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import LoginLockout, UtcDateTime
from bot.settings import Settings

_KEY_PURPOSE = b"scamhelp-login-lockout:"


def name_hash(settings: Settings, name: str) -> str:
    """The row's key: an HMAC of the lower-cased name, never the name itself."""
    key = _KEY_PURPOSE + settings.session_secret.encode()
    return hmac.new(key, name.strip().lower().encode(), hashlib.sha256).hexdigest()


class DatabaseUnknownNames:
    """The same interface as the in-memory and Redis counters (bot/scaleout/logins.py)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def failed(self, name: str, now: datetime, settings: Settings) -> bool:
        """Count a failure; True when the name was already locked."""
        async with self._sessions() as db:
            failures = await db.scalar(count_failure(db, settings, name, now))
            await db.commit()
        # The count only passes the limit through tries that met the lock (see below).
        return int(failures or 0) > settings.max_failed_logins


def count_failure(db: AsyncSession, settings: Settings, name: str, now: datetime) -> Insert:
    """One upsert: a first failure inserts the row; a later one counts on, starts a new
    window when the old one or the lock is over, or (while locked) counts past the limit
    so that the caller can tell 'already locked' from 'locked by this failure'."""
    limit = settings.max_failed_logins
    table = LoginLockout.__table__
    moment = literal(now, UtcDateTime())
    until = literal(now + timedelta(minutes=settings.lockout_minutes), UtcDateTime())
    window_start = literal(now - timedelta(minutes=settings.lockout_minutes), UtcDateTime())
    locked = and_(table.c.locked_until.is_not(None), table.c.locked_until > moment)
    over = or_(table.c.locked_until.is_not(None), table.c.window_started_at <= window_start)
    counted = table.c.failures + 1
    insert = postgres_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(
        name_hash=name_hash(settings, name),
        failures=1,
        window_started_at=now,
        locked_until=now + timedelta(minutes=settings.lockout_minutes) if limit <= 1 else None,
    )
    return statement.on_conflict_do_update(
        index_elements=[table.c.name_hash],
        set_={
            "failures": case((locked, counted), (over, 1), else_=counted),
            "window_started_at": case(
                (locked, table.c.window_started_at), (over, moment), else_=table.c.window_started_at
            ),
            "locked_until": case(
                (locked, table.c.locked_until),
                (over, until if limit <= 1 else None),
                (counted >= limit, until),
                else_=None,
            ),
        },
    ).returning(table.c.failures)


def sweep(settings: Settings, now: datetime) -> Delete:
    """The rows whose count and lock are both over (the retention job runs it)."""
    window_start = now - timedelta(minutes=settings.lockout_minutes)
    return delete(LoginLockout).where(
        LoginLockout.window_started_at <= window_start,
        or_(LoginLockout.locked_until.is_(None), LoginLockout.locked_until <= now),
    )

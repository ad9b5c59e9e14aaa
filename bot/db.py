"""Database engine, sessions and migrations (SQLite by default, PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def async_url(url: str) -> str:
    """The async driver URL: aiosqlite for SQLite, psycopg 3 for PostgreSQL."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def sync_url(url: str) -> str:
    """The sync driver URL Alembic uses (same database)."""
    url = async_url(url)
    return url.replace("sqlite+aiosqlite://", "sqlite://")


def ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


# The database cannot be reached (refused, the connection lost, no pooled connection in
# time): the request can be tried again later. Other database errors are bugs.
DATABASE_AWAY: tuple[type[Exception], ...] = (OperationalError, InterfaceError, PoolTimeout)

# The advisory lock key of schema migrations (any constant other locks do not use).
MIGRATE_LOCK = 0x5CA3_0001


def migrate(url: str) -> None:
    """Bring the schema up to date (alembic upgrade head)."""
    ensure_sqlite_folder(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sync_url(url))
    if not sync_url(url).startswith("postgresql"):
        command.upgrade(config, "head")
    else:
        # Gateway workers (and machines) starting together would each create the
        # schema: one at a time, under an advisory lock; the next finds it done.
        engine = create_engine(sync_url(url), poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATE_LOCK})
                try:
                    command.upgrade(config, "head")
                finally:
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATE_LOCK}
                    )
        finally:
            engine.dispose()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        # Switch a new database to WAL once, here, so the gateway's first connections
        # do not race to do it (that switch fails at once instead of waiting).
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as connection:
            connection.execute("PRAGMA journal_mode=WAL")


def make_engine(url: str) -> AsyncEngine:
    ensure_sqlite_folder(url)
    engine = create_async_engine(async_url(url), pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        # A writer waits for the lock. (WAL, so readers do not block the writer, is a
        # property of the database file: migrate() sets it once.)
        @event.listens_for(engine.sync_engine, "connect")
        def sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def make_sessions(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)

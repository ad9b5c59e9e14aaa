"""Where someone is logged in: their active console sessions (started, last used, a
coarse browser name), for the volunteer's own account page and the coordinator's team
member page, and ending one or all of them.

Pages name a session by a reference derived from its token hash, never the hash itself
(bot/console/auth.py keeps the SHA-256 of the cookie's token): the page's HTML gives
nothing that finds the session's row from outside."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.pages import LOCAL_TIME
from bot.console.session_use import is_idle, last_use
from bot.helpdesk.hours import TIMEZONE
from bot.models import ConsoleSession, Volunteer
from bot.settings import Settings

UNKNOWN_BROWSER = "Onbekende browser"


def reference(token_hash: str) -> str:
    """What a page's form sends to name a session."""
    return hashlib.sha256(f"console-session:{token_hash}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class ActiveSession:
    ref: str
    started: datetime
    last_used: datetime
    browser: str
    this_device: bool


async def active_sessions(
    db: AsyncSession,
    settings: Settings,
    volunteer_id: int,
    now: datetime,
    current: str | None = None,
) -> list[ActiveSession]:
    """The account's sessions that have not expired or gone idle, the latest used first.
    `current`: the token hash of the session looking ('dit apparaat')."""
    rows = await _rows(db, volunteer_id)
    found = [
        ActiveSession(
            ref=reference(row.token_hash),
            started=row.created_at,
            last_used=last_use(row),
            browser=row.browser or UNKNOWN_BROWSER,
            this_device=row.token_hash == current,
        )
        for row in rows
        if row.expires_at > now and not is_idle(settings, row, now)
    ]
    return sorted(found, key=lambda s: (not s.this_device, -s.last_used.timestamp()))


async def _rows(db: AsyncSession, volunteer_id: int) -> list[ConsoleSession]:
    result = await db.execute(
        select(ConsoleSession).where(ConsoleSession.volunteer_id == volunteer_id)
    )
    return list(result.scalars())


async def end_one(db: AsyncSession, volunteer_id: int, ref: str) -> ConsoleSession | None:
    """End the account's session with this reference; the row that ended, or None if
    there is none (ended meanwhile, or not theirs). The caller commits."""
    for row in await _rows(db, volunteer_id):
        if reference(row.token_hash) == ref:
            await db.execute(
                delete(ConsoleSession)
                .where(ConsoleSession.token_hash == row.token_hash)
                .execution_options(synchronize_session=False)
            )
            await _offline_if_none_left(db, volunteer_id)
            return row
    return None


async def end_all(db: AsyncSession, volunteer_id: int) -> int:
    """End every session of the account; how many. The caller commits."""
    result = await db.execute(
        delete(ConsoleSession)
        .where(ConsoleSession.volunteer_id == volunteer_id)
        .execution_options(synchronize_session=False)
    )
    await _offline_if_none_left(db, volunteer_id)
    return int(result.rowcount or 0)


async def _offline_if_none_left(db: AsyncSession, volunteer_id: int) -> None:
    """Logged out everywhere is not online (the team page's 'Online')."""
    left = await db.scalar(
        select(ConsoleSession.token_hash).where(ConsoleSession.volunteer_id == volunteer_id)
    )
    if left is None:
        await db.execute(
            update(Volunteer).where(Volunteer.id == volunteer_id).values(last_seen_at=None)
        )


def described(row: ConsoleSession) -> str:
    """A session for the audit log: 'Firefox op Windows, ingelogd 03-12-2026 10:15'."""
    started = row.created_at.astimezone(TIMEZONE).strftime(LOCAL_TIME)
    return f"{row.browser or UNKNOWN_BROWSER}, ingelogd {started}"

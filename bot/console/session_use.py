"""When a console session was last used, and from what kind of browser: a session not
used for SESSION_IDLE_MINUTES ends (refused like a missing one, and deleted), and the
list of sessions (bot/console/sessions_list.py) shows 'Firefox op Windows'.

The last use is written at most every USE_WRITE_SECONDS, like the presence in
`load_session` (bot/console/auth.py): not every page load costs a write. So a session
may end up to that many seconds before the idle time since its very last request is
over; never later."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from functools import lru_cache

from fastapi import Request
from sqlalchemy import Delete, delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from ua_parser import parse_os, parse_user_agent

from bot.models import ConsoleSession
from bot.settings import Settings

USE_WRITE_SECONDS = 20
MAX_USER_AGENT = 512  # longer is no real browser; not worth parsing
OS_NAMES = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}


def last_use(row: ConsoleSession) -> datetime:
    return row.last_used_at or row.created_at


def idle_for(settings: Settings) -> timedelta | None:
    if settings.session_idle_minutes <= 0:
        return None
    return timedelta(minutes=settings.session_idle_minutes)


def is_idle(settings: Settings, row: ConsoleSession, now: datetime) -> bool:
    limit = idle_for(settings)
    return limit is not None and now - last_use(row) > limit


async def still_in_use(
    db: AsyncSession, settings: Settings, row: ConsoleSession, request: Request, now: datetime
) -> bool:
    """False (and the session deleted) when it was idle too long; else its use noted."""
    if is_idle(settings, row, now):
        await db.execute(
            delete(ConsoleSession)
            .where(ConsoleSession.token_hash == row.token_hash)
            .execution_options(synchronize_session=False)
        )
        await db.commit()
        return False
    if row.browser is None or (now - last_use(row)).total_seconds() > USE_WRITE_SECONDS:
        row.last_used_at = now
        if row.browser is None:  # once per session; the parser's first call takes ~0.2 s
            agent = request.headers.get("user-agent", "")
            row.browser = await asyncio.to_thread(describe_browser, agent)
        await db.commit()
    return True


async def still_open(db: AsyncSession, settings: Settings, token_hash: str, now: datetime) -> bool:
    """Whether the session still lets its browser in (not ended, expired or idle): an
    open event stream of the console ends when it does not."""
    row = await db.get(ConsoleSession, token_hash, populate_existing=True)
    return row is not None and row.expires_at > now and not is_idle(settings, row, now)


def idle_sessions(settings: Settings, now: datetime) -> Delete | None:
    """The sessions idle too long (the retention job deletes them)."""
    limit = idle_for(settings)
    if limit is None:
        return None
    used = func.coalesce(ConsoleSession.last_used_at, ConsoleSession.created_at)
    return delete(ConsoleSession).where(used < now - limit)


@lru_cache(maxsize=256)
def describe_browser(user_agent: str) -> str:
    """'Firefox op Windows', 'Chrome Mobile op Android': the browser and the system,
    never the version, the device or the full string."""
    if not user_agent or len(user_agent) > MAX_USER_AGENT:
        return "Onbekende browser"
    agent = parse_user_agent(user_agent)
    system = parse_os(user_agent)
    browser = agent.family if agent is not None and agent.family != "Other" else None
    os_name = system.family if system is not None and system.family != "Other" else None
    if os_name is not None:
        os_name = OS_NAMES.get(os_name, os_name)
    if browser and os_name:
        text = f"{browser} op {os_name}"
    elif browser or os_name:
        text = browser or f"Een browser op {os_name}"
    else:
        text = "Onbekende browser"
    return text[:60]

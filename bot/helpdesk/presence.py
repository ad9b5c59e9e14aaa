"""Who is online in the console, and how long a resident will probably wait."""

from __future__ import annotations

import math
import statistics
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Case, Volunteer, utcnow

RECENT_CASES = 20
RECENT_DAYS = 30


async def volunteers_online(session: AsyncSession, within_seconds: float) -> int:
    since = utcnow() - timedelta(seconds=within_seconds)
    result = await session.execute(
        select(func.count(Volunteer.id)).where(
            Volunteer.active.is_(True),
            Volunteer.role.in_(("volunteer", "coordinator")),
            Volunteer.last_seen_at >= since,
        )
    )
    return int(result.scalar_one())


async def expected_wait_minutes(session: AsyncSession, default: int) -> int:
    """The median wait of recently claimed cases, rounded up to 5 minutes (at least 5)."""
    since = utcnow() - timedelta(days=RECENT_DAYS)
    result = await session.execute(
        select(Case.created_at, Case.claimed_at)
        .where(Case.claimed_at.is_not(None), Case.created_at >= since)
        .order_by(Case.claimed_at.desc())
        .limit(RECENT_CASES)
    )
    waits = [(claimed - created).total_seconds() / 60 for created, claimed in result.all()]
    if len(waits) < 3:
        return default
    return max(5, 5 * math.ceil(statistics.median(waits) / 5))


async def mark_present(session: AsyncSession, volunteer_id: int) -> bool:
    """An open console keeps its volunteer present; False once the account is off."""
    volunteer = await session.get(Volunteer, volunteer_id)
    if volunteer is None or not volunteer.active:
        return False
    volunteer.last_seen_at = utcnow()
    await session.commit()
    return True

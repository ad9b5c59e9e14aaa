"""The audit log: who did what (with which case), and when; never case content."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import AuditEntry, Volunteer


def audit(
    session: AsyncSession,
    volunteer: Volunteer,
    action: str,
    case_id: int | None = None,
    *,
    subject: str | None = None,
    detail: str | None = None,
) -> None:
    """Add an entry to the session (committed with the change it records). subject names
    what the action was done to (an account, a setting, a campaign), detail the change."""
    session.add(
        AuditEntry(
            volunteer_id=volunteer.id,
            username=volunteer.username,
            case_id=case_id,
            action=action[:40],
            subject=subject[:120] if subject else None,
            detail=detail[:200] if detail else None,
        )
    )


async def recent_entries(session: AsyncSession, limit: int = 500) -> list[AuditEntry]:
    """The newest entries first, for the coordinator's audit page."""
    rows = await session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(rows.scalars())

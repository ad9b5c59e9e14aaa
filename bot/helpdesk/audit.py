"""The audit log: who did what (with which case), and when; never case content."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import AuditEntry, Volunteer


def audit(
    session: AsyncSession, volunteer: Volunteer, action: str, case_id: int | None = None
) -> None:
    """Add an entry to the session (committed with the change it records)."""
    session.add(
        AuditEntry(
            volunteer_id=volunteer.id,
            username=volunteer.username,
            case_id=case_id,
            action=action[:24],
        )
    )

"""How far each volunteer has read each case: unread markers, the title counter.

A case's unread count for a volunteer is the number of resident messages for the case
(status TO_CASE, after what the volunteer may read) newer than the newest message id the
volunteer saw on the case page. A case never opened counts all of them."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.states import MessageStatus
from bot.models import Case, CaseRead, Message, utcnow


async def mark_read(session: AsyncSession, volunteer_id: int, case: Case) -> int:
    """The volunteer saw everything in the case so far; returns the newest message id.
    The caller commits."""
    newest = 0
    if case.conversation_id is not None:
        newest = int(
            await session.scalar(
                select(func.coalesce(func.max(Message.id), 0)).where(
                    Message.conversation_id == case.conversation_id
                )
            )
            or 0
        )
    read = await session.get(CaseRead, (volunteer_id, case.id))
    if read is None:
        session.add(CaseRead(volunteer_id=volunteer_id, case_id=case.id, last_message_id=newest))
    elif newest > read.last_message_id:
        read.last_message_id, read.at = newest, utcnow()
    return newest


async def unread_counts(
    session: AsyncSession, volunteer_id: int, case_ids: Collection[int]
) -> dict[int, int]:
    """Unread resident messages per case (cases with none are left out)."""
    if not case_ids:
        return {}
    seen = func.coalesce(CaseRead.last_message_id, 0)
    rows = await session.execute(
        select(Case.id, func.count(Message.id))
        .join(Message, Message.conversation_id == Case.conversation_id)
        .outerjoin(
            CaseRead, (CaseRead.case_id == Case.id) & (CaseRead.volunteer_id == volunteer_id)
        )
        .where(
            Case.id.in_(list(case_ids)),
            Message.role == "resident",
            Message.status == MessageStatus.TO_CASE,
            Message.id > Case.opened_after_message_id,
            Message.id > seen,
        )
        .group_by(Case.id)
    )
    return {int(case_id): int(count) for case_id, count in rows.all()}

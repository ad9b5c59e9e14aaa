"""Cases put straight into the database, for the queue and overview tests that need many
of them (a hand-off through the widget for each would take a long time)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import select

from bot.conversation.states import CaseStatus, ConversationState, MessageStatus
from bot.models import AuditEntry, Case, Conversation, Message, Volunteer, utcnow


async def seed(
    app: FastAPI,
    text: str = "Ik kreeg een rare sms",
    *,
    minutes_ago: float = 10,
    urgent: bool = False,
    crisis: bool = False,
    scam_type: str | None = None,
    channel: str = "widget",
    campaign: str | None = None,
    status: str = CaseStatus.OPEN,
    holder: str | None = None,
    outcome: str | None = None,
    erased: bool = False,
    created: datetime | None = None,
) -> int:
    """A case with one resident message for it; its id."""
    created = created or utcnow() - timedelta(minutes=minutes_ago)
    async with app.state.gateway.sessions() as session:
        conversation = Conversation(
            channel=channel,
            resident_key="seed",
            campaign=campaign,
            state=ConversationState.VOLUNTEER
            if status == CaseStatus.CLAIMED
            else ConversationState.WAITING,
        )
        session.add(conversation)
        await session.flush()
        session.add(
            Message(
                conversation_id=conversation.id,
                role="resident",
                text=text,
                status=MessageStatus.TO_CASE,
            )
        )
        volunteer_id = await volunteer_id_of(session, holder) if holder else None
        case = Case(
            conversation_id=conversation.id,
            channel=channel,
            campaign=campaign,
            scam_type=scam_type,
            urgent=urgent or crisis,
            crisis=crisis,
            status=status,
            volunteer_id=volunteer_id,
            created_at=created,
            claimed_at=created if volunteer_id else None,
            closed_at=utcnow() if status == CaseStatus.CLOSED else None,
            outcome=outcome,
            summary="" if erased else "Samenvatting",
            content_erased_at=utcnow() if erased else None,
        )
        session.add(case)
        await session.commit()
        return case.id


async def volunteer_id_of(session, username: str) -> int:  # type: ignore[no-untyped-def]
    found = await session.scalar(select(Volunteer.id).where(Volunteer.username == username))
    assert found is not None, username
    return int(found)


async def volunteer_named(app: FastAPI, username: str) -> Volunteer:
    async with app.state.gateway.sessions() as session:
        found = await session.scalar(select(Volunteer).where(Volunteer.username == username))
        assert found is not None, username
        return found


async def audit_of(app: FastAPI, case_id: int) -> list[AuditEntry]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(
            select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)
        )
        return list(rows.scalars())


async def case_row(app: FastAPI, case_id: int) -> Case:
    async with app.state.gateway.sessions() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        return case


async def conversation_state(app: FastAPI, case_id: int) -> str:
    async with app.state.gateway.sessions() as session:
        case = await session.get(Case, case_id)
        assert case is not None and case.conversation_id is not None
        conversation = await session.get(Conversation, case.conversation_id)
        assert conversation is not None
        return conversation.state

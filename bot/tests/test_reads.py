"""Unread markers: resident messages for a case that a volunteer has not seen yet, on
SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.states import CaseStatus, MessageStatus
from bot.db import make_engine, make_sessions, migrate
from bot.helpdesk.reads import mark_read, unread_counts
from bot.models import Case, Conversation, Message, Volunteer


def _message(conversation_id: str | None, role: str, status: str) -> Message:
    return Message(conversation_id=conversation_id, role=role, text="x", status=status)


async def _case_with(session: AsyncSession, *messages: tuple[str, str]) -> Case:
    conversation = Conversation(channel="widget", resident_key="k")
    session.add(conversation)
    await session.flush()
    session.add_all(_message(conversation.id, role, status) for role, status in messages)
    case = Case(conversation_id=conversation.id, channel="widget", status=CaseStatus.CLAIMED)
    session.add(case)
    await session.flush()
    return case


async def test_unread_counts_follow_what_each_volunteer_saw(database_url: str) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    try:
        async with make_sessions(engine)() as session:
            anna = Volunteer(username="anna", display_name="Anna", password_hash="x")
            bram = Volunteer(username="bram", display_name="Bram", password_hash="x")
            session.add_all([anna, bram])
            to_case = ("resident", MessageStatus.TO_CASE)
            first = await _case_with(session, ("bot", MessageStatus.ANSWERED), to_case, to_case)
            # Messages the assistant answered are no news for the volunteer.
            quiet = await _case_with(session, ("resident", MessageStatus.ANSWERED))
            await session.flush()
            ids = [first.id, quiet.id]
            assert await unread_counts(session, anna.id, ids) == {first.id: 2}

            await mark_read(session, anna.id, first)
            assert await unread_counts(session, anna.id, ids) == {}
            assert await unread_counts(session, bram.id, ids) == {first.id: 2}

            session.add(_message(first.conversation_id, "resident", MessageStatus.TO_CASE))
            session.add(_message(first.conversation_id, "volunteer", MessageStatus.ANSWERED))
            await session.flush()
            assert await unread_counts(session, anna.id, ids) == {first.id: 1}
            await mark_read(session, anna.id, first)
            await session.commit()
            assert await unread_counts(session, anna.id, ids) == {}
            assert await unread_counts(session, anna.id, []) == {}
    finally:
        await engine.dispose()

"""The conversation's SQL: every query the gateway's handlers run on conversations and
messages (cases have theirs in bot/helpdesk/cases.py). Each function works inside the
caller's session; the caller commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.campaigns.models import Campaign
from bot.conversation.contract import GatewayError
from bot.conversation.states import REFUSED, MessageStatus
from bot.models import Conversation, Message

# How far back the latest bot turn's buttons are looked for.
LATEST_TURN_ROWS = 20


async def conversation(session: AsyncSession, conversation_id: str) -> Conversation:
    found = await session.get(Conversation, conversation_id)
    if found is None:
        raise GatewayError(404, "unknown_conversation", texts.UNKNOWN_CONVERSATION)
    return found


async def stored_message(session: AsyncSession, message_id: int) -> Message:
    found = await session.get(Message, message_id)
    assert found is not None, "a resident's message is stored before it is handled"
    return found


async def campaign_group(session: AsyncSession, code: str) -> str | None:
    return await session.scalar(select(Campaign.target_group).where(Campaign.code == code))


async def history_after(session: AsyncSession, conversation_id: str, after: int) -> list[Message]:
    """The conversation's messages after `after`, refused ones left out."""
    result = await session.execute(
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.id > after,
            Message.status.not_in(REFUSED),
        )
        .order_by(Message.id)
    )
    return list(result.scalars())


async def offered_buttons(session: AsyncSession, conversation_id: str) -> list[dict[str, str]]:
    """The buttons of the latest bot turn (the bot messages after the resident's last
    message), in the order they were shown."""
    result = await session.execute(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.id.desc())
        .limit(LATEST_TURN_ROWS)
    )
    turn: list[Message] = []
    for message in result.scalars():
        if message.role == "resident":
            break
        turn.append(message)
    return [button for message in reversed(turn) for button in message.buttons or []]


def _is_pending(conversation_id: str) -> tuple[Any, ...]:
    return (Message.conversation_id == conversation_id, Message.status == MessageStatus.PENDING)


async def pending(session: AsyncSession, conversation_id: str) -> list[Message]:
    result = await session.execute(
        select(Message).where(*_is_pending(conversation_id)).order_by(Message.id)
    )
    return list(result.scalars())


async def has_pending(session: AsyncSession, conversation_id: str) -> bool:
    result = await session.execute(select(Message.id).where(*_is_pending(conversation_id)).limit(1))
    return result.first() is not None


async def conversations_with_pending(session: AsyncSession) -> list[str]:
    result = await session.execute(
        select(Message.conversation_id).where(Message.status == MessageStatus.PENDING).distinct()
    )
    return list(result.scalars())


async def delete_messages(session: AsyncSession, conversation_id: str) -> None:
    await session.execute(delete(Message).where(Message.conversation_id == conversation_id))


def bot_message(
    conversation_id: str,
    text: str,
    buttons: list[dict[str, str]] | None = None,
    delayed: bool = False,
    lang: str | None = None,
) -> Message:
    return Message(
        conversation_id=conversation_id,
        role="bot",
        text=text,
        buttons=buttons or [],
        delayed=delayed,
        lang=lang,
    )

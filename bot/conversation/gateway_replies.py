"""A reply the gateway gives itself (not the assistant): the hand-off questions,
consent, erasure, the crisis offer. The resident's message is marked answered (or for
the case) in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation import store
from bot.conversation.contract import Outcome
from bot.conversation.states import MessageEvent, transition
from bot.models import Message

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway


async def say(
    gw: Gateway,
    conversation_id: str,
    message: Message,
    text: str,
    buttons: list[dict[str, str]] | None = None,
    event: MessageEvent = MessageEvent.ANSWERED,
) -> Outcome:
    async with gw.sessions() as session:
        transition(await store.stored_message(session, message.id), event)
        reply = store.bot_message(conversation_id, text, buttons)
        session.add(reply)
        await session.commit()
        return Outcome([reply.as_dict()])


async def say_all(
    gw: Gateway,
    conversation_id: str,
    message: Message,
    replies: list[Message],
    event: MessageEvent = MessageEvent.ANSWERED,
) -> Outcome:
    """Several bubbles (built with store.bot_message) in one transaction."""
    async with gw.sessions() as session:
        transition(await store.stored_message(session, message.id), event)
        session.add_all(replies)
        await session.commit()
        return Outcome([reply.as_dict() for reply in replies])

"""A resident message sent twice with the same client key is one message.

The widget gives every message it sends a key, and sends the same key again when it
retries: after a network error (a gateway worker that died mid-request, a phone that
lost its signal) it cannot know whether the gateway stored the message. Under the
conversation's lock the database's unique key on (conversation, client key) refuses a
second copy (so a first send costs no lookup); the message is not stored or sent to
Rasa again, and the answer is what followed it then (answered
meanwhile by the recovery if it was still waiting). A refused message (empty, too
long, too many at once) keeps no key: sent again, it is a new try."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.conversation.contract import Outcome
from bot.conversation.states import MessageStatus
from bot.models import Message

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

# What a key may be, for residents' messages and volunteers' replies alike (the widget
# and console.js make one from crypto.randomUUID); others are ignored.
CLIENT_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


def valid_key(client_key: str | None) -> str | None:
    return client_key if client_key and CLIENT_KEY.fullmatch(client_key) else None


async def earlier_answer(gw: Gateway, conversation_id: str, client_key: str) -> Outcome:
    """The outcome of the message stored with this key."""
    async with gw.sessions() as session:
        message = await session.scalar(
            select(Message).where(
                Message.conversation_id == conversation_id,
                Message.client_key == client_key,
                Message.role == "resident",
            )
        )
        assert message is not None, "refused by its key, so it is there"
        later = await session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.id > message.id)
            .order_by(Message.id)
        )
        answer: list[Message] = []
        for reply in later:
            if reply.role == "resident":
                break  # what followed the next message is its answer, not this one's
            answer.append(reply)
        return Outcome(
            [m.as_dict() for m in answer],
            # Still waiting for Rasa: the widget shows the essential advice it has.
            degraded=message.status == MessageStatus.PENDING,
            resident_message=message.as_dict(),
        )

"""Later messages (a volunteer's reply, a recovered answer) to the resident's channel:
the widget's event stream, and the channel's own deliverer (Telegram), which
bot/api/routes/telegram.py connects; and the receipts: delivered when the channel took
a message (Telegram's API call succeeded, the widget acknowledged it), seen when the
widget showed it on a page the resident had in view."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from bot.conversation import store
from bot.models import Case, Conversation, Message, utcnow
from bot.sealing import unseal

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

Deliverer = Callable[[Conversation, list[Message]], Awaitable[None]]


async def deliver(gw: Gateway, conversation: Conversation, messages: list[Message]) -> None:
    for message in messages:
        gw.hub.publish(conversation.id, message.as_dict())
    deliverer = gw.deliverers.get(conversation.channel)
    if deliverer is not None and messages:
        await deliverer(conversation, messages)
        # Reached only when the channel's send call succeeded (it raises otherwise).
        await mark_delivered(gw, messages)


def address_of(gw: Gateway, conversation: Conversation) -> str | None:
    """The channel address (Telegram chat id) to deliver to, unsealed."""
    if not conversation.channel_address:
        return None
    return unseal(gw.settings.pseudonym_keys, conversation.channel_address)


# --- delivered and seen (the console shows them beside a volunteer's message) ----------
MAX_ACKS = 200


async def mark_delivered(gw: Gateway, messages: list[Message]) -> None:
    """The channel took these messages (Telegram's send call succeeded)."""
    ids = [m.id for m in messages if m.id is not None]
    if not ids:
        return
    async with gw.sessions() as session:
        await session.execute(
            update(Message)
            .where(Message.id.in_(ids), Message.delivered_at.is_(None))
            .values(delivered_at=utcnow())
        )
        await session.commit()


async def acknowledge(
    gw: Gateway, conversation_id: str, delivered: list[int], seen: list[int]
) -> int:
    """The widget received (delivered) and showed on a visible page (seen) these messages
    of this conversation; seen implies delivered. Ids of other conversations or unknown
    ones are ignored; a time once set stays. Answers how many messages changed."""
    now = utcnow()
    changed = 0
    async with gw.sessions() as session:
        await store.conversation(session, conversation_id)  # 404 for an unknown one
        mine = (Message.conversation_id == conversation_id, Message.role != "resident")
        for ids, column in (
            (set(delivered) | set(seen), Message.delivered_at),
            (set(seen), Message.seen_at),
        ):
            if not ids:
                continue
            result = await session.execute(
                update(Message)
                .where(*mine, Message.id.in_(sorted(ids)[:MAX_ACKS]), column.is_(None))
                .values({column.key: now})
            )
            changed += int(getattr(result, "rowcount", 0) or 0)
        case_id = await session.scalar(
            select(func.max(Case.id)).where(Case.conversation_id == conversation_id)
        )
        await session.commit()
    if changed and case_id is not None:
        # The case page refreshes its messages and shows the receipts.
        gw.notifier.console("message", case_id, receipt=True)
    return changed

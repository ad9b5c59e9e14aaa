"""Later messages (a volunteer's reply, a recovered answer) to the resident's channel:
the widget's event stream, and the channel's own deliverer (Telegram), which
bot/api/routes/telegram.py connects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.models import Conversation, Message
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


def address_of(gw: Gateway, conversation: Conversation) -> str | None:
    """The channel address (Telegram chat id) to deliver to, unsealed."""
    if not conversation.channel_address:
        return None
    return unseal(gw.settings.pseudonym_key, conversation.channel_address)

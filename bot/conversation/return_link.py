"""The personal return link: a widget resident who closes the tab can come back.

The widget keeps its conversation in sessionStorage only (a shared computer in a
library must forget it), so a volunteer's later reply would be lost with the tab. On
request the gateway makes a random secret and keeps only its SHA-256; the link is
`{PUBLIC_URL}/terug#<secret>`: the secret sits in the fragment, so browsers never send
it in a Referer or to the server's access log, and the /terug page posts it in a body.
A new link replaces the old one. The link lives as long as the conversation: once the
retention job (bot/helpdesk/retention.py) or the resident erased it, the hash is gone
with it; a conversation past the retention period counts as gone even before the job
ran. The secret itself is never stored or logged.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from bot import texts
from bot.conversation import store
from bot.conversation.contract import GatewayError
from bot.db import DATABASE_AWAY
from bot.models import Conversation, Message, utcnow

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

SECRET_BYTES = 32
# token_urlsafe(32) is 43 characters of the URL-safe alphabet; anything else is no link.
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
RETURN_PATH = "/terug"
# Tries per client address a minute (a resident needs one; guessing needs 2**256).
TRIES_PER_MINUTE = 10
CHANNEL = "widget"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


async def new_link(gw: Gateway, conversation_id: str) -> str:
    """A fresh link for the conversation; the one before stops working."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    async with gw.sessions() as session:
        conversation = await store.conversation(session, conversation_id)
        if conversation.channel != CHANNEL:
            # A Telegram chat stays where it is: it needs no link.
            raise GatewayError(404, "unknown_conversation", texts.UNKNOWN_CONVERSATION)
        conversation.return_token_hash = digest(secret)
        await session.commit()
    return f"{gw.settings.public_url}{RETURN_PATH}#{secret}"


async def restore(gw: Gateway, secret: str, client: str | None) -> dict[str, Any]:
    """The conversation the link belongs to, with its messages; a clear Dutch refusal
    for a link that is wrong, replaced or gone (never which of those it is)."""
    if client and not await gw.return_limiter.allowed(client):
        raise GatewayError(429, "rate_limited", texts.RETURN_LINK_TRIES)
    if not SECRET_SHAPE.match(secret):
        raise GatewayError(404, "unknown_return_link", texts.RETURN_LINK_INVALID)
    async with gw.sessions() as session:
        conversation = await session.scalar(
            select(Conversation).where(Conversation.return_token_hash == digest(secret))
        )
        if conversation is None or await _past_retention(gw, session, conversation):
            raise GatewayError(404, "unknown_return_link", texts.RETURN_LINK_INVALID)
        messages = await store.history_after(session, conversation.id, 0)
        return {
            "conversation_id": conversation.id,
            "state": conversation.state,
            "messages": [m.as_dict() for m in messages],
        }


async def _past_retention(gw: Gateway, session: Any, conversation: Conversation) -> bool:
    """No message within the retention period: the retention job will erase it."""
    days = await gw.config.retention_days(session)
    cutoff = utcnow() - timedelta(days=days)
    latest = await session.scalar(
        select(func.max(Message.created_at)).where(Message.conversation_id == conversation.id)
    )
    return conversation.created_at < cutoff and (latest is None or latest < cutoff)


async def state_of(gw: Gateway, conversation_id: str) -> str | None:
    """The conversation's state (the widget offers the link once a case opens). None
    when the database went away meanwhile: the message was handled, and the answer
    must reach the resident rather than a refusal that makes them send it again."""
    try:
        async with gw.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
            return conversation.state if conversation is not None else None
    except DATABASE_AWAY:
        return None

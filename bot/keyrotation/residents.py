"""A resident found under any key of the ring, and moved to the current key.

A Telegram resident comes back with their Telegram id: their hash is computed under every
key at once and looked up in one query (`IN`); when the row is under an old key, every row
of that resident in every table moves to the current key in the same transaction. A
conversation under an old key is moved when its next message comes (`bring_up_to_date`)
and by the rotation job (job.py): a Telegram resident's id comes back from the sealed chat
address (for a private chat the chat id is the user id, which the old hash confirms); a
widget resident's id was random and is not kept, so their hash is made from the old one
(bot/pseudonym.py: rederived)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.keyring import Keyring
from bot.keyrotation.columns import RESIDENT_KEY_COLUMNS
from bot.models import Conversation
from bot.pseudonym import candidates, rederived, resident_key
from bot.sealing import unseal

# Channels whose residents come back with the id their hash was made of.
RETURNING_CHANNELS = frozenset({"telegram"})


async def move(
    session: AsyncSession, old_hashes: Collection[str], new_hash: str, version: int
) -> int:
    """Every row with one of these hashes, in every table, gets the new hash and version
    (idempotent: a moved row no longer matches). Answers how many rows moved."""
    moved = 0
    for key, key_version in RESIDENT_KEY_COLUMNS:
        result = await session.execute(
            update(key.class_)
            .where(key.in_(list(old_hashes)))
            .values({key.key: new_hash, key_version.key: version})
            .execution_options(synchronize_session=False)
        )
        moved += int(getattr(result, "rowcount", 0) or 0)
    return moved


def _moved(conversation: Conversation, new_hash: str, version: int) -> None:
    """The loaded row as the database has it now (no second UPDATE at commit)."""
    set_committed_value(conversation, "resident_key", new_hash)
    set_committed_value(conversation, "key_version", version)


async def latest_conversation(
    session: AsyncSession, keys: Keyring, channel: str, channel_user_id: str
) -> Conversation | None:
    """The resident's latest conversation under any key; moved to the current key when
    it was under an old one (the caller commits)."""
    hashes = candidates(keys, channel, channel_user_id)
    found = await session.scalar(
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.resident_key.in_(list(hashes)))
        .order_by(Conversation.created_at.desc())
        .limit(1)
    )
    current = next(iter(hashes))
    if found is not None and found.resident_key != current:
        await move(session, [h for h in hashes if h != current], current, keys.current_version)
        _moved(found, current, keys.current_version)
    return found


def current_hash(keys: Keyring, conversation: Conversation) -> str | None:
    """The conversation's resident key under the current key, or None when it cannot be
    made (a Telegram chat that is not the resident's own, an address no key opens, an
    old key already removed): then it moves only when the resident writes again."""
    if conversation.channel not in RETURNING_CHANNELS:
        return rederived(keys.current_secret, conversation.resident_key)
    old_secret = keys.secret(conversation.key_version)
    address = unseal(keys, conversation.channel_address) if conversation.channel_address else None
    if old_secret is None or address is None:
        return None
    if resident_key(old_secret, conversation.channel, address) != conversation.resident_key:
        return None  # a group chat: its id is not the resident's
    return resident_key(keys.current_secret, conversation.channel, address)


async def bring_up_to_date(
    session: AsyncSession, keys: Keyring, conversation: Conversation
) -> bool:
    """Move a conversation under an old key (and every row of its resident) to the current
    key, if its hash can be made (the caller commits). True when it moved."""
    if conversation.key_version == keys.current_version:
        return False
    new_hash = current_hash(keys, conversation)
    if new_hash is None:
        return False
    await move(session, [conversation.resident_key], new_hash, keys.current_version)
    _moved(conversation, new_hash, keys.current_version)
    return True

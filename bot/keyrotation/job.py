"""The rotation job: what an old pseudonym key still touches moves to the current key.

Every KEY_ROTATION_INTERVAL_SECONDS (and once at start), in one worker at a time:
1. every sealed value (columns.py: SEALED_COLUMNS) that an old key sealed is sealed again
   with the current key (MultiFernet.rotate);
2. every conversation whose resident key an old key made moves to the current key, with
   every row of that resident (residents.py), where the hash can be made;
3. a wave sighting written while its conversation moved follows it.
Batches of BATCH rows, each its own short transaction; every write is conditional on the
old value (`WHERE col = old`, `WHERE resident_key IN old`), so a batch that runs twice, in
two workers or again after a restart, changes nothing the second time. One log line per
batch that changed something, with counts only: never a secret, a hash or an id."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute

from bot.keyrotation.columns import SEALED_COLUMNS, label, primary_key
from bot.keyrotation.residents import bring_up_to_date
from bot.models import Conversation
from bot.sealing import reseal, sealed_with
from bot.waves.models import Sighting

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)
BATCH = 200


@dataclass
class RotationResult:
    resealed: int = 0
    rehashed: int = 0
    # Under an old key and not movable now: they move when the resident writes again.
    left: int = 0


async def run_rotation(gw: Gateway) -> RotationResult:
    result = RotationResult()
    for column in SEALED_COLUMNS:
        result.resealed += await _reseal_column(gw, column)
    moved, left = await _rehash_conversations(gw)
    result.rehashed, result.left = moved, left
    result.rehashed += await _sightings_follow(gw)
    return result


async def _reseal_column(gw: Gateway, column: InstrumentedAttribute[Any]) -> int:
    keys = gw.settings.pseudonym_keys
    if not keys.old:
        return 0  # one key: nothing another key of the ring could open
    key = primary_key(column)
    after: Any = None
    total = 0
    while True:
        async with gw.sessions() as session:
            query = select(key, column).where(column.is_not(None)).order_by(key).limit(BATCH)
            if after is not None:
                query = query.where(key > after)
            rows = (await session.execute(query)).all()
            if not rows:
                return total
            after = rows[-1][0]
            resealed = unreadable = 0
            for row_key, token in rows:
                version = sealed_with(keys, token)
                if version is None:
                    unreadable += 1
                    continue
                if version == keys.current_version:
                    continue
                changed = await session.execute(
                    update(column.class_)
                    .where(key == row_key, column == token)
                    .values({column.key: reseal(keys, token)})
                    .execution_options(synchronize_session=False)
                )
                resealed += int(getattr(changed, "rowcount", 0) or 0)
            await session.commit()
        total += resealed
        if resealed:
            logger.info(
                "key rotation: %s: %d of %d re-sealed with key version %d, %d no key opens",
                label(column),
                resealed,
                len(rows),
                keys.current_version,
                unreadable,
            )
        await asyncio.sleep(0)  # residents' messages go first


async def _rehash_conversations(gw: Gateway) -> tuple[int, int]:
    keys = gw.settings.pseudonym_keys
    after = ""
    moved_total = left_total = 0
    while True:
        async with gw.sessions() as session:
            found = await session.scalars(
                select(Conversation)
                .where(Conversation.key_version != keys.current_version, Conversation.id > after)
                .order_by(Conversation.id)
                .limit(BATCH)
            )
            batch = list(found)
            if not batch:
                return moved_total, left_total
            after = batch[-1].id
            moved = 0
            for conversation in batch:
                moved += await bring_up_to_date(session, keys, conversation)
            await session.commit()
        left = len(batch) - moved
        moved_total, left_total = moved_total + moved, left_total + left
        if moved:
            logger.info(
                "key rotation: %d of %d conversations' residents moved to key version %d,"
                " %d left until they write again",
                moved,
                len(batch),
                keys.current_version,
                left,
            )
        await asyncio.sleep(0)


async def _sightings_follow(gw: Gateway) -> int:
    """A sighting still under an old key whose conversation moved (it was written in
    between): it takes the conversation's key again."""
    current = gw.settings.pseudonym_keys.current_version
    moved_on = select(Conversation.id).where(Conversation.key_version == current)
    their_key = (
        select(Conversation.resident_key)
        .where(Conversation.id == Sighting.conversation_id)
        .scalar_subquery()
    )
    async with gw.sessions() as session:
        result = await session.execute(
            update(Sighting)
            .where(
                Sighting.key_version != current,
                Sighting.resident_key.is_not(None),
                Sighting.conversation_id.in_(moved_on),
            )
            .values(resident_key=their_key, key_version=current)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
    followed = int(getattr(result, "rowcount", 0) or 0)
    if followed:
        logger.info("key rotation: %d wave sightings took their conversation's key", followed)
    return followed


async def rotation_loop(gw: Gateway) -> None:
    interval = gw.settings.key_rotation_interval_seconds
    if interval <= 0:
        return  # off: the lookups still move the residents they meet
    while True:
        try:
            async with gw.jobs.exclusive("key-rotation") as mine:  # one worker at a time
                if mine:
                    await run_rotation(gw)
        except Exception:  # keep the job alive whatever one pass meets
            logger.exception("key rotation pass failed")
        await asyncio.sleep(interval)

"""A conversation that goes takes its part of the waves' example texts along; the
counts and indicators stay (a wave keeps them, as the figures do).

- The retention job (`erased=False`): the sightings' texts go. A wave a volunteer
  confirmed keeps the masked example it kept at confirmation.
- The resident's own erasure (`erased=True`): that example goes too when it came from
  this conversation, replaced by one from another conversation still there, if any.

The resident key goes either way: a report from a conversation that is gone still counts
once, unless it was a repeat (bot/waves/record.py: other_residents)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.waves.models import Sighting, Wave


async def forget_conversation(session: AsyncSession, conversation_id: str, erased: bool) -> None:
    rows = await session.execute(
        select(Sighting.id, Sighting.wave_id).where(Sighting.conversation_id == conversation_id)
    )
    found = rows.all()
    if not found:
        return
    ids = [sighting_id for sighting_id, _ in found]
    await session.execute(
        update(Sighting)
        .where(Sighting.id.in_(ids))
        .values(text=None, resident_key=None, conversation_id=None)
    )
    if not erased:
        return
    kept = await session.execute(select(Wave).where(Wave.kept_example_sighting_id.in_(ids)))
    for wave in kept.scalars():
        other = (
            await session.execute(
                select(Sighting.id, Sighting.text)
                .where(Sighting.wave_id == wave.id, Sighting.text.is_not(None), ~Sighting.review)
                .order_by(Sighting.seen_at.desc())
                .limit(1)
            )
        ).first()
        wave.kept_example = other[1] if other else None
        wave.kept_example_sighting_id = other[0] if other else None

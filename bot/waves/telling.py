"""What a resident who reported a scam message hears about its wave, put next to the
assistant's answer by the gateway (bot/conversation/with_assistant.py).

Said only when the message is in a wave: how often others reported it in the last 7 days
(once at least MIN_RESIDENTS distinct residents did, this one included), that a volunteer
confirmed it as fraud, and a coordinator's warning. A message that matches nothing gets
no word about counts: 'nog niet gemeld' would sound like 'veilig'."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.models import Conversation, Message
from bot.waves.record import Joined, record
from common.payloads import Insight

logger = logging.getLogger(__name__)

MIN_RESIDENTS = 3
# The resident's earlier words that may name their own number or IBAN: short messages
# of their own ('mijn nummer is ...'), not the pasted ones.
EARLIER_MESSAGES = 20
OWN_MESSAGE_WORDS = 30


def is_wave_note(text: str) -> bool:
    """The gateway's own note about a wave (not one of the assistant's answers)."""
    starts = (
        texts.WAVE_REPORTED.split("{")[0],
        texts.WAVE_CONFIRMED,
        texts.WAVE_WARNING.split("{")[0],
    )
    return text.startswith(starts)


def lines(joined: Joined) -> list[str]:
    said: list[str] = []
    if joined.counted and joined.others + 1 >= MIN_RESIDENTS:
        said.append(texts.WAVE_REPORTED.format(count=joined.others))
    if joined.confirmed and joined.counted:
        said.append(texts.WAVE_CONFIRMED)
    if joined.warning and joined.counted:
        said.append(texts.WAVE_WARNING.format(warning=joined.warning))
    return said


async def report(
    session: AsyncSession, conversation: Conversation, insights: list[Insight]
) -> list[str]:
    """Record the messages the assistant read this turn; what to tell the resident. A
    failure here costs the resident nothing but this note (a savepoint keeps the answer)."""
    said: list[str] = []
    for insight in insights:
        if not insight.reported.strip():
            continue
        try:
            async with session.begin_nested():
                earlier = await _earlier_words(session, conversation.id, insight.reported)
                own = "\n".join([insight.said, *earlier])
                joined = await record(
                    session, conversation, insight.reported, own, insight.scam_type
                )
        except Exception:  # the answer matters more than the count
            logger.exception("could not record a reported message in its wave")
            continue
        said += [line for line in lines(joined) if line not in said]
    return said


async def _earlier_words(session: AsyncSession, conversation_id: str, reported: str) -> list[str]:
    rows = await session.execute(
        select(Message.text)
        .where(Message.conversation_id == conversation_id, Message.role == "resident")
        .order_by(Message.id.desc())
        .limit(EARLIER_MESSAGES)
    )
    start = reported.strip()[:60]
    return [
        text
        for text in rows.scalars()
        if text and len(text.split()) <= OWN_MESSAGE_WORDS and start not in text
    ]

"""Labelled examples for improving the assistant: what residents wrote in cases where a
volunteer corrected the scam type or urgency, masked, with both readings. Only cases
whose resident agreed to have the conversation read (consent), and only while their
content exists (the retention job erases it)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.tables import _csv_safe
from bot.conversation.states import REFUSED
from bot.models import Case, Conversation, Message
from common.masking import Style, mask

HEADER = ("text", "scam_type", "urgent", "assistant_scam_type", "assistant_urgent")


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


async def labelled_examples(session: AsyncSession) -> list[tuple[str, ...]]:
    """One row per corrected case: the resident's messages joined and masked, the
    corrected values, then the assistant's original ones."""
    rows = await session.execute(
        select(Case)
        .join(Conversation, Conversation.id == Case.conversation_id)
        .where(
            Case.corrected_at.is_not(None),
            Case.consent.is_(True),
            Case.content_erased_at.is_(None),
        )
        .order_by(Case.id)
    )
    examples = []
    for case in rows.scalars():
        texts = await session.execute(
            select(Message.text)
            .where(
                Message.conversation_id == case.conversation_id,
                Message.role == "resident",
                Message.payload.is_(None),  # button presses are not the resident's words
                Message.status.not_in(REFUSED),
            )
            .order_by(Message.id)
        )
        joined = "\n".join(text.strip() for text in texts.scalars() if text.strip())
        if not joined:
            continue
        examples.append(
            (
                mask(joined, Style.RECORD),
                case.scam_type or "",
                _flag(case.urgent),
                case.assistant_scam_type or "",
                _flag(case.assistant_urgent),
            )
        )
    return examples


def to_csv(examples: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in examples:
        writer.writerow(tuple(_csv_safe(cell) for cell in row))
    return buffer.getvalue()

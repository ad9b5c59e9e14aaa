"""The report draft's SQL: keep the newest draft the assistant sent, read it, let a
volunteer change facts, and delete it (after folding its counts into the figures). Each
function works inside the caller's session; the caller commits.

Nothing here logs a fact: the draft holds the other party's IBAN, wallet, name and the
amount paid (common/report_draft.py: SENSITIVE)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.figures import fold_report_draft
from bot.models import Conversation, utcnow
from bot.reports.models import ReportDraftRow
from common.report_draft import FIELD_NAMES, FIELDS, ReportDraft

logger = logging.getLogger(__name__)

# One answer as the draft keeps it: a resident's message is already limited, this keeps
# a misbehaving sender from filling the PDF.
MAX_FACT_CHARS = 1000


def _kept(facts: Mapping[str, str]) -> dict[str, str]:
    return {name: value[:MAX_FACT_CHARS] for name, value in facts.items() if name in FIELD_NAMES}


async def latest(session: AsyncSession, conversation_id: str) -> ReportDraftRow | None:
    return await session.get(ReportDraftRow, conversation_id)


def _started_again(row: ReportDraftRow, draft: ReportDraft) -> bool:
    """A draft that was finished once, followed by an unfinished one with fewer facts:
    the resident began a new report (it counts as a new start). An unfinished one that
    keeps every fact is the same report being corrected."""
    was_finished = row.finished_at is not None
    return was_finished and not draft.finished and len(draft.facts) < len(row.facts or {})


async def record(
    session: AsyncSession, conversation: Conversation, drafts: Sequence[ReportDraft]
) -> bool:
    """Keep the newest of this turn's drafts; True when it is finished (the widget then
    offers the draft under the turn, Telegram sends the PDF)."""
    if not drafts:
        return False
    draft = drafts[-1]
    now = utcnow()
    row = await latest(session, conversation.id)
    if row is not None and _started_again(row, draft):
        await forget(session, conversation, fold=True)
        row = None
    if row is None:
        row = ReportDraftRow(conversation_id=conversation.id, started_at=now)
        session.add(row)
    row.scam_type = (draft.scam_type or "")[:40] or None
    row.facts = _kept(draft.facts)
    row.finished = draft.finished
    row.updated_at = now
    if draft.finished and row.finished_at is None:
        row.finished_at = now
    # Counts only: never a value.
    logger.debug("report draft kept: %d facts, finished=%s", len(row.facts), row.finished)
    return draft.finished


async def change_facts(
    session: AsyncSession, row: ReportDraftRow, changes: Mapping[str, str]
) -> list[str]:
    """A volunteer's corrections (an empty value removes a fact); the names of the
    facts that really changed, in the form's order."""
    before = row.draft()
    after = before.with_facts(_kept(changes))
    changed = [
        name for name, _label in FIELDS if before.facts.get(name, "") != after.facts.get(name, "")
    ]
    if changed:
        row.facts = dict(after.facts)
        row.updated_at = utcnow()
    return changed


async def forget(session: AsyncSession, conversation: Conversation, fold: bool) -> None:
    """Delete the conversation's draft. `fold`: add its counts to the figures first (a
    draft that goes while its conversation stays); when the whole conversation goes,
    bot/campaigns/figures.py's fold_conversation counts it with the rest."""
    row = await latest(session, conversation.id)
    if row is None:
        return
    if fold:
        await fold_report_draft(session, conversation, row)
    await session.execute(
        delete(ReportDraftRow).where(ReportDraftRow.conversation_id == conversation.id)
    )
    # The row object must not be written back by a later flush of this session.
    session.expunge(row)

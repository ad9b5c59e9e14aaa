"""The retention job: conversation content goes after the retention period.

A conversation with no message in the last N days (N set by the coordinator,
default RETENTION_DAYS) is deleted with its messages and Rasa tracker; its
cases keep only category, urgency, outcome and timestamps. Expired and idle console
sessions go too, and lock-outs of unknown names whose time is over. Runs in the
gateway every RETENTION_INTERVAL_SECONDS.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select

from bot.console.session_use import idle_sessions
from bot.conversation.contract import GatewayError
from bot.conversation.gateway import Gateway
from bot.helpdesk import cases
from bot.helpdesk.casework import erase_case_extras
from bot.models import Case, ConsoleSession, Conversation, Message, utcnow
from bot.scaleout import lockout_store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionResult:
    conversations: int
    cases: int


async def run_retention(gateway: Gateway, now: datetime | None = None) -> RetentionResult:
    now = now or utcnow()
    async with gateway.sessions() as session:
        days = await gateway.config.retention_days(session)
        cutoff = now - timedelta(days=days)
        recent = exists().where(
            Message.conversation_id == Conversation.id, Message.created_at >= cutoff
        )
        result = await session.execute(
            select(Conversation.id).where(Conversation.created_at < cutoff, ~recent)
        )
        expired = list(result.scalars())
    for conversation_id in expired:
        try:
            await gateway.erase(conversation_id, outcome="expired")
        except GatewayError:  # erased by the resident in the meantime
            continue
    async with gateway.sessions() as session:
        # Cases whose conversation went another way still hold a summary.
        result = await session.execute(
            select(Case).where(Case.created_at < cutoff, Case.content_erased_at.is_(None))
        )
        old_cases = list(result.scalars())
        for case in old_cases:
            cases.erase_content(case)
        # Notes and drafts are case content too: gone with it, whichever way it went.
        erased = select(Case.id).where(Case.content_erased_at.is_not(None))
        await erase_case_extras(session, list((await session.execute(erased)).scalars()))
        await session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
        idle = idle_sessions(gateway.settings, now)
        if idle is not None:
            await session.execute(idle)
        await session.execute(lockout_store.sweep(gateway.settings, now))
        await session.commit()
    if expired or old_cases:
        logger.info(
            "retention: %d conversations deleted, %d more cases emptied",
            len(expired),
            len(old_cases),
        )
    return RetentionResult(len(expired), len(old_cases))


async def retention_loop(gateway: Gateway) -> None:
    while True:
        try:
            async with gateway.jobs.exclusive("retention") as mine:  # one worker at a time
                if mine:
                    await run_retention(gateway)
        except Exception:  # keep the job alive whatever one pass meets
            logger.exception("retention pass failed")
        await asyncio.sleep(gateway.settings.retention_interval_seconds)

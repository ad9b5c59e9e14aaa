"""Erasure, two kinds. 'verwijder mijn gegevens' (asked in words, confirmed with a
button) empties the conversation but keeps it open; the widget's erase (and the
retention job) delete the conversation. Either way the cases keep only their
category, outcome and timestamps, and Rasa's tracker forgets the conversation."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.campaigns.figures import fold_conversation
from bot.conversation import store
from bot.conversation.contract import Outcome, Turn
from bot.conversation.gateway_replies import say
from bot.conversation.states import CaseStatus, ConversationEvent, transition
from bot.helpdesk import cases
from bot.helpdesk.casework import erase_case_extras
from bot.models import Case, Message
from bot.reports import store as report_drafts
from bot.waves.forget import forget_conversation

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)


def asked(turn: Turn) -> bool:
    return turn.typed and cases.erase_requested(turn.message.text)


async def ask(gw: Gateway, turn: Turn) -> Outcome:
    """'verwijder mijn gegevens': first the question, with yes and no buttons."""
    buttons = cases.erase_buttons()
    return await say(gw, turn.conversation_id, turn.message, texts.ERASE_QUESTION, buttons)


async def erase(gw: Gateway, conversation_id: str, outcome: str = "erased") -> None:
    """Delete the conversation and its messages."""
    async with gw.locks.hold(conversation_id), gw.sessions() as session:
        conversation = await store.conversation(session, conversation_id)
        touched = await erase_cases(session, conversation_id, outcome)
        # The anonymous figures outlive the conversation (bot/campaigns/figures.py), and
        # so do the waves' counts; the waves' example texts go with it (bot/waves/forget.py).
        await fold_conversation(session, conversation)  # the report draft's counts too
        await forget_conversation(session, conversation_id, erased=outcome != "expired")
        await report_drafts.forget(session, conversation, fold=False)
        await session.delete(conversation)
        await session.commit()
    gw.locks.forget(conversation_id)
    await after_erase(gw, conversation_id, touched)


async def erase_content(gw: Gateway, conversation_id: str) -> list[Message]:
    """Every message and the case content go; the conversation stays open, now empty
    but for the confirmation, and back with the assistant."""
    async with gw.sessions() as session:
        conversation = await store.conversation(session, conversation_id)
        touched = await erase_cases(session, conversation_id)
        await store.delete_messages(session, conversation_id)
        await forget_conversation(session, conversation_id, erased=True)
        # The conversation stays, so its report draft's counts are folded on their own.
        await report_drafts.forget(session, conversation, fold=True)
        transition(conversation, ConversationEvent.CONTENT_ERASED)
        conversation.rasa_paused = False  # Rasa forgets the tracker below
        confirmation = store.bot_message(conversation_id, texts.ERASED)
        session.add(confirmation)
        await session.commit()
    await after_erase(gw, conversation_id, touched)
    return [confirmation]


async def erase_cases(
    session: AsyncSession, conversation_id: str, outcome: str = "erased"
) -> list[int]:
    result = await session.execute(select(Case).where(Case.conversation_id == conversation_id))
    touched = []
    for case in result.scalars():
        cases.erase_content(case)
        if case.status != CaseStatus.CLOSED:
            cases.close(case, outcome, "erased")
        touched.append(case.id)
    await erase_case_extras(session, touched)  # the team's notes and drafts on them
    return touched


async def after_erase(gw: Gateway, conversation_id: str, touched: list[int]) -> None:
    for case_id in touched:
        gw.notifier.console("queue", case_id)
    if not await gw.rasa.forget(conversation_id):
        logger.warning("could not erase a conversation in Rasa's tracker store")

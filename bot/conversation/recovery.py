"""Recovery: messages kept while Rasa was away (or when the gateway stopped before
answering) are answered when Rasa is back, oldest first, and delivered as later
messages (the widget's event stream, Telegram). Runs before each new message of the
conversation and in a background loop."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.conversation import delivery, store
from bot.conversation.intake import as_rasa_text
from bot.conversation.states import HANDOFF_STATES, MessageEvent, transition
from bot.conversation.with_assistant import after_record, record_answer, resume_rasa
from bot.models import Conversation
from bot.rasa_client import RasaUnavailable

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)


async def answer_pending(gw: Gateway, conversation_id: str) -> None:
    async with gw.sessions() as session:
        pending = await store.pending(session, conversation_id)
        if not pending:  # answered meanwhile (by the recovery loop of another worker)
            return
        conversation = await session.get(Conversation, conversation_id)
        if conversation is not None and conversation.state in HANDOFF_STATES:
            # The case has them now: for the volunteer, not for the assistant.
            for message in pending:
                transition(message, MessageEvent.FOR_THE_CASE)
            await session.commit()
            return
    for message in pending:
        rasa_text = message.payload or as_rasa_text(message.text)
        try:
            # A slow Rasa may have answered after our timeout: use that answer rather
            # than sending the message a second time.
            replies = await gw.rasa.answered_last(conversation_id, rasa_text)
            if replies is None:
                if not await resume_rasa(gw, conversation_id):
                    return
                replies = await gw.rasa.send(conversation_id, rasa_text)
        except RasaUnavailable:
            return
        recorded = await record_answer(gw, conversation_id, message.id, replies, delayed=True)
        await delivery.deliver(gw, recorded.conversation, recorded.messages)
        await after_record(gw, recorded)
        if recorded.case is not None:
            await answer_pending(gw, conversation_id)  # the rest goes to the case
            return


async def answer_all_pending(gw: Gateway) -> int:
    """One pass of the recovery loop: how many conversations had pending messages."""
    async with gw.sessions() as session:
        ids = await store.conversations_with_pending(session)
    for conversation_id in ids:
        async with gw.locks.hold(conversation_id):
            await answer_pending(gw, conversation_id)
    return len(ids)


async def loop(gw: Gateway) -> None:
    """At start (a restart answers what the last run left) and then every interval; in
    one worker at a time."""
    while True:
        try:
            async with gw.jobs.exclusive("recovery") as mine:
                if mine:
                    await answer_all_pending(gw)
        except Exception:  # keep the loop alive whatever one pass meets
            logger.exception("recovery pass failed")
        await asyncio.sleep(gw.settings.retry_interval_seconds)

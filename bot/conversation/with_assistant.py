"""The conversation with the assistant (states bot and closed): the message goes to
Rasa with no transaction open, the answer is stored in a short one, and an assistant's
hand-off opens a case. When Rasa is unreachable the resident gets the essential
advice at once and the message stays pending for the recovery loop (recovery.py).

Rasa's tracker is paused while a case is open, so the assistant does not answer a
message meant for the volunteer; `Conversation.rasa_paused` records that the pause
event is stored there, and a resume is retried before the next message if Rasa was
away when it was due."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.button_match import answer_kind
from bot.conversation import store
from bot.conversation.contract import Outcome, Recorded, Turn
from bot.conversation.gateway_replies import say
from bot.conversation.intake import as_rasa_text
from bot.conversation.states import (
    HANDOFF_STATES,
    ConversationEvent,
    MessageEvent,
    transition,
)
from bot.helpdesk import cases
from bot.helpdesk.labels import scam_label
from bot.languages import reply as other_language
from bot.models import Conversation, Message
from bot.rasa_client import RasaUnavailable
from bot.replies import BotReply, parse
from bot.reports import store as report_drafts
from bot.waves import telling as waves
from common.rest_metadata import OWN_WORDS

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)

# A crisis message this short carries no story for the assistant to read.
CRISIS_ONLY_WORDS = 12


async def handle(gw: Gateway, turn: Turn) -> Outcome:
    message = turn.message
    if turn.safety and len(message.text.split()) <= CRISIS_ONLY_WORDS:
        # Only the cry itself: no scam to guess at. Offer to listen, and a person.
        buttons = [cases.volunteer_button()]
        return await say(gw, turn.conversation_id, message, texts.CRISIS_OFFER, buttons)
    if turn.typed and answer_kind(message.text) == "none":
        # 'iets anders' where no such button was offered: never guess a scam.
        return await say(gw, turn.conversation_id, message, texts.TELL_IN_OWN_WORDS)
    language = await other_language.language_of(gw, turn)
    if language is not None:
        # Clearly not Dutch: said honestly, in Dutch and that language; not to Rasa.
        return await other_language.answer(gw, turn, language)
    return await answer(
        gw, turn.conversation_id, message, turn.conversation.rasa_paused, turn.own_words
    )


async def answer(
    gw: Gateway,
    conversation_id: str,
    message: Message,
    paused: bool | None = None,
    own_words: str | None = None,
) -> Outcome:
    """Ask Rasa with no transaction open, then store the answer in a short one.
    `own_words`: the resident's words beside a text read from a screenshot."""
    rasa_text = message.payload if message.payload is not None else as_rasa_text(message.text)
    try:
        if not await resume_rasa(gw, conversation_id, paused):
            raise RasaUnavailable("could not resume the conversation in Rasa")
        metadata = {OWN_WORDS: own_words} if own_words is not None else None
        replies = await gw.rasa.send(conversation_id, rasa_text, metadata)
    except RasaUnavailable as error:
        logger.warning("Rasa unavailable for a conversation: %s", error)
        async with gw.sessions() as session:
            fallback = [
                store.bot_message(conversation_id, text)
                for text in (texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE)
            ]
            session.add_all(fallback)
            await session.commit()
            return Outcome([m.as_dict() for m in fallback], degraded=True)
    recorded = await record_answer(gw, conversation_id, message.id, replies, delayed=False)
    await after_record(gw, recorded)
    return Outcome([m.as_dict() for m in recorded.messages], state=recorded.conversation.state)


async def record_answer(
    gw: Gateway, conversation_id: str, message_id: int, replies: list[dict[str, Any]], delayed: bool
) -> Recorded:
    """Mark the resident's message answered and store the replies (and a case the
    assistant asked for), in one transaction."""
    async with gw.sessions() as session:
        conversation = await store.conversation(session, conversation_id)
        transition(await store.stored_message(session, message_id), MessageEvent.ANSWERED)
        transition(conversation, ConversationEvent.ASSISTANT_ANSWERED)
        recorded = await store_replies(gw, session, conversation, replies, delayed)
        await session.commit()
        return recorded


async def store_replies(
    gw: Gateway,
    session: AsyncSession,
    conversation: Conversation,
    replies: list[dict[str, Any]],
    delayed: bool,
) -> Recorded:
    parsed = parse(replies)
    for insight in [*parsed.insights, *parsed.handoffs]:
        if insight.scam_type:
            conversation.scam_type = insight.scam_type[:40]
        if insight.urgent:
            conversation.urgent = True
    replies_shown = list(parsed.messages)
    wave_lines = await waves.report(session, conversation, parsed.insights)
    if wave_lines:
        # Second, after the assistant's first bubble (the urgent step when there is one).
        at = min(1, len(replies_shown))
        replies_shown[at:at] = [BotReply("\n\n".join(wave_lines))]
    stored = bot_messages(conversation, replies_shown, delayed)
    # The report form's draft (issue 16): kept with the conversation; once finished, the
    # assistant's last bubble of the turn (it sends the draft's text there; a wave note
    # may follow it) carries the offer to copy it or download it as PDF.
    if await report_drafts.record(session, conversation, parsed.report_drafts) and parsed.messages:
        last = next(i for i, r in enumerate(replies_shown) if r is parsed.messages[-1])
        stored[last].report_draft = True
    if any(i.advice_done for i in parsed.insights) and not parsed.handoffs:
        helped = [BotReply(texts.HELPED_QUESTION, cases.helped_buttons())]
        stored += bot_messages(conversation, helped, delayed)
    session.add_all(stored)
    case = None
    if parsed.handoffs and conversation.state not in HANDOFF_STATES:
        case, next_steps = await cases.open_case(
            session, conversation, parsed.handoffs[0], gw.config, gw.settings
        )
        more = bot_messages(conversation, next_steps, delayed)
        session.add_all(more)
        stored += more
    await session.flush()
    return Recorded(conversation, stored, case)


def bot_messages(
    conversation: Conversation, replies: list[BotReply], delayed: bool
) -> list[Message]:
    return [
        store.bot_message(conversation.id, reply.text, reply.buttons, delayed) for reply in replies
    ]


async def resume_rasa(gw: Gateway, conversation_id: str, paused: bool | None = None) -> bool:
    """Record the resume in Rasa's tracker (retried before the next message if Rasa is
    away now). `paused`: the conversation's flag when the caller already has it."""
    if paused is None:
        async with gw.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
            paused = conversation is not None and conversation.rasa_paused
    if not paused:
        return True
    if not await gw.rasa.append_event(conversation_id, {"event": "resume"}):
        return False
    async with gw.sessions() as session:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is not None:
            conversation.rasa_paused = False
            await session.commit()
    return True


async def pause_rasa(gw: Gateway, conversation_id: str) -> None:
    if await gw.rasa.append_event(conversation_id, {"event": "pause"}):
        async with gw.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is not None:
                conversation.rasa_paused = True
                await session.commit()
    else:
        logger.warning("could not record the pause in Rasa's tracker")


async def after_record(gw: Gateway, recorded: Recorded) -> None:
    """After the commit: pause Rasa's tracker and tell the volunteers about a new case."""
    case = recorded.case
    if case is None:
        return
    await pause_rasa(gw, recorded.conversation.id)
    gw.notifier.console("queue", case.id, new=True, urgent=case.urgent, crisis=case.crisis)
    if case.urgent:
        label = texts.CRISIS_LABEL if case.crisis else scam_label(case.scam_type)
        await gw.notifier.urgent_case(case.id, label)

"""Waiting for a volunteer, or talking with one (states waiting and volunteer): the
resident's messages are for the case, not for the assistant (which is paused). The
safety net still answers first (intake.py); damage told now gets the urgent step at
once, because the volunteer may be hours away; the consent question is heard in the
resident's own words; and the resident is told once that the volunteer will read it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot import safety, texts
from bot.conversation import store, with_assistant
from bot.conversation.contract import Outcome, Turn
from bot.conversation.intake import as_rasa_text
from bot.conversation.states import CaseStatus, ConversationEvent, MessageEvent, transition
from bot.helpdesk import cases
from bot.helpdesk.labels import scam_label
from bot.helpdesk.queue_wait import cases_ahead, still_waiting_text
from bot.models import Case, Message
from common.case_facts import payment_method
from common.damage import detect_damage, in_digid_case, order_damage
from common.scam_types import SCAM_TYPES

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)
# A message this long may tell the story; how sure the NLU must be of its type.
STORY_MIN_WORDS = 5
SURE = 0.8


async def handle(gw: Gateway, turn: Turn) -> Outcome:
    """The message is for the case. (A conversation left in such a state without an
    open case goes back to the assistant, so the resident is never left unanswered.)"""
    conversation_id, message = turn.conversation_id, turn.message
    told = await scam_type_told(gw, turn)
    async with gw.sessions() as session:
        case = await cases.open_case_of(session, conversation_id)
        if case is None:
            transition(
                await store.conversation(session, conversation_id), ConversationEvent.CASE_LOST
            )
            await session.commit()
            logger.warning("a conversation waited for a volunteer without an open case")
            return await with_assistant.answer(gw, conversation_id, message)
        transition(await store.stored_message(session, message.id), MessageEvent.FOR_THE_CASE)
        if told and case.scam_type is None:
            # Asked for a person before telling the story: the story names the type now.
            case.scam_type = told
            (await store.conversation(session, conversation_id)).scam_type = told
        said = urgent_step(case, message, await cases.is_digid_case(session, case))
        newly_urgent = bool(said) and not case.urgent
        if said:
            case.urgent = True
        stored = [store.bot_message(conversation_id, text) for text in said]
        answer = cases.consent_answer(message.text)
        if case.consent is None and answer is not None:
            case.consent = answer
            stored.append(
                store.bot_message(
                    conversation_id, texts.CONSENT_GIVEN if answer else texts.CONSENT_REFUSED
                )
            )
        elif case.status == CaseStatus.OPEN and not case.waiting_told:
            case.waiting_told = True
            notice = still_waiting_text(await cases_ahead(session, case))
            stored.append(store.bot_message(conversation_id, notice, cases.back_to_bot_button()))
        session.add_all(stored)
        await session.commit()
    gw.notifier.console("message", case.id)
    if newly_urgent:
        gw.notifier.console("queue", case.id, urgent=True, escalated=True)
        await gw.notifier.urgent_case(case.id, scam_label(case.scam_type))
    return Outcome([m.as_dict() for m in stored])


async def scam_type_told(gw: Gateway, turn: Turn) -> str | None:
    """The scam type a story told while waiting names, read by the assistant's NLU only
    (no dialogue turn: the assistant stays paused); only while the type is unknown."""
    message = turn.message
    if turn.conversation.scam_type or message.payload is not None:
        return None
    if len(message.text.split()) < STORY_MIN_WORDS:
        return None
    reading = await gw.rasa.reading(as_rasa_text(message.text))
    return scam_type_of(reading) if reading else None


def scam_type_of(reading: dict[str, Any]) -> str | None:
    """A scam type the NLU is sure of: the intent itself, or the scam-type head."""
    intent = reading.get("intent") or {}
    if intent.get("name") in SCAM_TYPES and float(intent.get("confidence") or 0) >= SURE:
        return str(intent["name"])
    ranking = [r for r in reading.get("scam_type_ranking") or [] if isinstance(r, dict)]
    if ranking and ranking[0].get("name") in SCAM_TYPES:
        if float(ranking[0].get("confidence") or 0) >= SURE:
            return str(ranking[0]["name"])
    return None


def urgent_step(case: Case, message: Message, digid_case: bool = False) -> list[str]:
    """Damage told to a waiting case: the urgent step at once, the step that fits the kind
    (login details given in a DigiD case are DigiD's, not the bank's), and the case's
    damage grows; 'do this first' is added when the case was not urgent yet."""
    kinds = detect_damage(message.text) if message.payload is None else []
    kinds = in_digid_case(kinds, message.text, digid_case)
    if not kinds:
        return []
    case.damage = order_damage(set(case.damage or []) | set(kinds))
    said = safety.urgent_step_texts(kinds, payment_method(message.text))
    if not case.urgent:
        said.append(texts.URGENT_NOW_FIRST)
    return said

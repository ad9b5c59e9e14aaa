"""The gateway's own buttons (payloads starting with '!'), in any state: erase or keep
the conversation, consent for a volunteer to read along, back to the assistant, and
the answer to 'heeft dit advies je geholpen?'. The button's payload says which; no
decision rests on the wording of an earlier message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import texts
from bot.campaigns.models import Feedback
from bot.conversation import erasure, store
from bot.conversation.contract import GatewayError, Outcome, Turn
from bot.conversation.gateway_replies import say
from bot.conversation.states import CaseStatus, ConversationEvent, MessageEvent, transition
from bot.conversation.with_assistant import resume_rasa
from bot.helpdesk import cases

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway


async def handle(gw: Gateway, turn: Turn) -> Outcome:
    payload, cid, message = turn.message.payload, turn.conversation_id, turn.message
    if payload == cases.ERASE_YES:
        erased = await erasure.erase_content(gw, cid)
        return Outcome([m.as_dict() for m in erased], erased=True)
    if payload == cases.ERASE_NO:
        return await say(gw, cid, message, texts.ERASE_CANCELLED)
    if payload in (cases.CONSENT_YES, cases.CONSENT_NO):
        return await consent(gw, turn, payload == cases.CONSENT_YES)
    if payload == cases.BACK_TO_BOT:
        return await back_to_assistant(gw, turn)
    if payload in (cases.HELPED_YES, cases.HELPED_NO):
        return await helped(gw, turn, payload == cases.HELPED_YES)
    raise GatewayError(400, "unknown_button", texts.UNKNOWN_BUTTON)


async def consent(gw: Gateway, turn: Turn, given: bool) -> Outcome:
    async with gw.sessions() as session:
        case = await cases.open_case_of(session, turn.conversation_id)
        if case is not None:
            case.consent = given
            await session.commit()
    if case is not None:
        gw.notifier.console("message", case.id)
    waiting = case is not None and case.status == CaseStatus.OPEN
    buttons = cases.back_to_bot_button() if waiting else []
    text = texts.CONSENT_GIVEN if given else texts.CONSENT_REFUSED
    return await say(gw, turn.conversation_id, turn.message, text, buttons)


async def helped(gw: Gateway, turn: Turn, was_helped: bool) -> Outcome:
    """'Heeft dit geholpen?': kept for the anonymous figures, never with the text."""
    async with gw.sessions() as session:
        conversation = await store.conversation(session, turn.conversation_id)
        session.add(
            Feedback(
                conversation_id=conversation.id,
                campaign=conversation.campaign,
                channel=conversation.channel,
                scam_type=conversation.scam_type,
                helped=was_helped,
            )
        )
        await session.commit()
    if was_helped:
        return await say(gw, turn.conversation_id, turn.message, texts.HELPED_THANKS)
    volunteer = [cases.volunteer_button()]
    return await say(gw, turn.conversation_id, turn.message, texts.NOT_HELPED, volunteer)


async def back_to_assistant(gw: Gateway, turn: Turn) -> Outcome:
    """The resident stops waiting: the case closes, the assistant answers again."""
    cid, message = turn.conversation_id, turn.message
    async with gw.sessions() as session:
        conversation = await store.conversation(session, cid)
        case = await cases.open_case_of(session, cid)
        if case is not None and case.status != CaseStatus.OPEN:
            await session.rollback()
            return await say(
                gw, cid, message, texts.ALREADY_WITH_VOLUNTEER, event=MessageEvent.FOR_THE_CASE
            )
        if case is not None:
            cases.close(case, "withdrawn", "resident")
        transition(conversation, ConversationEvent.RESIDENT_BACK)
        await session.commit()
    if case is not None:
        gw.notifier.console("queue", case.id)
    await resume_rasa(gw, cid)
    return await say(gw, cid, message, texts.BACK_TO_BOT)

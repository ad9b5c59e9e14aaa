"""Cases on the resident's side: opening one from the assistant's hand-off payload,
what the resident is told next, consent, and the messages a volunteer may read."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.button_match import answer_kind
from bot.conversation import states
from bot.helpdesk.config import HelpdeskConfig
from bot.helpdesk.presence import expected_wait_minutes, volunteers_online
from bot.helpdesk.queue_wait import cases_ahead, waiting_text
from bot.models import Case, Conversation, Message, utcnow
from bot.replies import BotReply
from bot.settings import Settings
from common.damage import DIGID, about_digid
from common.payloads import Handoff

# Button payloads the gateway handles itself (never sent to Rasa). A payload is
# only accepted when it was offered, so a resident cannot type one.
COMMAND_PREFIX = "!"
CONSENT_YES = "!consent:yes"
CONSENT_NO = "!consent:no"
BACK_TO_BOT = "!back_to_bot"
ERASE_YES = "!erase:yes"
ERASE_NO = "!erase:no"
HELPED_YES = "!helped:yes"
HELPED_NO = "!helped:no"
# Resident messages the assistant does not see while a volunteer has the case.
# Re-exported for the helpdesk: the states live in bot/conversation/states.py.
HANDOFF_STATES = states.HANDOFF_STATES
# Kept in the database, never part of a history or a case.
REFUSED = states.REFUSED

_ERASE_VERB = re.compile(
    r"\b(verwijder\w*|wis|wissen|gewist|delete|vergeet|weghalen)\b|\bhaal\b.*\bweg\b", re.I
)
_ERASE_OBJECT = re.compile(
    r"\b(gegevens|gesprek\w*|data|berichten|chat|privacygegevens|persoonsgegevens)\b", re.I
)
# 'alles', 'mij' and 'me' are what a request is about only next to it: 'wis alles', 'vergeet
# mij', 'kunnen jullie alles wissen'; not 'hij liet me de app verwijderen'.
_ERASE_ALL_OR_ME = re.compile(
    r"\b(verwijder|wis|vergeet|delete|haal)\s+(alles|mij|me)\b"
    r"|\b(jullie|je|u)\b.*\b(alles|mij|me)\s+(verwijderen|wissen|vergeten|weghalen)\b",
    re.I,
)
_ERASE_MAX_WORDS = 10


def erase_requested(text: str) -> bool:
    """'verwijder mijn gegevens', 'wis dit gesprek', 'vergeet mij', ... (short messages only,
    so a story that mentions deleting something is not taken for a request)."""
    if not 0 < len(text.split()) <= _ERASE_MAX_WORDS:
        return False
    if _ERASE_ALL_OR_ME.search(text):
        return True
    return bool(_ERASE_VERB.search(text)) and bool(_ERASE_OBJECT.search(text))


def consent_answer(text: str) -> bool | None:
    """A typed yes or no to the consent question (the buttons are the usual way)."""
    kind = answer_kind(text)
    return {"yes": True, "no": False}.get(kind or "")


def consent_buttons() -> list[dict[str, str]]:
    return [
        {"title": texts.CONSENT_YES_BUTTON, "payload": CONSENT_YES},
        {"title": texts.CONSENT_NO_BUTTON, "payload": CONSENT_NO},
    ]


def volunteer_button() -> dict[str, str]:
    """Asks the assistant for a volunteer in the resident's words (not a command)."""
    return {"title": texts.VOLUNTEER_BUTTON, "payload": texts.VOLUNTEER_REQUEST}


def back_to_bot_button() -> list[dict[str, str]]:
    return [{"title": texts.BACK_TO_BOT_BUTTON, "payload": BACK_TO_BOT}]


def helped_buttons() -> list[dict[str, str]]:
    return [
        {"title": texts.HELPED_YES_BUTTON, "payload": HELPED_YES},
        {"title": texts.HELPED_NO_BUTTON, "payload": HELPED_NO},
    ]


def erase_buttons() -> list[dict[str, str]]:
    return [
        {"title": texts.ERASE_YES_BUTTON, "payload": ERASE_YES},
        {"title": texts.ERASE_NO_BUTTON, "payload": ERASE_NO},
    ]


async def open_case(
    session: AsyncSession,
    conversation: Conversation,
    handoff: Handoff,
    config: HelpdeskConfig,
    settings: Settings,
) -> tuple[Case, list[BotReply]]:
    """A case from the assistant's payload, and what the resident is told now."""
    await session.flush()
    last_id = await session.scalar(
        select(func.max(Message.id)).where(Message.conversation_id == conversation.id)
    )
    # A life in danger mentioned earlier in the conversation: first in the queue, marked.
    urgent = handoff.urgent or conversation.crisis
    # The assistant's best reading of the whole conversation: a hand-off asked for before
    # the type was named in that turn still carries the type an earlier turn recognised.
    scam_type = handoff.scam_type or conversation.scam_type
    case = Case(
        conversation_id=conversation.id,
        channel=conversation.channel,
        campaign=conversation.campaign,
        scam_type=scam_type[:40] if scam_type else None,
        urgent=urgent,
        crisis=conversation.crisis,
        damage=[kind[:40] for kind in handoff.damage],
        reason=handoff.reason[:24],
        summary=handoff.summary[:2000],
        opened_after_message_id=int(last_id or 0),
    )
    session.add(case)
    states.transition(conversation, states.ConversationEvent.HANDED_OFF)
    ahead = await cases_ahead(session, case)
    replies = [BotReply(await next_steps(session, config, settings, ahead, case.channel))]
    replies.append(BotReply(texts.CONSENT_QUESTION, consent_buttons()))
    await session.flush()
    return case, replies


async def next_steps(
    session: AsyncSession,
    config: HelpdeskConfig,
    settings: Settings,
    ahead: int,
    channel: str = "widget",
) -> str:
    """Honest: a volunteer is online, where the resident stands and (when first) about
    how long it takes; or nobody is, when they are there and the helpline to call now."""
    if await volunteers_online(session, settings.presence_seconds):
        minutes = await expected_wait_minutes(session, settings.default_wait_minutes)
        return waiting_text(ahead, True, minutes, "", channel)
    hours = await config.opening_hours(session)
    return waiting_text(ahead, False, 0, hours.describe(), channel)


async def open_case_of(session: AsyncSession, conversation_id: str) -> Case | None:
    """The conversation's case that is not closed yet (at most one)."""
    result = await session.execute(
        select(Case)
        .where(Case.conversation_id == conversation_id, Case.status != states.CaseStatus.CLOSED)
        .order_by(Case.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def conversation_of(session: AsyncSession, case: Case) -> Conversation | None:
    """The case's conversation, or None once it was deleted (retention, erasure)."""
    if case.conversation_id is None:
        return None
    return await session.get(Conversation, case.conversation_id)


async def case_messages(session: AsyncSession, case: Case) -> list[Message]:
    """What a volunteer may read: everything with consent, else only what came after."""
    if case.conversation_id is None:
        return []
    query = select(Message).where(
        Message.conversation_id == case.conversation_id, Message.status.not_in(REFUSED)
    )
    if not case.consent:
        query = query.where(Message.id > case.opened_after_message_id)
    result = await session.execute(query.order_by(Message.id))
    return list(result.scalars())


async def is_digid_case(session: AsyncSession, case: Case) -> bool:
    """The case is about DigiD: its damage, its summary or the resident's own words so far
    name it (so a later 'ik heb mijn gegevens gegeven' gets DigiD's urgent step)."""
    if DIGID in (case.damage or []) or about_digid(case.summary):
        return True
    if case.conversation_id is None:
        return False
    result = await session.execute(
        select(Message.text).where(
            Message.conversation_id == case.conversation_id,
            Message.role == "resident",
            Message.status.not_in(REFUSED),
        )
    )
    return any(about_digid(text) for text in result.scalars())


def close(case: Case, outcome: str, ending: str) -> None:
    states.transition(case, states.CaseEvent.CLOSE)
    case.outcome = outcome
    case.ending = ending
    case.closed_at = utcnow()


def erase_content(case: Case) -> None:
    """Keep category, urgency, outcome and timestamps; drop what the resident told."""
    case.summary = ""
    case.content_erased_at = utcnow()

"""A resident's message comes in: stored first (nothing the resident sent is lost),
refused with a Dutch reason when empty, too long or too fast, read as a button when it
names one, and checked by the safety net (113/112) before anything else, in every
state. Typed text never reaches Rasa as an intent command (leading '/' removed)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from bot import safety, texts
from bot.button_match import MAX_WORDS, ButtonMatch, by_intent, match_button
from bot.conversation import store
from bot.conversation.contract import GatewayError, Turn
from bot.conversation.states import MessageEvent, MessageStatus, transition
from bot.helpdesk import cases
from bot.keyrotation import residents
from bot.models import Conversation, Message, utcnow
from common.crisis import detect_crisis

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

_LEADING_SLASHES = re.compile(r"^\s*/+\s*")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")
# How sure the NLU must be that a short paraphrase answers the gateway's own question.
PARAPHRASE_CONFIDENCE = 0.6
PARAPHRASE_WORDS = 6


def is_blank(text: str | None) -> bool:
    return not _INVISIBLE.sub("", text or "")


def clean_text(text: str) -> str:
    """Storable text: no NUL characters or lone surrogates (PostgreSQL refuses both)."""
    text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def as_rasa_text(text: str) -> str:
    """A resident's words as plain text: never a '/intent' command."""
    return _LEADING_SLASHES.sub("", text)


def is_command(message: Message) -> bool:
    return message.payload is not None and message.payload.startswith(cases.COMMAND_PREFIX)


async def store_message(
    gw: Gateway,
    conversation_id: str,
    text: str | None,
    payload: str | None,
    client_key: str | None = None,
    pending_first: bool = False,
    preface: list[str] | None = None,
) -> Turn:
    """Store first (a short transaction of its own). Kept as pending until answered, so
    a restart answers it. A press must be one of the buttons of the latest bot turn.
    The sender's key (bot/conversation/resends.py) is kept with an accepted message.
    `pending_first`: raise PendingFirst, storing nothing, while earlier messages of the
    conversation wait for an answer (asked in this transaction: the usual case, none
    waiting, costs no transaction of its own)."""
    async with gw.sessions() as session:
        conversation = await store.conversation(session, conversation_id)
        if pending_first and await store.has_pending(session, conversation.id):
            raise PendingFirst
        # Under an old pseudonym key: the resident moves to the current one with this
        # message (bot/keyrotation/residents.py).
        await residents.bring_up_to_date(session, gw.settings.pseudonym_keys, conversation)
        # Only a press or a short reply can name a button: a story needs no lookup, and
        # the text of a screenshot is never a reply to one.
        names_a_button = not preface and (
            payload is not None or len((text or "").split()) <= MAX_WORDS
        )
        offered = await store.offered_buttons(session, conversation.id) if names_a_button else []
        if payload is not None:
            payload = clean_text(payload)
            button = next((b for b in offered if b.get("payload") == payload), None)
            if button is None:
                raise GatewayError(400, "unknown_button", texts.UNKNOWN_BUTTON)
            message = Message(
                conversation_id=conversation.id,
                role="resident",
                text=str(button.get("title") or payload),
                payload=payload,
                status=MessageStatus.PENDING,
            )
        else:
            message = Message(
                conversation_id=conversation.id,
                role="resident",
                text=clean_text(text or ""),
                status=MessageStatus.PENDING,
            )
        # The resident is active (volunteers see it), and the conversation now counts in
        # the figures as one, not as a mere visit.
        conversation.last_resident_at = utcnow()
        refusal = await refusal_of(gw, conversation, message)
        if refusal is not None:
            event, status, code, reason = refusal
            transition(message, event)
            session.add(message)
            await session.commit()
            raise GatewayError(status, code, reason)
        if is_command(message):
            transition(message, MessageEvent.ANSWERED)
        message.client_key = client_key
        session.add(message)
        prefaced = [store.bot_message(conversation.id, t) for t in preface or []]
        if prefaced:
            await session.flush()  # the resident's message first, in id order too
            session.add_all(prefaced)
        try:
            await session.commit()
        except IntegrityError:
            # The only unique key a new message can break: (conversation, client key).
            # The database decides, so the usual first send costs no lookup.
            if client_key is None:
                raise
            raise SentBefore(client_key) from None
        return Turn(conversation, message, offered, preface=prefaced)


class SentBefore(Exception):
    """This conversation already has a message with this client key (resends.py)."""


class PendingFirst(Exception):
    """Earlier messages of this conversation wait for an answer: those go first."""


async def refusal_of(
    gw: Gateway, conversation: Conversation, message: Message
) -> tuple[MessageEvent, int, str, str] | None:
    if message.payload is None:
        if is_blank(message.text):
            return (MessageEvent.REFUSED_EMPTY, 400, "empty", texts.EMPTY)
        limit = gw.settings.max_message_chars
        if len(message.text) > limit:
            reason = texts.TOO_LONG.format(limit=limit)
            return (MessageEvent.REFUSED_TOO_LONG, 413, "too_long", reason)
    if not await gw.limiter.allowed(conversation.resident_key):
        return (MessageEvent.REFUSED_RATE_LIMITED, 429, "rate_limited", texts.RATE_LIMITED)
    return None


async def read_as_button(gw: Gateway, turn: Turn) -> None:
    """A typed reply that names an offered button acts as pressing it. A paraphrase
    ('ja hoor, doe maar') is read by the NLU for the gateway's own buttons; for the
    assistant's buttons the words go to the assistant itself, whose NLU reads them
    the same way and keeps what else they say (an amount, how it was paid)."""
    message, offered = turn.message, turn.offered
    if message.payload is not None or not offered:
        return
    match: ButtonMatch | None = match_button(message.text, offered)
    commands = [b for b in offered if str(b.get("payload")).startswith(cases.COMMAND_PREFIX)]
    if match is None and commands and len(message.text.split()) <= PARAPHRASE_WORDS:
        parsed = await gw.rasa.parse(as_rasa_text(message.text))
        if parsed is not None and parsed[1] >= PARAPHRASE_CONFIDENCE:
            match = by_intent(parsed[0], commands)
    if match is None:
        return
    message.payload = match.payload
    async with gw.sessions() as session:
        stored = await store.stored_message(session, message.id)
        stored.payload = match.payload
        if match.payload.startswith(cases.COMMAND_PREFIX):
            transition(stored, MessageEvent.ANSWERED)
            transition(message, MessageEvent.ANSWERED)
        await session.commit()


async def safety_net(gw: Gateway, turn: Turn) -> list[Message]:
    """113 (and 112 when life is in danger now) before anything else, in every state;
    an open case goes to the top of the queue with the marker."""
    conversation, message = turn.conversation, turn.message
    kinds = detect_crisis(message.text) if message.payload is None else []
    if not kinds:
        return []
    async with gw.sessions() as session:
        stored_conversation = await store.conversation(session, conversation.id)
        stored_conversation.crisis = conversation.crisis = True
        case = await cases.open_case_of(session, conversation.id)
        if case is not None:
            case.crisis = case.urgent = True
        replies = [store.bot_message(conversation.id, text) for text in safety.crisis_texts(kinds)]
        session.add_all(replies)
        if turn.preface:
            # 113 before what was read in a screenshot, in the history too: the stored
            # 'Ik las dit' goes after the crisis replies.
            await session.flush()
            for stored in turn.preface:
                await session.delete(await store.stored_message(session, stored.id))
            turn.preface = [store.bot_message(conversation.id, m.text) for m in turn.preface]
            session.add_all(turn.preface)
        await session.commit()
    if case is not None:
        gw.notifier.console("queue", case.id, urgent=True, escalated=True, crisis=True)
        await gw.notifier.urgent_case(case.id, texts.CRISIS_LABEL)
    return replies

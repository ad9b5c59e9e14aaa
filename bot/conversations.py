"""The gateway's conversation service: store, forward to Rasa, answer, recover.

Every resident message is stored before anything else. Typed text never
reaches Rasa as an intent command (leading '/' removed); a button press must
be one of the buttons of the latest bot turn. When Rasa is unreachable the
resident gets the essential advice at once, the message is kept as pending,
and a background loop answers it when Rasa is back (delivered as a later
message to the widget's event stream or to Telegram).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import safety, texts
from bot.button_match import MAX_WORDS, ButtonMatch, answer_kind, by_intent, match_button
from bot.campaigns.figures import fold_conversation
from bot.campaigns.models import Campaign, Feedback
from bot.events import EventHub
from bot.helpdesk import cases
from bot.helpdesk.config import HelpdeskConfig
from bot.helpdesk.labels import scam_label
from bot.helpdesk.notify import Notifier
from bot.models import Case, Conversation, Message
from bot.pseudonym import resident_key
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.ratelimit import RateLimiter
from bot.replies import BotReply, parse
from bot.sealing import seal, unseal
from bot.settings import Settings
from common.case_facts import payment_method
from common.crisis import detect_crisis
from common.damage import detect_damage, order_damage

logger = logging.getLogger(__name__)

_LEADING_SLASHES = re.compile(r"^\s*/+\s*")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")

CLIENT_LIMIT_FACTOR = 10
# A crisis message this short carries no story for the assistant to read.
CRISIS_ONLY_WORDS = 12
# How sure the NLU must be that a short paraphrase answers the gateway's own question.
PARAPHRASE_CONFIDENCE = 0.6
# Kept in the database (nothing the resident sent is lost), not part of the history.
REFUSED = cases.REFUSED

Deliverer = Callable[[Conversation, list[Message]], Awaitable[None]]


class GatewayError(Exception):
    """A resident-facing refusal: HTTP status, code, Dutch message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Outcome:
    messages: list[dict[str, Any]] = field(default_factory=list)
    degraded: bool = False
    resident_message: dict[str, Any] | None = None
    # The resident had the conversation erased: the widget clears what it shows.
    erased: bool = False


@dataclass
class Recorded:
    """What one stored answer changed: the conversation, its new messages, a new case."""

    conversation: Conversation
    messages: list[Message]
    case: Case | None = None


def is_blank(text: str | None) -> bool:
    return not _INVISIBLE.sub("", text or "")


def clean_text(text: str) -> str:
    """Storable text: no NUL characters or lone surrogates (PostgreSQL refuses both)."""
    text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def as_rasa_text(text: str) -> str:
    """A resident's words as plain text: never a '/intent' command."""
    return _LEADING_SLASHES.sub("", text)


class Gateway:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        rasa: RasaClient,
        hub: EventHub,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.rasa = rasa
        self.hub = hub
        self.config = HelpdeskConfig(settings)
        self.notifier = Notifier(settings, hub)
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        # A library or office shares one address: a wider limit per address.
        self.client_limiter = RateLimiter(settings.rate_limit_per_minute * CLIENT_LIMIT_FACTOR)
        self.deliverers: dict[str, Deliverer] = {}
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._greeting: list[str] | None = None

    # --- conversations ------------------------------------------------------
    async def greeting(self) -> list[str]:
        if self._greeting is not None:
            return self._greeting
        responses = await self.rasa.responses()
        found = [
            (responses.get(name) or [{}])[0].get("text")
            for name in ("utter_greet", "utter_never_asks")
        ]
        if all(found):
            self._greeting = [str(text) for text in found]
            return self._greeting
        return [texts.GREETING_FALLBACK]

    async def open(
        self,
        channel: str,
        channel_user_id: str,
        campaign: str | None = None,
        address: str | None = None,
    ) -> tuple[Conversation, list[dict[str, Any]]]:
        """A new conversation with the greeting as its first bot messages (the first one
        tuned to the campaign's target group, if the campaign has one)."""
        greeting = list(await self.greeting())
        async with self.sessions() as session:
            if campaign:
                group = await session.scalar(
                    select(Campaign.target_group).where(Campaign.code == campaign)
                )
                if group in texts.WELCOME_BY_GROUP:
                    greeting[0] = texts.WELCOME_BY_GROUP[group]
            conversation = Conversation(
                channel=channel,
                resident_key=resident_key(self.settings.pseudonym_key, channel, channel_user_id),
                channel_address=seal(self.settings.pseudonym_key, address) if address else None,
                campaign=campaign,
            )
            session.add(conversation)
            await session.flush()
            stored = [
                Message(conversation_id=conversation.id, role="bot", text=text) for text in greeting
            ]
            session.add_all(stored)
            await session.commit()
            return conversation, [m.as_dict() for m in stored]

    async def latest_for(self, channel: str, channel_user_id: str) -> Conversation | None:
        key = resident_key(self.settings.pseudonym_key, channel, channel_user_id)
        async with self.sessions() as session:
            result = await session.execute(
                select(Conversation)
                .where(Conversation.channel == channel, Conversation.resident_key == key)
                .order_by(Conversation.created_at.desc())
                .limit(1)
            )
            return result.scalar_one_or_none()

    async def messages(self, conversation_id: str, after: int = 0) -> list[dict[str, Any]]:
        async with self.sessions() as session:
            await self._conversation(session, conversation_id)
            result = await session.execute(
                select(Message)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.id > after,
                    Message.status.not_in(REFUSED),
                )
                .order_by(Message.id)
            )
            return [m.as_dict() for m in result.scalars()]

    async def exists(self, conversation_id: str) -> bool:
        async with self.sessions() as session:
            return await session.get(Conversation, conversation_id) is not None

    async def erase(self, conversation_id: str, outcome: str = "erased") -> None:
        """Delete the conversation and its messages; its cases keep only their category,
        outcome and timestamps."""
        async with self._locks[conversation_id], self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            touched = await self._erase_cases(session, conversation_id, outcome)
            # The anonymous figures outlive the conversation (bot/campaigns/figures.py).
            await fold_conversation(session, conversation)
            await session.delete(conversation)
            await session.commit()
        self._locks.pop(conversation_id, None)
        await self._after_erase(conversation_id, touched)

    async def _erase_cases(
        self, session: AsyncSession, conversation_id: str, outcome: str = "erased"
    ) -> list[int]:
        result = await session.execute(select(Case).where(Case.conversation_id == conversation_id))
        touched = []
        for case in result.scalars():
            cases.erase_content(case)
            if case.status != "closed":
                cases.close(case, outcome, "erased")
            touched.append(case.id)
        return touched

    async def _after_erase(self, conversation_id: str, touched: list[int]) -> None:
        for case_id in touched:
            self.notifier.console("queue", case_id)
        if not await self.rasa.forget(conversation_id):
            logger.warning("could not erase a conversation in Rasa's tracker store")

    async def erase_content(self, conversation_id: str) -> list[Message]:
        """'verwijder mijn gegevens': every message and the case content go, the
        conversation stays open (now empty but for the confirmation)."""
        async with self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            touched = await self._erase_cases(session, conversation_id)
            await session.execute(delete(Message).where(Message.conversation_id == conversation_id))
            conversation.state = "bot"
            conversation.rasa_paused = False
            confirmation = Message(conversation_id=conversation_id, role="bot", text=texts.ERASED)
            session.add(confirmation)
            await session.commit()
        await self._after_erase(conversation_id, touched)
        return [confirmation]

    async def button_payload(self, conversation_id: str, message_id: int, index: int) -> str:
        """The payload of button `index` of a stored bot message (Telegram callback data)."""
        async with self.sessions() as session:
            message = await session.get(Message, message_id)
            if message is None or message.conversation_id != conversation_id:
                raise GatewayError(400, "unknown_button", texts.UNKNOWN_BUTTON)
            buttons = message.buttons or []
            if not 0 <= index < len(buttons):
                raise GatewayError(400, "unknown_button", texts.UNKNOWN_BUTTON)
            return str(buttons[index]["payload"])

    async def receive_unsupported(self, conversation_id: str, kind: str) -> Outcome:
        """A photo, voice message, sticker or file: kept as a note, answered kindly."""
        async with self._locks[conversation_id], self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            session.add(
                Message(
                    conversation_id=conversation.id,
                    role="resident",
                    text=f"[{kind}]",
                    status="unsupported",
                )
            )
            reply = Message(
                conversation_id=conversation.id,
                role="bot",
                text=texts.UNSUPPORTED_MEDIA,
                buttons=[cases.volunteer_button()],
            )
            session.add(reply)
            await session.commit()
            return Outcome([reply.as_dict()])

    # --- resident messages --------------------------------------------------
    def allow_client(self, address: str | None) -> None:
        """Limit per client address too (widget residents have no lasting id)."""
        if address and not self.client_limiter.allow(address):
            raise GatewayError(429, "rate_limited", texts.RATE_LIMITED)

    async def receive(
        self, conversation_id: str, text: str | None = None, payload: str | None = None
    ) -> Outcome:
        async with self._locks[conversation_id]:
            await self._answer_pending(conversation_id)
            message, conversation, offered = await self._store_resident_message(
                conversation_id, text, payload
            )
            resident_message = message.as_dict()
            # The safety net comes first, in every state.
            first = await self._safety_net(conversation, message)
            if message.payload is None and offered:
                await self._typed_button(conversation_id, message, offered)
            if message.payload is not None and message.payload.startswith(cases.COMMAND_PREFIX):
                outcome = await self._command(conversation_id, message)
            elif message.payload is None and cases.erase_requested(message.text):
                outcome = await self._gateway_reply(
                    conversation_id, message, texts.ERASE_QUESTION, cases.erase_buttons()
                )
            elif conversation.state in cases.HANDOFF_STATES:
                outcome = await self._to_case(conversation_id, message)
            elif first and len(message.text.split()) <= CRISIS_ONLY_WORDS:
                # Only the cry itself: no scam to guess at. Offer to listen, and a person.
                outcome = await self._gateway_reply(
                    conversation_id, message, texts.CRISIS_OFFER, [cases.volunteer_button()]
                )
            elif message.payload is None and answer_kind(message.text) == "none":
                # 'iets anders' where no such button was offered: never guess a scam.
                outcome = await self._gateway_reply(
                    conversation_id, message, texts.TELL_IN_OWN_WORDS
                )
            else:
                outcome = await self._answer(conversation_id, message, conversation.rasa_paused)
            if not outcome.erased:
                outcome.resident_message = resident_message
                outcome.messages = [m.as_dict() for m in first] + outcome.messages
            return outcome

    async def _typed_button(
        self, conversation_id: str, message: Message, offered: list[dict[str, str]]
    ) -> None:
        """A typed reply that names an offered button acts as pressing it. A paraphrase
        ('ja hoor, doe maar') is read by the NLU for the gateway's own buttons; for the
        assistant's buttons the words go to the assistant itself, whose NLU reads them
        the same way and keeps what else they say (an amount, how it was paid)."""
        match: ButtonMatch | None = match_button(message.text, offered)
        commands = [b for b in offered if str(b.get("payload")).startswith(cases.COMMAND_PREFIX)]
        if match is None and commands and len(message.text.split()) <= 6:
            parsed = await self.rasa.parse(as_rasa_text(message.text))
            if parsed is not None and parsed[1] >= PARAPHRASE_CONFIDENCE:
                match = by_intent(parsed[0], commands)
        if match is None:
            return
        message.payload = match.payload
        async with self.sessions() as session:
            stored = await session.get(Message, message.id)
            assert stored is not None
            stored.payload = match.payload
            if match.payload.startswith(cases.COMMAND_PREFIX):
                stored.status = message.status = "answered"
            await session.commit()

    async def _safety_net(self, conversation: Conversation, message: Message) -> list[Message]:
        """113 (and 112 when life is in danger now) before anything else, in every state;
        an open case goes to the top of the queue with the marker."""
        kinds = detect_crisis(message.text) if message.payload is None else []
        if not kinds:
            return []
        async with self.sessions() as session:
            stored_conversation = await self._conversation(session, conversation.id)
            stored_conversation.crisis = conversation.crisis = True
            case = await cases.open_case_of(session, conversation.id)
            if case is not None:
                case.crisis = case.urgent = True
            replies = [
                Message(conversation_id=conversation.id, role="bot", text=text)
                for text in safety.crisis_texts(kinds)
            ]
            session.add_all(replies)
            await session.commit()
        if case is not None:
            self.notifier.console("queue", case.id, urgent=True, escalated=True, crisis=True)
            await self.notifier.urgent_case(case.id, texts.CRISIS_LABEL)
        return replies

    # --- the gateway's own turns (hand-off, consent, erasure) ---------------------
    async def _gateway_reply(
        self,
        conversation_id: str,
        message: Message,
        text: str,
        buttons: list[dict[str, str]] | None = None,
        status: str = "answered",
    ) -> Outcome:
        async with self.sessions() as session:
            stored_message = await session.get(Message, message.id)
            assert stored_message is not None
            stored_message.status = status
            reply = Message(
                conversation_id=conversation_id, role="bot", text=text, buttons=buttons or []
            )
            session.add(reply)
            await session.commit()
            return Outcome([reply.as_dict()])

    async def _command(self, conversation_id: str, message: Message) -> Outcome:
        payload = message.payload
        if payload == cases.ERASE_YES:
            return Outcome(
                [m.as_dict() for m in await self.erase_content(conversation_id)], erased=True
            )
        if payload == cases.ERASE_NO:
            return await self._gateway_reply(conversation_id, message, texts.ERASE_CANCELLED)
        if payload in (cases.CONSENT_YES, cases.CONSENT_NO):
            return await self._consent(conversation_id, message, payload == cases.CONSENT_YES)
        if payload == cases.BACK_TO_BOT:
            return await self._back_to_bot(conversation_id, message)
        if payload in (cases.HELPED_YES, cases.HELPED_NO):
            return await self._helped(conversation_id, message, payload == cases.HELPED_YES)
        raise GatewayError(400, "unknown_button", texts.UNKNOWN_BUTTON)

    async def _consent(self, conversation_id: str, message: Message, given: bool) -> Outcome:
        async with self.sessions() as session:
            case = await cases.open_case_of(session, conversation_id)
            if case is not None:
                case.consent = given
                await session.commit()
        if case is not None:
            self.notifier.console("message", case.id)
        buttons = cases.back_to_bot_button() if case is not None and case.status == "open" else []
        text = texts.CONSENT_GIVEN if given else texts.CONSENT_REFUSED
        return await self._gateway_reply(conversation_id, message, text, buttons)

    async def _helped(self, conversation_id: str, message: Message, helped: bool) -> Outcome:
        """'Heeft dit geholpen?': kept for the anonymous figures, never with the text."""
        async with self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            session.add(
                Feedback(
                    conversation_id=conversation_id,
                    campaign=conversation.campaign,
                    channel=conversation.channel,
                    scam_type=conversation.scam_type,
                    helped=helped,
                )
            )
            await session.commit()
        if helped:
            return await self._gateway_reply(conversation_id, message, texts.HELPED_THANKS)
        volunteer = [cases.volunteer_button()]
        return await self._gateway_reply(conversation_id, message, texts.NOT_HELPED, volunteer)

    async def _back_to_bot(self, conversation_id: str, message: Message) -> Outcome:
        """The resident stops waiting: the case closes, the assistant answers again."""
        async with self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            case = await cases.open_case_of(session, conversation_id)
            if case is not None and case.status != "open":
                await session.rollback()
                return await self._gateway_reply(
                    conversation_id, message, texts.ALREADY_WITH_VOLUNTEER, status="to_case"
                )
            if case is not None:
                cases.close(case, "withdrawn", "resident")
            conversation.state = "bot"
            await session.commit()
        if case is not None:
            self.notifier.console("queue", case.id)
        await self.resume_rasa(conversation_id)
        return await self._gateway_reply(conversation_id, message, texts.BACK_TO_BOT)

    async def _to_case(self, conversation_id: str, message: Message) -> Outcome:
        """While waiting for or talking with a volunteer: the message is for the case.
        (A conversation left in such a state without an open case goes back to the
        assistant, so the resident is never left without an answer.)"""
        async with self.sessions() as session:
            case = await cases.open_case_of(session, conversation_id)
            if case is None:
                conversation = await self._conversation(session, conversation_id)
                conversation.state = "bot"
                await session.commit()
                logger.warning("a conversation waited for a volunteer without an open case")
                return await self._answer(conversation_id, message)
            stored_message = await session.get(Message, message.id)
            assert stored_message is not None
            stored_message.status = "to_case"
            replies = self._urgent_while_paused(case, message)
            newly_urgent = bool(replies) and not case.urgent
            if replies:
                case.urgent = True
            answer = cases.consent_answer(message.text)
            if case.consent is None and answer is not None:
                case.consent = answer
                text = texts.CONSENT_GIVEN if answer else texts.CONSENT_REFUSED
                replies.append(text)
            elif case.status == "open" and not await self._acknowledged(
                session, conversation_id, case
            ):
                replies.append(texts.STILL_WAITING)
            stored = [
                Message(conversation_id=conversation_id, role="bot", text=text) for text in replies
            ]
            if stored and stored[-1].text == texts.STILL_WAITING:
                stored[-1].buttons = cases.back_to_bot_button()
            session.add_all(stored)
            await session.commit()
        self.notifier.console("message", case.id)
        if newly_urgent:
            self.notifier.console("queue", case.id, urgent=True, escalated=True)
            await self.notifier.urgent_case(case.id, scam_label(case.scam_type))
        return Outcome([m.as_dict() for m in stored])

    @staticmethod
    def _urgent_while_paused(case: Case, message: Message) -> list[str]:
        """Damage told to a waiting case: the urgent step at once (the assistant is paused
        and the volunteer may be hours away), and the case becomes urgent."""
        kinds = detect_damage(message.text) if message.payload is None else []
        if not kinds:
            return []
        case.damage = order_damage(set(case.damage or []) | set(kinds))
        said = safety.urgent_step_texts(kinds, payment_method(message.text))
        if not case.urgent:
            said.append(texts.URGENT_NOW_FIRST)
        return said

    async def _acknowledged(self, session: AsyncSession, conversation_id: str, case: Case) -> bool:
        """Whether the resident was already told their messages wait for the volunteer."""
        result = await session.execute(
            select(Message.id).where(
                Message.conversation_id == conversation_id,
                Message.id > case.opened_after_message_id,
                Message.text == texts.STILL_WAITING,
            )
        )
        return result.first() is not None

    async def resume_rasa(self, conversation_id: str, paused: bool | None = None) -> bool:
        """Record the resume in Rasa's tracker (retried before the next message if Rasa
        is away now). `paused`: the conversation's flag when the caller already has it."""
        if paused is None:
            async with self.sessions() as session:
                conversation = await session.get(Conversation, conversation_id)
                paused = conversation is not None and conversation.rasa_paused
        if not paused:
            return True
        if not await self.rasa.append_event(conversation_id, {"event": "resume"}):
            return False
        async with self.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is not None:
                conversation.rasa_paused = False
                await session.commit()
        return True

    async def _pause_rasa(self, conversation_id: str) -> None:
        if await self.rasa.append_event(conversation_id, {"event": "pause"}):
            async with self.sessions() as session:
                conversation = await session.get(Conversation, conversation_id)
                if conversation is not None:
                    conversation.rasa_paused = True
                    await session.commit()
        else:
            logger.warning("could not record the pause in Rasa's tracker")

    async def _after_record(self, recorded: Recorded) -> None:
        """After the commit: pause Rasa's tracker and tell the volunteers about a new case."""
        case = recorded.case
        if case is None:
            return
        await self._pause_rasa(recorded.conversation.id)
        self.notifier.console("queue", case.id, new=True, urgent=case.urgent, crisis=case.crisis)
        if case.urgent:
            label = texts.CRISIS_LABEL if case.crisis else scam_label(case.scam_type)
            await self.notifier.urgent_case(case.id, label)

    async def _store_resident_message(
        self, conversation_id: str, text: str | None, payload: str | None
    ) -> tuple[Message, Conversation, list[dict[str, str]]]:
        """Store first (a short transaction of its own): nothing the resident sent is lost.
        Kept as 'pending' until answered, so a restart answers it. Also returns the
        buttons the latest bot turn offered (a typed reply may name one of them)."""
        async with self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            # Only a press or a short reply can name a button: a story needs no lookup.
            names_a_button = payload is not None or len((text or "").split()) <= MAX_WORDS
            offered = await self._offered_buttons(session, conversation) if names_a_button else []
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
                    status="pending",
                )
            else:
                message = Message(
                    conversation_id=conversation.id,
                    role="resident",
                    text=clean_text(text or ""),
                    status="pending",
                )
            refusal = self._refusal(conversation, message)
            if refusal is not None:
                message.status = refusal[0]
                session.add(message)
                await session.commit()
                raise GatewayError(*refusal[1:])
            if message.payload is not None and message.payload.startswith(cases.COMMAND_PREFIX):
                message.status = "answered"
            session.add(message)
            await session.commit()
            return message, conversation, offered

    def _refusal(
        self, conversation: Conversation, message: Message
    ) -> tuple[str, int, str, str] | None:
        if message.payload is None:
            if is_blank(message.text):
                return ("empty", 400, "empty", texts.EMPTY)
            if len(message.text) > self.settings.max_message_chars:
                limit = self.settings.max_message_chars
                return ("too_long", 413, "too_long", texts.TOO_LONG.format(limit=limit))
        if not self.limiter.allow(conversation.resident_key):
            return ("rate_limited", 429, "rate_limited", texts.RATE_LIMITED)
        return None

    async def _offered_buttons(
        self, session: AsyncSession, conversation: Conversation
    ) -> list[dict[str, str]]:
        """The buttons of the latest bot turn (the bot messages after the resident's
        last message), in the order they were shown."""
        result = await session.execute(
            select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.id.desc())
            .limit(20)
        )
        turn: list[Message] = []
        for message in result.scalars():
            if message.role == "resident":
                break
            turn.append(message)
        return [button for message in reversed(turn) for button in message.buttons or []]

    async def _answer(
        self, conversation_id: str, message: Message, paused: bool | None = None
    ) -> Outcome:
        """Ask Rasa with no transaction open, then store the answer in a short one."""
        rasa_text = message.payload if message.payload is not None else as_rasa_text(message.text)
        try:
            if not await self.resume_rasa(conversation_id, paused):
                raise RasaUnavailable("could not resume the conversation in Rasa")
            replies = await self.rasa.send(conversation_id, rasa_text)
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable for a conversation: %s", error)
            async with self.sessions() as session:
                fallback = [
                    Message(conversation_id=conversation_id, role="bot", text=text)
                    for text in (texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE)
                ]
                session.add_all(fallback)
                await session.commit()
                return Outcome([m.as_dict() for m in fallback], degraded=True)
        recorded = await self._record_answer(conversation_id, message.id, replies, delayed=False)
        await self._after_record(recorded)
        return Outcome([m.as_dict() for m in recorded.messages])

    async def _record_answer(
        self, conversation_id: str, message_id: int, replies: list[dict[str, Any]], delayed: bool
    ) -> Recorded:
        """Mark the resident's message answered and store the replies (and a case the
        assistant asked for), in one transaction."""
        async with self.sessions() as session:
            conversation = await self._conversation(session, conversation_id)
            message = await session.get(Message, message_id)
            assert message is not None
            message.status = "answered"
            if conversation.state == "closed":
                conversation.state = "bot"
            recorded = await self._store_replies(session, conversation, replies, delayed)
            await session.commit()
            return recorded

    async def _store_replies(
        self,
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
        stored = self._bot_messages(conversation, parsed.messages, delayed)
        if any(i.advice_done for i in parsed.insights) and not parsed.handoffs:
            stored += self._bot_messages(
                conversation, [BotReply(texts.HELPED_QUESTION, cases.helped_buttons())], delayed
            )
        session.add_all(stored)
        case = None
        if parsed.handoffs and conversation.state not in cases.HANDOFF_STATES:
            case, next_steps = await cases.open_case(
                session, conversation, parsed.handoffs[0], self.config, self.settings
            )
            more = self._bot_messages(conversation, next_steps, delayed)
            session.add_all(more)
            stored += more
        await session.flush()
        return Recorded(conversation, stored, case)

    @staticmethod
    def _bot_messages(
        conversation: Conversation, replies: list[BotReply], delayed: bool
    ) -> list[Message]:
        return [
            Message(
                conversation_id=conversation.id,
                role="bot",
                text=reply.text,
                buttons=reply.buttons,
                delayed=delayed,
            )
            for reply in replies
        ]

    # --- recovery -----------------------------------------------------------
    async def _answer_pending(self, conversation_id: str) -> None:
        """Answer messages kept while Rasa was away (or when the gateway stopped before
        answering), oldest first, as later messages."""
        async with self.sessions() as session:
            result = await session.execute(
                select(Message)
                .where(Message.conversation_id == conversation_id, Message.status == "pending")
                .order_by(Message.id)
            )
            pending = list(result.scalars())
            if not pending:  # the usual case: one query per resident message, no more
                return
            conversation = await session.get(Conversation, conversation_id)
            if conversation is not None and conversation.state in cases.HANDOFF_STATES:
                # The case has them now: for the volunteer, not for the assistant.
                for message in pending:
                    message.status = "to_case"
                await session.commit()
                return
        for message in pending:
            rasa_text = message.payload or as_rasa_text(message.text)
            try:
                # A slow Rasa may have answered after our timeout: use that answer
                # rather than sending the message a second time.
                replies = await self.rasa.answered_last(conversation_id, rasa_text)
                if replies is None:
                    if not await self.resume_rasa(conversation_id):
                        return
                    replies = await self.rasa.send(conversation_id, rasa_text)
            except RasaUnavailable:
                return
            recorded = await self._record_answer(conversation_id, message.id, replies, delayed=True)
            await self._deliver(recorded.conversation, recorded.messages)
            await self._after_record(recorded)
            if recorded.case is not None:
                await self._answer_pending(conversation_id)  # the rest goes to the case
                return

    async def answer_all_pending(self) -> int:
        """One pass of the recovery loop: how many conversations had pending messages."""
        async with self.sessions() as session:
            result = await session.execute(
                select(Message.conversation_id).where(Message.status == "pending").distinct()
            )
            ids = list(result.scalars())
        for conversation_id in ids:
            async with self._locks[conversation_id]:
                await self._answer_pending(conversation_id)
        return len(ids)

    async def recovery_loop(self) -> None:
        """At start (a restart answers what the last run left) and then every interval."""
        while True:
            try:
                await self.answer_all_pending()
            except Exception:  # keep the loop alive whatever one pass meets
                logger.exception("recovery pass failed")
            await asyncio.sleep(self.settings.retry_interval_seconds)

    def address_of(self, conversation: Conversation) -> str | None:
        """The channel address (Telegram chat id) to deliver to, unsealed."""
        if not conversation.channel_address:
            return None
        return unseal(self.settings.pseudonym_key, conversation.channel_address)

    async def deliver(self, conversation: Conversation, messages: list[Message]) -> None:
        """Later messages to the resident's channel: the widget's event stream, Telegram."""
        await self._deliver(conversation, messages)

    async def _deliver(self, conversation: Conversation, messages: list[Message]) -> None:
        for message in messages:
            self.hub.publish(conversation.id, message.as_dict())
        deliverer = self.deliverers.get(conversation.channel)
        if deliverer is not None and messages:
            await deliverer(conversation, messages)

    async def _conversation(self, session: AsyncSession, conversation_id: str) -> Conversation:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None:
            raise GatewayError(404, "unknown_conversation", texts.UNKNOWN_CONVERSATION)
        return conversation

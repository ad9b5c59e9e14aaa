"""The gateway's conversation service: what the routes and channels call.

Every resident message is stored before anything else (intake.py). The safety net
answers first, in every state. Then one handler answers, chosen by `route()`:

    the gateway's own button ('!...')      -> commands.handle
    'verwijder mijn gegevens' in words     -> erasure.ask
    state bot or closed                    -> with_assistant.handle
    (a typed message clearly not Dutch is answered there by bot/languages/reply.py)
    (screenshots are read first, with_image.py, and then go this same way)
    state waiting or volunteer             -> with_volunteer.handle

Each handler meets one contract (contract.py): `(gateway, turn) -> Outcome`. The
states and their transitions are declared in states.py, with the diagram.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.conversation import (
    commands,
    database_away,
    delivery,
    erasure,
    intake,
    recovery,
    resends,
    return_link,
    store,
    with_assistant,
    with_image,
    with_volunteer,
)
from bot.conversation.contract import GatewayError, Handler, Outcome, Turn
from bot.conversation.delivery import Deliverer
from bot.conversation.states import ConversationState, MessageStatus
from bot.db import DATABASE_AWAY
from bot.events import EventHub
from bot.helpdesk import cases
from bot.helpdesk.config import HelpdeskConfig
from bot.helpdesk.notify import Notifier
from bot.images.reader import ImageReader
from bot.keyrotation import residents
from bot.models import Conversation, Message, utcnow
from bot.pseudonym import resident_key
from bot.rasa_client import RasaClient
from bot.scaleout.state import SharedState
from bot.sealing import seal
from bot.settings import Settings

logger = logging.getLogger(__name__)

CLIENT_LIMIT_FACTOR = 10
BY_STATE: dict[str, Handler] = {
    ConversationState.BOT: with_assistant.handle,
    ConversationState.CLOSED: with_assistant.handle,
    ConversationState.WAITING: with_volunteer.handle,
    ConversationState.VOLUNTEER: with_volunteer.handle,
}


def route(turn: Turn) -> Handler:
    """The handler for this message: the gateway's own turns first, then by state."""
    if intake.is_command(turn.message):
        return commands.handle
    if erasure.asked(turn):
        return erasure.ask
    return BY_STATE.get(turn.conversation.state, with_assistant.handle)


class Gateway:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        rasa: RasaClient,
        hub: EventHub,
        shared: SharedState | None = None,
    ) -> None:
        # Several workers share limits, locks and jobs through it (bot/scaleout/).
        shared = shared or SharedState(hub=hub)
        self.settings = settings
        self.sessions = sessions
        self.rasa = rasa
        self.hub = hub
        self.config = HelpdeskConfig(settings)
        self.notifier = Notifier(settings, hub)
        self.limiter = shared.limiter("resident", settings.rate_limit_per_minute)
        # A library or office shares one address: a wider limit per address.
        self.client_limiter = shared.limiter(
            "client", settings.rate_limit_per_minute * CLIENT_LIMIT_FACTOR
        )
        # Guessing a return link's secret (bot/conversation/return_link.py).
        self.return_limiter = shared.limiter("return-link", return_link.TRIES_PER_MINUTE)
        # Channel name -> how later messages reach it (bot/api/routes/telegram.py).
        self.deliverers: dict[str, Deliverer] = {}
        # One message at a time per conversation (across workers when shared); jobs that
        # run in one worker at a time.
        self.locks = shared.locks
        self.jobs = shared.jobs
        # Failed log-ins of names without an account (bot/scaleout/logins.py).
        self.unknown_names = shared.unknown_names
        self._greeting: list[str] | None = None
        self.images = ImageReader(settings.image_concurrency, settings.image_timeout_seconds)

    # --- a resident's message -------------------------------------------------------
    async def allow_client(self, address: str | None) -> None:
        """Limit per client address too (widget residents have no lasting id)."""
        if address and not await self.client_limiter.allowed(address):
            raise GatewayError(429, "rate_limited", texts.RATE_LIMITED)

    async def receive(
        self,
        conversation_id: str,
        text: str | None = None,
        payload: str | None = None,
        client_key: str | None = None,
        preface: list[str] | None = None,
        own_words: str | None = None,
    ) -> Outcome:
        key = resends.valid_key(client_key)
        try:
            async with self.locks.hold(conversation_id):
                try:
                    try:
                        turn = await intake.store_message(
                            self,
                            conversation_id,
                            text,
                            payload,
                            key,
                            pending_first=True,
                            preface=preface,
                        )
                    except intake.PendingFirst:
                        # Kept messages are answered first (recovery.py), then this one
                        # is stored, even when Rasa is still away and they wait on.
                        await recovery.answer_pending(self, conversation_id)
                        turn = await intake.store_message(
                            self, conversation_id, text, payload, key, preface=preface
                        )
                except intake.SentBefore:
                    # Sent again after a network error: the same message, answered once.
                    return await resends.earlier_answer(self, conversation_id, str(key))
                turn.own_words = own_words
                try:
                    return await self._handle(turn)
                except DATABASE_AWAY as error:  # stored: kept for the recovery loop
                    return database_away.kept(turn, error)
        except DATABASE_AWAY as error:  # not stored: the resident sends it again
            raise database_away.refused(error) from error

    async def _handle(self, turn: Turn) -> Outcome:
        turn.safety = await intake.safety_net(self, turn)
        await intake.read_as_button(self, turn)
        outcome = await route(turn)(self, turn)
        if not outcome.erased:
            outcome.resident_message = turn.message.as_dict()
            said_first = turn.safety + turn.preface  # urgent first: 113 before all
            outcome.messages = [m.as_dict() for m in said_first] + outcome.messages
        return outcome

    async def receive_images(
        self,
        conversation_id: str,
        images: list[bytes],
        words: str | None = None,
        client_key: str | None = None,
    ) -> Outcome:
        """Screenshots: read, then answered as the message they show (with_image.py)."""
        return await with_image.receive_images(self, conversation_id, images, words, client_key)

    async def receive_unsupported(self, conversation_id: str, kind: str) -> Outcome:
        """A voice message, sticker or file: kept as a note, answered kindly."""
        return await self.note_unread(conversation_id, f"[{kind}]", texts.UNSUPPORTED_MEDIA)

    async def note_unread(self, conversation_id: str, note: str, reply_text: str) -> Outcome:
        """Something the gateway cannot read: a note (volunteers see that it came, and
        the conversation counts as active) and a reply with the volunteer button."""
        async with self.locks.hold(conversation_id), self.sessions() as session:
            conversation = await store.conversation(session, conversation_id)
            conversation.last_resident_at = utcnow()
            kept = Message(
                conversation_id=conversation.id,
                role="resident",
                text=note,
                status=MessageStatus.UNSUPPORTED,
            )
            reply = store.bot_message(conversation.id, reply_text, [cases.volunteer_button()])
            session.add_all([kept, reply])
            await session.commit()
            return Outcome([reply.as_dict()], resident_message=kept.as_dict())

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

    # --- conversations --------------------------------------------------------------
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
                group = await store.campaign_group(session, campaign)
                if group in texts.WELCOME_BY_GROUP:
                    greeting[0] = texts.WELCOME_BY_GROUP[group]
            keys = self.settings.pseudonym_keys
            conversation = Conversation(
                channel=channel,
                resident_key=resident_key(keys.current_secret, channel, channel_user_id),
                key_version=keys.current_version,
                channel_address=seal(keys, address) if address else None,
                campaign=campaign,
            )
            session.add(conversation)
            await session.flush()
            stored = [store.bot_message(conversation.id, text) for text in greeting]
            session.add_all(stored)
            await session.commit()
            return conversation, [m.as_dict() for m in stored]

    async def latest_for(self, channel: str, channel_user_id: str) -> Conversation | None:
        """Under any key of the ring, moved to the current one (bot/keyrotation/)."""
        keys = self.settings.pseudonym_keys
        async with self.sessions() as session:
            found = await residents.latest_conversation(session, keys, channel, channel_user_id)
            await session.commit()
            return found

    async def messages(self, conversation_id: str, after: int = 0) -> list[dict[str, Any]]:
        async with self.sessions() as session:
            await store.conversation(session, conversation_id)
            return [m.as_dict() for m in await store.history_after(session, conversation_id, after)]

    async def exists(self, conversation_id: str) -> bool:
        async with self.sessions() as session:
            return await session.get(Conversation, conversation_id) is not None

    async def erase(self, conversation_id: str, outcome: str = "erased") -> None:
        await erasure.erase(self, conversation_id, outcome)

    # --- for the desk, the channels and the background jobs -----------------------------
    async def resume_rasa(self, conversation_id: str, paused: bool | None = None) -> bool:
        return await with_assistant.resume_rasa(self, conversation_id, paused)

    async def answer_all_pending(self) -> int:
        return await recovery.answer_all_pending(self)

    async def recovery_loop(self) -> None:
        await recovery.loop(self)

    def address_of(self, conversation: Conversation) -> str | None:
        return delivery.address_of(self, conversation)

    async def deliver(self, conversation: Conversation, messages: list[Message]) -> None:
        """Later messages to the resident's channel: the widget's event stream, Telegram."""
        await delivery.deliver(self, conversation, messages)

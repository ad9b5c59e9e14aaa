"""Telegram through python-telegram-bot: polling locally, a webhook with a secret in production.

Buttons become inline keyboards whose callback data points at the stored bot
message ("<message id>:<button index>"), so payloads never travel through
Telegram and a forged callback cannot send an unoffered one. Long replies are
split at paragraph or sentence ends below Telegram's 4096-character limit; the
rate limiter keeps within Telegram's limits and retries after a 429. A finished report
draft (a message marked report_draft) is also sent as a PDF document after the messages.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from bot.conversation.contract import GatewayError
from bot.conversation.gateway import Gateway
from bot.conversation.states import HANDOFF_STATES
from bot.models import Conversation, Message
from bot.reports import pdf, resident
from bot.telegram_images import TelegramImages

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
TELEGRAM_LIMIT = 4096
CAMPAIGN_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MEDIA = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.LOCATION
    | filters.CONTACT
    | filters.ANIMATION
)


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Chunks under the limit, cut at a blank line, line end, sentence end or space."""
    chunks: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= limit // 2 else window.rfind(" ")
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        chunks.append(text)
    return chunks


def keyboard(message: dict[str, Any]) -> InlineKeyboardMarkup | None:
    buttons = message.get("buttons") or []
    if not buttons:
        return None
    rows = [
        [InlineKeyboardButton(b["title"], callback_data=f"{message['id']}:{index}")]
        for index, b in enumerate(buttons)
    ]
    return InlineKeyboardMarkup(rows)


def media_kind(update: Update) -> str:
    message = update.effective_message
    for kind in (
        "photo",
        "voice",
        "audio",
        "video",
        "video_note",
        "sticker",
        "document",
        "location",
        "contact",
        "animation",
    ):
        if message is not None and getattr(message, kind, None):
            return kind
    return "bestand"


class TelegramChannel:
    def __init__(self, gateway: Gateway, application: Application) -> None:
        # The channel only listens here; bot/api/routes/telegram.py connects its
        # senders to the gateway, in one visible place.
        self.gateway = gateway
        self.application = application
        application.add_handler(CommandHandler("start", self.on_start))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.TEXT, self.on_text))
        # Photos and images sent as a file are read (telegram_images.py); other media not.
        self.images = TelegramImages(gateway, self.send, self.send_report_draft)
        application.add_handler(
            MessageHandler(filters.PHOTO | filters.Document.IMAGE, self.on_image)
        )
        application.add_handler(MessageHandler(MEDIA, self.on_media))

    @classmethod
    def build(
        cls, gateway: Gateway, token: str, base_url: str, max_retries: int = 3
    ) -> TelegramChannel:
        application = (
            Application.builder()
            .token(token)
            .base_url(base_url)
            .base_file_url(base_url.replace("/bot", "/file/bot"))
            .rate_limiter(AIORateLimiter(max_retries=max_retries))
            .build()
        )
        return cls(gateway, application)

    # --- sending --------------------------------------------------------------
    async def send(self, chat_id: int | str, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            chunks = split_text(message["text"]) or [""]
            for i, chunk in enumerate(chunks):
                last = i == len(chunks) - 1
                await self.application.bot.send_message(
                    chat_id=chat_id,
                    text=chunk or "…",
                    reply_markup=keyboard(message) if last else None,
                )

    async def send_report_draft(
        self, chat_id: int | str, conversation_id: str, messages: list[dict[str, Any]]
    ) -> None:
        """After messages that end a finished report draft: the draft as a PDF document
        (multipart upload), with a short caption. A document that cannot go costs the
        resident nothing else: the draft's text is already in the chat."""
        if not any(message.get("report_draft") for message in messages):
            return
        document = await resident.pdf_if_any(self.gateway, conversation_id)
        if document is None:  # erased meanwhile, or no PDF can be made (logged there)
            return
        try:
            await self.application.bot.send_document(
                chat_id=chat_id,
                document=InputFile(document, filename=pdf.FILENAME),
                caption=texts.REPORT_DRAFT_CAPTION,
            )
        except TelegramError as error:
            logger.warning("Telegram: the report draft's PDF was not sent: %s", error)

    async def send_to_group(self, chat_id: str, text: str) -> None:
        """The volunteers' group (urgent cases): plain text, no resident content."""
        await self.application.bot.send_message(chat_id=chat_id, text=text)

    async def deliver_later(self, conversation: Conversation, messages: list[Message]) -> None:
        address = self.gateway.address_of(conversation)
        if address:
            said = [m.as_dict() for m in messages]
            await self.send(address, said)
            await self.send_report_draft(address, conversation.id, said)

    # --- receiving ------------------------------------------------------------
    async def _conversation(
        self, update: Update, start_new: bool = False, campaign: str | None = None
    ) -> str:
        user = update.effective_user
        chat = update.effective_chat
        assert user is not None and chat is not None
        existing = await self.gateway.latest_for(CHANNEL, str(user.id))
        if existing is not None and not start_new:
            return existing.id
        if existing is not None and existing.state in HANDOFF_STATES:
            # '/start' again while a volunteer has (or will take) the case: stay in it.
            await self.send(chat.id, [{"text": texts.CASE_STILL_OPEN}])
            return existing.id
        conversation, greeting = await self.gateway.open(
            CHANNEL, str(user.id), campaign=campaign, address=str(chat.id)
        )
        await self.send(chat.id, greeting)
        return conversation.id

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # '/start <code>' comes from a campaign deep link; a plain '/start' greets.
        args = context.args or []
        campaign = args[0] if args and CAMPAIGN_CODE.match(args[0]) else None
        await self._conversation(update, start_new=True, campaign=campaign)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        conversation_id = await self._conversation(update)
        await self._reply(update, conversation_id, text=message.text)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        conversation_id = await self._conversation(update)
        try:
            message_id, index = (int(part) for part in (query.data or "").split(":", 1))
            payload = await self.gateway.button_payload(conversation_id, message_id, index)
        except (ValueError, GatewayError):
            await self.send(query.message.chat.id, [{"text": texts.UNKNOWN_BUTTON}])
            return
        await self._reply(update, conversation_id, payload=payload)

    async def on_image(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        conversation_id = await self._conversation(update)
        await self.images.receive(update, conversation_id)

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        conversation_id = await self._conversation(update)
        outcome = await self.gateway.receive_unsupported(conversation_id, media_kind(update))
        await self.send(update.effective_chat.id, outcome.messages)

    async def _reply(
        self,
        update: Update,
        conversation_id: str,
        text: str | None = None,
        payload: str | None = None,
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        # Telegram sends an update again when its webhook got no answer (a worker that
        # stopped mid-update): its id keeps that one message (resends.py).
        key = f"telegram-{update.update_id}"
        try:
            outcome = await self.gateway.receive(
                conversation_id, text=text, payload=payload, client_key=key
            )
        except GatewayError as refusal:
            await self.send(chat.id, [{"text": refusal.message}])
            return
        await self.send(chat.id, outcome.messages)
        await self.send_report_draft(chat.id, conversation_id, outcome.messages)

"""Photos and image files sent on Telegram, read like the widget's screenshots.

The largest size Telegram keeps of a photo is downloaded (an image sent as a file, too),
held in memory only, and handed to the gateway with its caption as the resident's own
words. Several photos sent at once arrive as separate updates of one album (the same
media_group_id): they are gathered for a moment and get one answer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError

from bot import texts
from bot.conversation.contract import GatewayError
from bot.conversation.gateway import Gateway
from bot.images import upload

logger = logging.getLogger(__name__)

# How long the parts of one album are waited for.
ALBUM_SECONDS = 1.0
Send = Callable[[int | str, list[dict[str, Any]]], Awaitable[None]]
# After an answer was sent: (chat id, conversation id, its messages), e.g. the report
# draft's PDF (bot/telegram_channel.py).
Answered = Callable[[int | str, str, list[dict[str, Any]]], Awaitable[None]]


@dataclass
class Album:
    conversation_id: str
    chat_id: int
    key: str
    images: list[bytes] = field(default_factory=list)
    caption: str | None = None


class TelegramImages:
    def __init__(self, gateway: Gateway, send: Send, answered: Answered | None = None) -> None:
        self.gateway, self.send, self.answered = gateway, send, answered
        self._albums: dict[str, Album] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def receive(self, update: Update, conversation_id: str) -> None:
        message, chat = update.effective_message, update.effective_chat
        assert message is not None and chat is not None
        data = await self._download(message, chat.id)
        if data is None:
            return
        key = f"telegram-{update.update_id}"
        group = message.media_group_id
        if group is None:
            await self._answer(Album(conversation_id, chat.id, key, [data], message.caption))
            return
        album = self._albums.get(group)
        if album is None:
            album = self._albums[group] = Album(conversation_id, chat.id, key)
            task = asyncio.create_task(self._after_album(group))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        album.images.append(data)
        album.caption = album.caption or message.caption

    async def _download(self, message: Message, chat_id: int) -> bytes | None:
        item = message.photo[-1] if message.photo else message.document
        if item is None:
            return None
        if (item.file_size or 0) > upload.MAX_BYTES:
            await self.send(chat_id, [{"text": texts.IMAGE_TOO_LARGE}])
            return None
        try:
            file = await item.get_file()
            return bytes(await file.download_as_bytearray())
        except TelegramError as error:
            logger.warning("a Telegram image could not be downloaded: %s", type(error).__name__)
            await self.send(chat_id, [{"text": texts.IMAGE_NOT_FETCHED}])
            return None

    async def _after_album(self, group: str) -> None:
        await asyncio.sleep(ALBUM_SECONDS)
        album = self._albums.pop(group, None)
        if album is not None:
            await self._answer(album)

    async def _answer(self, album: Album) -> None:
        images = album.images[: upload.MAX_IMAGES]
        try:
            outcome = await self.gateway.receive_images(
                album.conversation_id, images, album.caption, client_key=album.key
            )
        except GatewayError as refusal:
            await self.send(album.chat_id, [{"text": refusal.message}])
            return
        await self.send(album.chat_id, outcome.messages)
        if self.answered is not None:
            await self.answered(album.chat_id, album.conversation_id, outcome.messages)

    async def close(self) -> None:
        """Albums still gathering are answered before the channel stops."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

"""Tell volunteers about the queue: the open consoles (event stream) and, for urgent
cases, the volunteers' Telegram group. No resident content leaves in a notification."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot import texts
from bot.events import EventHub
from bot.settings import Settings

logger = logging.getLogger(__name__)

CONSOLE_TOPIC = "console"
# (chat id, text) -> sent; set by the Telegram channel when it runs.
GroupSender = Callable[[str, str], Awaitable[None]]


class Notifier:
    def __init__(self, settings: Settings, hub: EventHub) -> None:
        self.settings = settings
        self.hub = hub
        self.group_sender: GroupSender | None = None

    def console(self, kind: str, case_id: int, **extra: Any) -> None:
        """kind: queue (a case opened, was claimed or closed) | message (new message)."""
        self.hub.publish(CONSOLE_TOPIC, {"type": kind, "case_id": case_id, **extra})

    async def urgent_case(self, case_id: int, scam_label: str) -> None:
        if self.group_sender is None or not self.settings.volunteers_chat_id:
            return
        text = texts.URGENT_ANNOUNCEMENT.format(
            scam_type=scam_label, url=f"{self.settings.console_url.rstrip('/')}/cases/{case_id}"
        )
        try:
            await self.group_sender(self.settings.volunteers_chat_id, text)
        except Exception:  # the console still shows the case; never fail the resident's turn
            logger.exception("could not announce an urgent case in the volunteers' group")

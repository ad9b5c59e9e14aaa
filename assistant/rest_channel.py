"""The REST channel with a guard against forced intents.

Rasa reads a text like ``/already_paid{"x": 1}`` as a forced intent. Residents
must never be able to do that by typing, but the assistant's own buttons use
such payloads. This channel keeps Rasa's REST contract (same URL
``/webhooks/rest/webhook``, same request and response) and lets a text that
starts with '/' through unchanged only when it is exactly one of the button
payloads the assistant offered in its latest turn. Any other such text loses
its leading slashes and is understood as ordinary words. A message with no
visible text gets a clear answer (response ``utter_empty_message``) instead of
silence; Rasa itself would not answer it.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint

from common import gc_freeze

INTENT_PREFIX = "/"
EMPTY_MESSAGE_RESPONSE = "utter_empty_message"
logger = logging.getLogger(__name__)
_LEADING_SLASHES = re.compile(r"^\s*/+\s*")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")


async def freeze_loaded_model(app: Any, _loop: Any = None) -> None:
    if gc_freeze.enabled():
        frozen = gc_freeze.freeze_startup_objects()
        logger.info("%d objects of the loaded model kept out of the garbage collector", frozen)


def is_blank(text: str | None) -> bool:
    """No visible characters: empty, spaces, zero-width or direction marks only."""
    return not _INVISIBLE.sub("", text or "")


def neutralise(text: str) -> str:
    """Remove the leading slashes that would make Rasa read text as an intent."""
    return _LEADING_SLASHES.sub("", text)


def offered_payloads(events: Iterable[Any]) -> set[str]:
    """Button payloads of the bot messages since the resident's last message."""
    payloads: set[str] = set()
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or []:
                payload = button.get("payload")
                if isinstance(payload, str):
                    payloads.add(payload.strip())
    return payloads


def guard_text(text: str | None, offered: set[str]) -> str | None:
    """The text Rasa may see: offered button payloads as they are, else no '/'."""
    if text is None or not text.strip().startswith(INTENT_PREFIX):
        return text
    if text.strip() in offered:
        return text.strip()
    return neutralise(text)


class GuardedRestInput(RestInput):
    """Rasa's REST channel, but residents cannot force an intent by typing '/'."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        agent_holder: dict[str, Any] = {}

        async def guarded(message: UserMessage) -> None:
            agent = agent_holder.get("agent")
            if is_blank(message.text):
                text = self._response_text(agent, EMPTY_MESSAGE_RESPONSE)
                await message.output_channel.send_text_message(message.sender_id, text)
                return
            if message.text and message.text.strip().startswith(INTENT_PREFIX):
                offered = await self._offered(agent, message.sender_id)
                message.text = guard_text(message.text, offered)
            await on_new_message(message)

        blueprint = super().blueprint(guarded)

        @blueprint.middleware("request")
        async def remember_agent(request: Any) -> None:
            agent_holder["agent"] = getattr(request.app.ctx, "agent", None)

        # Rasa loads the model before the server starts; once it is up, the model's
        # objects leave the garbage collector (common/gc_freeze.py: 243 ms pauses).
        blueprint.listener("after_server_start")(freeze_loaded_model)
        return blueprint

    @staticmethod
    def _response_text(agent: Any, name: str) -> str:
        responses = getattr(getattr(agent, "domain", None), "responses", {}) or {}
        variants = responses.get(name) or [{}]
        return variants[0].get("text") or "Ik zie geen tekst in je bericht."

    @staticmethod
    async def _offered(agent: Any, sender_id: str) -> set[str]:
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return set()
        tracker = store.retrieve(sender_id)
        if inspect.isawaitable(tracker):
            tracker = await tracker
        return offered_payloads(tracker.events) if tracker is not None else set()

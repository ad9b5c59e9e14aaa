"""The REST channel with a guard against forced intents.

Rasa reads a text like ``/already_paid{"x": 1}`` as a forced intent. Residents
must never be able to do that by typing, but the assistant's own buttons use
such payloads. This channel keeps Rasa's REST contract (same URL
``/webhooks/rest/webhook``, same request and response) and lets a text that
starts with '/' through unchanged only when it is exactly one of the button
payloads the assistant offered in its latest turn. Any other such text loses
its leading slashes and is understood as ordinary words.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Awaitable, Callable, Iterable, Optional, Set, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint

INTENT_PREFIX = "/"
_LEADING_SLASHES = re.compile(r"^\s*/+\s*")


def neutralise(text: Text) -> Text:
    """Remove the leading slashes that would make Rasa read text as an intent."""
    return _LEADING_SLASHES.sub("", text)


def offered_payloads(events: Iterable[Any]) -> Set[Text]:
    """Button payloads of the bot messages since the resident's last message."""
    payloads: Set[Text] = set()
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or []:
                payload = button.get("payload")
                if isinstance(payload, str):
                    payloads.add(payload.strip())
    return payloads


def guard_text(text: Optional[Text], offered: Set[Text]) -> Optional[Text]:
    """The text Rasa may see: offered button payloads as they are, else no '/'."""
    if text is None or not text.strip().startswith(INTENT_PREFIX):
        return text
    if text.strip() in offered:
        return text.strip()
    return neutralise(text)


class GuardedRestInput(RestInput):
    """Rasa's REST channel, but residents cannot force an intent by typing '/'."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        agent_holder: dict[str, Any] = {}

        async def guarded(message: UserMessage) -> None:
            if message.text and message.text.strip().startswith(INTENT_PREFIX):
                offered = await self._offered(agent_holder.get("agent"), message.sender_id)
                message.text = guard_text(message.text, offered)
            await on_new_message(message)

        blueprint = super().blueprint(guarded)

        @blueprint.middleware("request")
        async def remember_agent(request: Any) -> None:
            agent_holder["agent"] = getattr(request.app.ctx, "agent", None)

        return blueprint

    @staticmethod
    async def _offered(agent: Any, sender_id: Text) -> Set[Text]:
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return set()
        tracker = store.retrieve(sender_id)
        if inspect.isawaitable(tracker):
            tracker = await tracker
        return offered_payloads(tracker.events) if tracker is not None else set()

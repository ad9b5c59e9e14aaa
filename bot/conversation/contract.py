"""The one contract every handler meets: it receives the gateway (its services) and
the `Turn` (the stored resident message and what the intake learned), and returns an
`Outcome` (the bot messages for the resident). Handlers never raise for a resident's
words; a `GatewayError` is a refusal with a Dutch message (the API's error envelope)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.models import Case, Conversation, Message

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway


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
    # The conversation's state after the turn, when the handler knows it (else read).
    state: str | None = None


@dataclass
class Turn:
    """One resident message, stored, with what the intake found out about it."""

    conversation: Conversation
    message: Message
    # The buttons the latest bot turn offered (a typed reply may name one).
    offered: list[dict[str, str]] = field(default_factory=list)
    # The safety net's replies (113/112), said before whatever the handler says.
    safety: list[Message] = field(default_factory=list)
    # Bot messages stored with the resident's message, said first: what was read in a
    # screenshot (bot/conversation/with_image.py).
    preface: list[Message] = field(default_factory=list)
    # For text read from a screenshot: the resident's own words sent with it ('' when
    # none). The assistant reads damage and steps taken from these only.
    own_words: str | None = None

    @property
    def conversation_id(self) -> str:
        return self.conversation.id

    @property
    def typed(self) -> bool:
        return self.message.payload is None


@dataclass
class Recorded:
    """What one stored answer changed: the conversation, its new messages, a new case."""

    conversation: Conversation
    messages: list[Message]
    case: Case | None = None


Handler = Callable[["Gateway", Turn], Awaitable[Outcome]]

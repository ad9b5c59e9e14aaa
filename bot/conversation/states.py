"""Every state a conversation, a case and a message can be in, and the one writer of
them: `transition()`. Nothing else assigns `Conversation.state`, `Case.status` or
`Message.status` (a new row starts in its initial state; the atomic claim in
bot/helpdesk/desk.py, and the release and reassign in bot/helpdesk/holding.py, write
`target()` in their UPDATE, for the same table).

```mermaid
stateDiagram-v2
    direction LR
    state "Conversation" as conversation {
        [*] --> bot
        bot --> waiting: HANDED_OFF (the assistant asked for a volunteer)
        waiting --> volunteer: VOLUNTEER_JOINED (a volunteer claimed the case)
        volunteer --> waiting: VOLUNTEER_LEFT (the case went back to the queue)
        waiting --> volunteer: VOLUNTEER_CHANGED (a coordinator gave the case to a volunteer)
        volunteer --> volunteer: VOLUNTEER_CHANGED (another volunteer took over)
        waiting --> bot: RESIDENT_BACK ('terug naar de assistent') / CASE_LOST
        volunteer --> bot: HANDED_BACK (the volunteer hands back)
        volunteer --> closed: VOLUNTEER_CLOSED
        closed --> bot: ASSISTANT_ANSWERED (the resident writes again)
        waiting --> bot: CONTENT_ERASED ('verwijder mijn gegevens', any state)
    }
    state "Case" as case {
        [*] --> open
        open --> claimed: CLAIM
        claimed --> open: RELEASE (back to the queue: by a coordinator, idle, account off)
        open --> claimed: REASSIGN (a coordinator gives it to a volunteer)
        claimed --> claimed: REASSIGN (to another volunteer)
        open --> closed: CLOSE (withdrawn, erased)
        claimed --> closed: CLOSE (handed back, closed, erased)
    }
    state "Message (a resident's)" as message {
        [*] --> pending: stored before anything else
        pending --> answered: ANSWERED (the assistant or the gateway replied)
        pending --> to_case: FOR_THE_CASE (a volunteer will read it)
        answered --> to_case: FOR_THE_CASE (a command while a volunteer has the case)
        pending --> empty: REFUSED_EMPTY
        pending --> too_long: REFUSED_TOO_LONG
        pending --> rate_limited: REFUSED_RATE_LIMITED
    }
```

`Conversation.rasa_paused` is not a state of the conversation but a record of what
Rasa's tracker holds (a pause event was stored there); the gateway keeps the two in
step (bot/conversation/with_assistant.py).

A transition from a state the diagram does not expect is applied (a resident is
never left stuck or shown an error for it) and logged, so it shows up in the logs.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

logger = logging.getLogger(__name__)


class ConversationState(StrEnum):
    BOT = "bot"  # the assistant answers
    WAITING = "waiting"  # a case is open; the assistant is paused
    VOLUNTEER = "volunteer"  # a volunteer has the case
    CLOSED = "closed"  # a volunteer closed the case; the next message reopens the talk


class CaseStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    CLOSED = "closed"


class MessageStatus(StrEnum):
    PENDING = "pending"  # stored, not yet answered (a restart answers it)
    ANSWERED = "answered"
    TO_CASE = "to_case"  # for the volunteer, not for the assistant
    UNSUPPORTED = "unsupported"  # a photo, voice message or file: kept as a note
    EMPTY = "empty"  # refused: kept, never part of the history
    TOO_LONG = "too_long"
    RATE_LIMITED = "rate_limited"


# While a case is open or with a volunteer, messages are for the case.
HANDOFF_STATES = frozenset({ConversationState.WAITING, ConversationState.VOLUNTEER})
# Refused messages: kept in the database (nothing is lost), not part of the history.
REFUSED = (MessageStatus.EMPTY, MessageStatus.TOO_LONG, MessageStatus.RATE_LIMITED)


class ConversationEvent(StrEnum):
    HANDED_OFF = "handed_off"
    VOLUNTEER_JOINED = "volunteer_joined"
    VOLUNTEER_LEFT = "volunteer_left"
    VOLUNTEER_CHANGED = "volunteer_changed"
    RESIDENT_BACK = "resident_back"
    CASE_LOST = "case_lost"
    HANDED_BACK = "handed_back"
    VOLUNTEER_CLOSED = "volunteer_closed"
    ASSISTANT_ANSWERED = "assistant_answered"
    CONTENT_ERASED = "content_erased"


class CaseEvent(StrEnum):
    CLAIM = "claim"
    RELEASE = "release"
    REASSIGN = "reassign"
    CLOSE = "close"


class MessageEvent(StrEnum):
    ANSWERED = "answered"
    FOR_THE_CASE = "for_the_case"
    REFUSED_EMPTY = "refused_empty"
    REFUSED_TOO_LONG = "refused_too_long"
    REFUSED_RATE_LIMITED = "refused_rate_limited"


Event = ConversationEvent | CaseEvent | MessageEvent
C, K, M = ConversationState, CaseStatus, MessageStatus
ANY_CONVERSATION = frozenset(ConversationState)

# event -> (the states it is expected from, the state it leads to); None: unchanged.
TRANSITIONS: dict[Event, tuple[frozenset[Any], Any]] = {
    ConversationEvent.HANDED_OFF: (frozenset({C.BOT, C.CLOSED}), C.WAITING),
    ConversationEvent.VOLUNTEER_JOINED: (frozenset({C.WAITING}), C.VOLUNTEER),
    ConversationEvent.VOLUNTEER_LEFT: (frozenset({C.VOLUNTEER}), C.WAITING),
    ConversationEvent.VOLUNTEER_CHANGED: (HANDOFF_STATES, C.VOLUNTEER),
    ConversationEvent.RESIDENT_BACK: (frozenset({C.WAITING, C.BOT}), C.BOT),
    ConversationEvent.CASE_LOST: (HANDOFF_STATES, C.BOT),
    ConversationEvent.HANDED_BACK: (frozenset({C.VOLUNTEER}), C.BOT),
    ConversationEvent.VOLUNTEER_CLOSED: (frozenset({C.VOLUNTEER}), C.CLOSED),
    ConversationEvent.CONTENT_ERASED: (ANY_CONVERSATION, C.BOT),
    CaseEvent.CLAIM: (frozenset({K.OPEN}), K.CLAIMED),
    CaseEvent.RELEASE: (frozenset({K.CLAIMED}), K.OPEN),
    CaseEvent.REASSIGN: (frozenset({K.OPEN, K.CLAIMED}), K.CLAIMED),
    CaseEvent.CLOSE: (frozenset({K.OPEN, K.CLAIMED}), K.CLOSED),
    MessageEvent.ANSWERED: (frozenset({M.PENDING, M.ANSWERED}), M.ANSWERED),
    MessageEvent.FOR_THE_CASE: (frozenset({M.PENDING, M.ANSWERED, M.TO_CASE}), M.TO_CASE),
    MessageEvent.REFUSED_EMPTY: (frozenset({M.PENDING}), M.EMPTY),
    MessageEvent.REFUSED_TOO_LONG: (frozenset({M.PENDING}), M.TOO_LONG),
    MessageEvent.REFUSED_RATE_LIMITED: (frozenset({M.PENDING}), M.RATE_LIMITED),
}


def target(current: str, event: Event) -> str:
    """The state `event` leads to from `current` (unchanged where it does not apply)."""
    if event is ConversationEvent.ASSISTANT_ANSWERED:
        # Answering reopens a closed conversation; in any other state it changes nothing.
        return C.BOT if current == C.CLOSED else current
    expected, to = TRANSITIONS[event]
    if current not in expected:
        logger.warning("state: %s from %s is not in the diagram; applied", event, current)
    return to


def _field(event: Event) -> str:
    return "state" if isinstance(event, ConversationEvent) else "status"


def transition(thing: Any, event: Event) -> str:
    """Apply `event` to a conversation, a case or a resident's message; the new state."""
    name = _field(event)
    new = target(getattr(thing, name), event)
    setattr(thing, name, new)
    return new

"""A resident's message while the gateway's database cannot be reached.

Nothing is lost silently. A message that could not be stored is refused with a Dutch
'not kept, try again in a minute' (503 `unavailable`): the widget keeps the text in its
input. A message that was stored before the database went away stays pending: the
resident hears at once that it is kept and gets the essential advice (not stored: the
database is away), and the recovery loop answers it once the database is back, as when
Rasa is away. A press of one of the gateway's own buttons ('!...') is refused instead:
it is stored as handled, so nothing would answer it later, and it can be pressed again."""

from __future__ import annotations

import logging
from typing import Any

from bot import safety, texts
from bot.conversation.contract import GatewayError, Outcome, Turn
from bot.conversation.intake import is_command
from bot.helpdesk import cases
from bot.models import utcnow
from common.crisis import detect_crisis

logger = logging.getLogger(__name__)

NOT_KEPT = GatewayError(503, "unavailable", texts.NOT_KEPT)


def refused(error: BaseException) -> GatewayError:
    logger.warning("the database does not answer (%s): a message was refused", type(error).__name__)
    return NOT_KEPT


def kept(turn: Turn, error: BaseException) -> Outcome:
    """The answer to a stored message whose handling met the database away."""
    message = turn.message
    if is_command(message) or (message.payload or "").startswith(cases.COMMAND_PREFIX):
        raise refused(error)
    logger.warning(
        "the database does not answer (%s): a stored message is kept for the recovery loop",
        type(error).__name__,
    )
    kinds = detect_crisis(message.text) if message.payload is None else []
    said = [*safety.crisis_texts(kinds), texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE]
    return Outcome(
        [_unstored(text) for text in said], degraded=True, resident_message=message.as_dict()
    )


def _unstored(text: str) -> dict[str, Any]:
    # No id: the widget shows it without counting it among the stored messages.
    return {
        "id": None,
        "role": "bot",
        "text": text,
        "buttons": [],
        "report_draft": False,
        "lang": None,
        "created_at": utcnow().isoformat(),
    }

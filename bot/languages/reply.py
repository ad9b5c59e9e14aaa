"""The gateway's own answer to a typed message that is clearly not Dutch: a bubble in
Dutch and one in the resident's language (or English), with the volunteer button. The
message is not sent to the assistant, whose advice would be guessed from words it cannot
read; it is stored and answered like any other, so a volunteer sees it in the case."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.conversation import store
from bot.conversation.contract import Outcome, Turn
from bot.conversation.gateway_replies import say_all
from bot.helpdesk import cases
from bot.languages import detect
from bot.languages.texts import FALLBACK, IN_LANGUAGE, NOT_DUTCH_NL

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)


async def language_of(gw: Gateway, turn: Turn) -> str | None:
    """The language of a typed message when it is clearly not Dutch. Not asked for a
    button (pressed or typed), nor for text read from a screenshot: that is a pasted
    message, which the assistant reads with the resident's own words."""
    if not gw.settings.language_check or not turn.typed or turn.own_words is not None:
        return None
    verdict = await asyncio.to_thread(detect.read, turn.message.text)
    if verdict.language is not None:
        why = verdict.why
        logger.info("a message not in Dutch (%s, %s): the gateway answers", verdict.language, why)
    return verdict.language


async def answer(gw: Gateway, turn: Turn, language: str) -> Outcome:
    tag = language if language in IN_LANGUAGE else FALLBACK
    cid = turn.conversation_id
    replies = [
        store.bot_message(cid, NOT_DUTCH_NL),
        store.bot_message(cid, IN_LANGUAGE[tag], [cases.volunteer_button()], lang=tag),
    ]
    return await say_all(gw, cid, turn.message, replies)

"""The report draft for the resident: the widget's text and PDF endpoints and Telegram's
document read it here. The conversation id is the resident's key, as for every widget
route: an unknown one gets the same refusal as GET messages."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot import texts
from bot.conversation import store
from bot.conversation.contract import GatewayError
from bot.models import utcnow
from bot.reports import pdf
from bot.reports.store import latest
from common.report_draft import ReportDraft

if TYPE_CHECKING:
    from bot.conversation.gateway import Gateway

logger = logging.getLogger(__name__)


async def draft_of(gw: Gateway, conversation_id: str) -> ReportDraft:
    """The conversation's draft; 404 for an unknown conversation or when it has none."""
    async with gw.sessions() as session:
        await store.conversation(session, conversation_id)
        row = await latest(session, conversation_id)
        if row is None:
            raise GatewayError(404, "no_report_draft", texts.REPORT_DRAFT_NONE)
        return row.draft()


async def pdf_of(gw: Gateway, conversation_id: str) -> bytes:
    """The draft as a PDF, made off the event loop; 503 when the font is missing."""
    draft = await draft_of(gw, conversation_id)
    try:
        return await asyncio.to_thread(pdf.render, draft, utcnow())
    except pdf.FontMissing as missing:
        logger.error("cannot make the report draft's PDF: %s", missing)
        raise GatewayError(503, "no_pdf", texts.REPORT_DRAFT_NO_PDF) from missing


async def pdf_if_any(gw: Gateway, conversation_id: str) -> bytes | None:
    """For a channel that sends the PDF by itself (Telegram): None when there is no
    draft (erased meanwhile) or no PDF can be made."""
    try:
        return await pdf_of(gw, conversation_id)
    except GatewayError:
        return None

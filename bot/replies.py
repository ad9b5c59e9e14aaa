"""Rasa's REST output split into resident-facing messages and the gateway's own payloads."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, TypeVar

from common.payloads import Handoff, Insight, PayloadError
from common.report_draft import ReportDraft

logger = logging.getLogger(__name__)

Payload = TypeVar("Payload", Handoff, Insight, ReportDraft)


@dataclass(frozen=True)
class BotReply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedReply:
    messages: list[BotReply]
    handoffs: list[Handoff]
    # What the assistant recognised: scam type, urgency, whether the advice path ended.
    insights: list[Insight] = field(default_factory=list)
    # The report form's draft as it grows (common/report_draft.py), in the order sent.
    report_drafts: list[ReportDraft] = field(default_factory=list)


def _payload(kind: type[Payload], custom: dict[str, Any]) -> Payload | None:
    """The payload under its key, or None when there is none or it cannot be read.

    An unreadable payload (a newer version, a wrong shape) is logged and left out: the
    resident still gets the assistant's messages, only what the payload would have
    started (a case, a figure) does not happen.
    """
    if kind.KEY not in custom:
        return None
    try:
        return kind.from_json(custom[kind.KEY])
    except PayloadError as error:
        logger.warning("Ignored the assistant's payload: %s", error)
        return None


def parse(rasa_messages: list[dict[str, Any]]) -> ParsedReply:
    messages: list[BotReply] = []
    handoffs: list[Handoff] = []
    insights: list[Insight] = []
    report_drafts: list[ReportDraft] = []
    for item in rasa_messages:
        custom = item.get("custom")
        if isinstance(custom, dict):
            if (handoff := _payload(Handoff, custom)) is not None:
                handoffs.append(handoff)
            if (insight := _payload(Insight, custom)) is not None:
                insights.append(insight)
            if (draft := _payload(ReportDraft, custom)) is not None:
                report_drafts.append(draft)
        text = item.get("text")
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in item.get("buttons") or []
            if b.get("payload")
        ]
        if text or buttons:
            messages.append(BotReply(text=str(text or ""), buttons=buttons))
    return ParsedReply(
        messages=messages, handoffs=handoffs, insights=insights, report_drafts=report_drafts
    )

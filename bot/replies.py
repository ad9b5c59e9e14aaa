"""Rasa's REST output split into resident-facing messages and the gateway's own payloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BotReply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedReply:
    messages: list[BotReply]
    handoffs: list[dict[str, Any]]
    # What the assistant recognised: scam type, urgency, whether the advice path ended.
    insights: list[dict[str, Any]] = field(default_factory=list)


def parse(rasa_messages: list[dict[str, Any]]) -> ParsedReply:
    messages: list[BotReply] = []
    handoffs: list[dict[str, Any]] = []
    insights: list[dict[str, Any]] = []
    for item in rasa_messages:
        custom = item.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
            handoffs.append(custom["handoff"])
        if isinstance(custom, dict) and isinstance(custom.get("insight"), dict):
            insights.append(custom["insight"])
        text = item.get("text")
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in item.get("buttons") or []
            if b.get("payload")
        ]
        if text or buttons:
            messages.append(BotReply(text=str(text or ""), buttons=buttons))
    return ParsedReply(messages=messages, handoffs=handoffs, insights=insights)

"""Canned replies for volunteers, drawn from the assistant's own advice texts (the
domain's responses over Rasa's HTTP API), so the facts stay those of the sources."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from bot import texts
from bot.rasa_client import RasaClient

CACHE_SECONDS = 300.0
# Advice parts per scam type (responses/advice/<type>.yml), then general ones.
TYPE_PARTS = (("now", "Wat nu te doen"), ("report", "Melden en aangifte"), ("help", "Hulp"))
GENERAL = (
    ("utter_urgent_paid", "Geld overgemaakt"),
    ("utter_urgent_bank_details", "Bankgegevens gegeven"),
    ("utter_urgent_remote_access", "Iemand had toegang tot de computer"),
    ("utter_urgent_digid", "DigiD-gegevens gegeven"),
    ("utter_report_online", "Aangifte online"),
    ("utter_report_by_phone", "Aangifte per telefoon"),
    ("utter_helplines", "Hulplijnen"),
    ("utter_core_rule", "Vuistregel"),
)


@dataclass(frozen=True)
class CannedReply:
    label: str
    text: str


class CannedReplies:
    def __init__(self, rasa: RasaClient) -> None:
        self.rasa = rasa
        self._responses: dict[str, Any] = {}
        self._fetched = 0.0

    async def _all(self) -> dict[str, Any]:
        if not self._responses or time.monotonic() - self._fetched > CACHE_SECONDS:
            fetched = await self.rasa.responses()
            if fetched:
                self._responses, self._fetched = fetched, time.monotonic()
        return self._responses

    def _text(self, responses: dict[str, Any], name: str) -> str | None:
        variants = responses.get(name) or []
        text = variants[0].get("text") if variants and isinstance(variants[0], dict) else None
        return str(text) if text else None

    async def for_case(self, scam_type: str | None) -> list[CannedReply]:
        responses = await self._all()
        if not responses:  # Rasa away: the gateway's own essential advice
            return [CannedReply("Basisadvies", text) for text in texts.ESSENTIAL_ADVICE]
        replies = []
        if scam_type:
            for part, label in TYPE_PARTS:
                text = self._text(responses, f"utter_{scam_type}_{part}")
                if text:
                    replies.append(CannedReply(label, text))
        for name, label in GENERAL:
            text = self._text(responses, name)
            if text:
                replies.append(CannedReply(label, text))
        return replies

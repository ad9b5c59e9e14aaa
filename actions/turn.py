"""What the resident's latest message carries, read from the tracker."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from common.rest_metadata import OWN_WORDS

INTENT_PREFIX = "/"
# A trick is named when the scam-type head gives it at least this share of 'no trick'.
NO_TYPE_MARGIN = 0.9
# ... or when the intent ranking, too, clearly puts that type first among the scam types.
AGREED_MINIMUM = 0.01


@dataclass(frozen=True)
class Turn:
    """The latest user message: intent, own words (not a button payload), entities."""

    intent: str | None
    text: str
    is_button: bool
    entities: list[dict[str, Any]] = field(default_factory=list)
    ranking: list[tuple[str, float]] = field(default_factory=list)
    # The classifier's second head: the scam type apart from the damage ('none' first
    # when the message tells no trick).
    types: list[tuple[str, float]] = field(default_factory=list)
    # When `text` is a message the resident quotes ('is dit echt? "..."'): their own
    # words around it. Damage, steps taken and 'not yet' are read from these only.
    said: str | None = None

    @property
    def own_words(self) -> str:
        return self.text if self.said is None else self.said

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Turn:
        message = tracker.latest_message or {}
        raw = (message.get("text") or "").strip()
        is_button = raw.startswith(INTENT_PREFIX)
        ranking = [
            (item.get("name"), float(item.get("confidence") or 0.0))
            for item in message.get("intent_ranking") or []
            if item.get("name")
        ]
        types = [
            (item.get("name"), float(item.get("confidence") or 0.0))
            for item in message.get("scam_type_ranking") or []
            if item.get("name")
        ]
        # A message read from a screenshot: the gateway says which words were the
        # resident's own (the rest is the scammer's message, e.g. 'ik heb al betaald').
        metadata = message.get("metadata") or {}
        own = metadata.get(OWN_WORDS) if isinstance(metadata, dict) else None
        return cls(
            intent=(message.get("intent") or {}).get("name"),
            text="" if is_button else raw,
            is_button=is_button,
            entities=list(message.get("entities") or []),
            ranking=ranking,
            types=types,
            said=own if isinstance(own, str) and not is_button else None,
        )

    def scam_type(self, minimum: float) -> str | None:
        """The trick the message tells, by the scam-type head: the likeliest type, if it
        is at least `minimum` likely and about as likely as 'no trick told' or more."""
        no_type = next((conf for name, conf in self.types if name == "none"), 0.0)
        best = next(((name, conf) for name, conf in self.types if name != "none"), None)
        if best is None or best[1] < minimum or best[1] < NO_TYPE_MARGIN * no_type:
            return None
        return best[0]

    def entity_values(self, name: str) -> list[str]:
        return [str(e.get("value")) for e in self.entities if e.get("entity") == name]

    def confidence(self, intent: str) -> float:
        return next((conf for name, conf in self.ranking if name == intent), 0.0)

    def agreed_scam_type(self, intents: frozenset[str] | tuple[str, ...]) -> str | None:
        """A weaker reading both classifier heads agree on: the scam-type head's likeliest
        type, when it also clearly leads the scam types in the intent ranking."""
        head = next((name for name, _ in self.types if name != "none"), None)
        ranked = sorted(((c, n) for n, c in self.ranking if n in intents), reverse=True)
        if head is None or not ranked or ranked[0][1] != head:
            return None
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        return head if ranked[0][0] >= AGREED_MINIMUM and ranked[0][0] >= 5 * runner_up else None

    def best_of(self, intents: tuple[str, ...] | frozenset[str], minimum: float) -> str | None:
        """The most confident of the given intents in the ranking, if confident enough."""
        candidates = [(conf, name) for name, conf in self.ranking if name in intents]
        if not candidates:
            return None
        conf, name = max(candidates)
        return name if conf >= minimum else None

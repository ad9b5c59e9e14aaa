"""One case across turns: which scam type a message belongs to, and when a new case starts.

Once the scam type is known, later messages are read in its light: 'ze vroeg
780 euro' in a hoi-mam case stays friend-in-need although the classifier may
call it money-mule, because a short follow-up rarely carries enough to tell a
scam by itself. A new case starts only when the resident clearly describes
something else (a long message the classifier is sure of, with no word of the
old case in its ranking) or chooses a new question.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.turn import Turn
from common.case_slots import CASE_SLOTS
from common.scam_types import DAMAGE_INTENTS, SCAM_TYPES

# How sure the classifier must be of another scam type to start a new case ...
NEW_CASE_CONFIDENCE = 0.7
# ... while the current type has at most this much of the ranking ...
OLD_CASE_AT_MOST = 0.05
# ... in a message at least this long. Shorter ones are follow-ups.
NEW_CASE_MIN_WORDS = 12
# Words that open a follow-up about the same case ('ze vroeg ...', 'en nu ...').
FOLLOW_UP_OPENERS = frozenset(
    "ze zij hij die dat het en maar ook nu toen daarna dus want of nog wat hoe kan moet "
    "ja nee oh o".split()
)
# Words that announce a new story ('nog iets anders: ...').
NEW_STORY_MARKERS = (
    "iets anders",
    "wat anders",
    "andere vraag",
    "ander verhaal",
    "ander geval",
    "ook nog",
    "nog een ding",
    "nog iets",
)
# How likely a scam type must be to start a case from a story marked as new.
SCAM_TYPE_MINIMUM = 0.3
# A message that tells damage and the trick at once ('ik heb 600 euro overgemaakt naar
# mijn dochter met een nieuw nummer'): the intent is the damage, the classifier's
# scam-type head names the trick when it is this sure (and surer than of 'no trick').
DAMAGE_STORY_MINIMUM = 0.3
DESCRIPTION_LIMIT = 1000


@dataclass(frozen=True)
class CaseState:
    """What is known about the case so far (from the slots)."""

    scam_type: str | None = None
    damage: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    payment: str | None = None
    platform: str | None = None
    contact: str | None = None
    advised: bool = False
    triaged: bool = False
    description: str | None = None

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> CaseState:
        return cls(
            scam_type=tracker.get_slot("scam_type"),
            damage=tuple(tracker.get_slot("damage") or ()),
            done=tuple(tracker.get_slot("done") or ()),
            payment=tracker.get_slot("payment"),
            platform=tracker.get_slot("platform"),
            contact=tracker.get_slot("contact"),
            advised=bool(tracker.get_slot("advised")),
            triaged=bool(tracker.get_slot("triaged")),
            description=tracker.get_slot("description"),
        )


@dataclass(frozen=True)
class Decision:
    """The scam type this turn is about, whether it opens a new case, and whether the
    resident described the situation in this turn (rather than answering a question)."""

    scam_type: str | None
    new_case: bool
    described: bool


def clearly_new(turn: Turn, current: str) -> bool:
    """Does this message describe another situation than the current case?"""
    words = turn.text.lower().split()
    if any(marker in turn.text.lower() for marker in NEW_STORY_MARKERS) and len(words) >= 6:
        return turn.confidence(turn.intent or "") >= SCAM_TYPE_MINIMUM
    if len(words) < NEW_CASE_MIN_WORDS or words[0].strip(",.!?:") in FOLLOW_UP_OPENERS:
        return False
    return (
        turn.confidence(turn.intent or "") >= NEW_CASE_CONFIDENCE
        and turn.confidence(current) <= OLD_CASE_AT_MOST
    )


def decide(current: str | None, turn: Turn) -> Decision:
    """Which case this turn belongs to."""
    intent = turn.intent
    if intent in SCAM_TYPES:
        if current is None:
            return Decision(intent, new_case=True, described=True)
        if intent == current:
            return Decision(current, new_case=False, described=True)
        if turn.is_button or clearly_new(turn, current):
            return Decision(intent, new_case=True, described=True)
        return Decision(current, new_case=False, described=True)
    if current is None and intent in DAMAGE_INTENTS and turn.text:
        guessed = turn.scam_type(DAMAGE_STORY_MINIMUM) or turn.agreed_scam_type(SCAM_TYPES)
        if guessed is not None:
            return Decision(guessed, new_case=True, described=True)
    return Decision(current, new_case=False, described=False)


def merged_description(previous: str | None, text: str, new_case: bool) -> str | None:
    """The resident's own words about this case, for the volunteer's summary."""
    if not text:
        return None if new_case else previous
    if new_case or not previous:
        return text[:DESCRIPTION_LIMIT]
    if text in previous:
        return previous
    return f"{previous} / {text}"[:DESCRIPTION_LIMIT]


def reset_case() -> list[EventType]:
    """Start a new case: every case slot back to its initial value."""
    return [SlotSet(name, value) for name, value in CASE_SLOTS.items()]

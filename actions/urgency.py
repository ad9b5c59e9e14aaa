"""Urgent first: which damage this turn reports, and the advice that must come first."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.damage import (
    ACCOUNT_CODE,
    BANK_DETAILS,
    CARD_HANDED,
    DAMAGE_ORDER,
    DIGID,
    PAID,
    REMOTE_ACCESS,
    default_damage_for,
    detect_damage,
    order_damage,
)
from actions.scam_types import DAMAGE_INTENTS
from actions.turn import Turn

# A damage intent this likely in the ranking counts even when another intent won.
DAMAGE_INTENT_MINIMUM = 0.4
_BANK_CALLS = {PAID, BANK_DETAILS, CARD_HANDED}


@dataclass(frozen=True)
class Urgency:
    """Damage reported in this turn, and all damage reported so far."""

    new: list[str]
    known: list[str]

    @property
    def urgent(self) -> bool:
        return bool(self.known)

    def slot_events(self) -> list[EventType]:
        return [SlotSet("damage", self.known), SlotSet("urgent", self.urgent)]


def assess(turn: Turn, tracker: Tracker, scam_type: str | None) -> Urgency:
    """Combine the resident's words, button entities and the NLU intent."""
    kinds = set(detect_damage(turn.text))
    kinds |= {k for k in turn.entity_values("damage_kind") if k in DAMAGE_ORDER}
    damage_intent = turn.intent if turn.intent in DAMAGE_INTENTS else None
    if damage_intent is None and turn.text:
        damage_intent = turn.best_of(DAMAGE_INTENTS, DAMAGE_INTENT_MINIMUM)
    if damage_intent and not kinds:
        implied = default_damage_for(damage_intent, scam_type)
        if implied:
            kinds.add(implied)
    previous = tracker.get_slot("damage") or []
    return Urgency(new=order_damage(kinds), known=order_damage(set(previous) | kinds))


def urgent_responses(kinds: list[str]) -> list[str]:
    """The responses that say what to do right now, most urgent first."""
    names: list[str] = []
    kinds_set = set(kinds)
    if CARD_HANDED in kinds_set:
        names.append("utter_urgent_card_handed")
    if REMOTE_ACCESS in kinds_set:
        names += ["utter_urgent_remote_access", "utter_urgent_remote_access_after"]
    if BANK_DETAILS in kinds_set and CARD_HANDED not in kinds_set:
        names.append("utter_urgent_bank_details")
    elif PAID in kinds_set and CARD_HANDED not in kinds_set:
        names.append("utter_urgent_paid")
    if DIGID in kinds_set:
        names.append("utter_urgent_digid")
    if ACCOUNT_CODE in kinds_set:
        names += ["utter_urgent_account_code", "utter_urgent_warn_contacts"]
    if kinds_set & _BANK_CALLS:
        names.append("utter_urgent_own_number")
    return names


def urgent_first(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    scam_type: str | None = None,
    turn: Turn | None = None,
) -> tuple[Turn, Urgency]:
    """Read the latest message and, before anything else, say what to do right now."""
    turn = turn or Turn.from_tracker(tracker)
    urgency = assess(turn, tracker, scam_type or tracker.get_slot("scam_type"))
    for response in urgent_responses(urgency.new):
        dispatcher.utter_message(response=response)
    return turn, urgency

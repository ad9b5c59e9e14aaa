"""Two-stage fallback: ask with buttons for the likeliest situations, then offer a volunteer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import advise
from actions.rendering import response_text
from actions.turn import Turn
from actions.urgency import urgent_first
from common.case_facts import already_done, nothing_yet
from common.damage import detect_damage
from common.scam_types import SCAM_TYPES

# Intents worth offering as a button, besides the scam types.
OFFERABLE: tuple[str, ...] = SCAM_TYPES + (
    "already_paid",
    "shared_details",
    "how_to_report",
    "ask_human",
)
MAX_OPTIONS = 3
OPTION_MINIMUM = 0.05
MISSES_BEFORE_VOLUNTEER = 2
# How sure the scam-type head must be to settle an unsure intent.
SURE_TYPE_MINIMUM = 0.5


def options(turn: Turn) -> list[str]:
    """The two or three likeliest situations from the NLU ranking."""
    ranked = [(name, conf) for name, conf in turn.ranking if name in OFFERABLE]
    chosen = [name for name, conf in ranked if conf >= OPTION_MINIMUM][:MAX_OPTIONS]
    return chosen if len(chosen) >= 2 else [name for name, _ in ranked[:2]]


def sure_scam_type(turn: Turn) -> str | None:
    """The scam type the head is sure of, when it is also one of the two likeliest intents."""
    head = turn.scam_type(SURE_TYPE_MINIMUM)
    top_two = [name for name, _ in turn.ranking if name != "nlu_fallback"][:2]
    return head if head is not None and head in top_two else None


def tells_about_the_case(text: str) -> bool:
    """Damage, a step taken, or 'nothing yet': facts that fit any case."""
    return bool(detect_damage(text) or already_done(text) or nothing_yet(text))


class ActionClarify(Action):
    """Asks which situation fits when the NLU is unsure; a second miss offers a volunteer."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = Turn.from_tracker(tracker)
        sure = sure_scam_type(turn)
        if sure is not None:
            # Unsure between 'paid' and 'Marktplaats', while the scam-type head is sure of
            # Marktplaats: that is the story, with its damage. Ask less.
            return advise(dispatcher, tracker, domain, replace(turn, intent=sure))
        if tracker.get_slot("scam_type") and tells_about_the_case(turn.text):
            # In a known case, 'ik hep er op geklikt maar niks ingevult' is a follow-up
            # the classifier could not place: read it in the light of the case.
            return advise(dispatcher, tracker, domain, turn)
        turn, urgency = urgent_first(dispatcher, tracker, turn=turn)

        misses = int(tracker.get_slot("misses") or 0) + 1
        if tracker.get_slot("pending_question") == "clarify":
            # Any answer to 'what fits best?' other than a choice is a second miss.
            misses = max(misses, MISSES_BEFORE_VOLUNTEER)
        events: list[EventType] = [SlotSet("misses", float(misses)), *urgency.slot_events()]
        if misses >= MISSES_BEFORE_VOLUNTEER:
            dispatcher.utter_message(response="utter_not_understood")
            dispatcher.utter_message(response="utter_offer_volunteer")
            dispatcher.utter_message(response="utter_helplines")
            return events + [SlotSet("pending_question", "volunteer")]

        choices = options(turn) if turn.intent == "nlu_fallback" else []
        if not choices:
            dispatcher.utter_message(response="utter_clarify_again")
            return events + [SlotSet("pending_question", None)]

        buttons = [
            {"title": response_text(domain, f"utter_{name}_button"), "payload": f"/{name}"}
            for name in choices
        ]
        buttons.append({"title": response_text(domain, "utter_clarify_other"), "payload": "/deny"})
        dispatcher.utter_message(response="utter_clarify", buttons=buttons)
        if turn.text:
            events.append(SlotSet("description", turn.text))
        return events + [SlotSet("pending_question", "clarify")]

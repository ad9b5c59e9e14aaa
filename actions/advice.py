"""Advice selection: what this is, triage, urgent steps, what to do, report, help."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.message_analysis import analyse, worth_listing
from actions.rendering import signs_message
from actions.scam_types import DAMAGE_INTENTS, SCAM_TYPES, TRIAGE_TYPES
from actions.turn import Turn
from actions.urgency import urgent_first

CLICKED_ONLY = "clicked_only"
# How likely a scam type must be to name it when the resident only reports damage.
SCAM_TYPE_MINIMUM = 0.3


def type_responses(scam_type: str, *parts: str) -> list[str]:
    return [f"utter_{scam_type}_{part}" for part in parts]


def triage_response(domain: dict[str, Any], scam_type: str) -> str:
    """The triage question for this scam type, or the general one.

    Named per type, not a slot condition: Rasa renders an action's responses
    before it applies the slots that action sets.
    """
    specific = f"utter_triage_{scam_type}"
    return specific if specific in (domain.get("responses") or {}) else "utter_triage"


def closing_responses(urgent: bool) -> list[str]:
    """Every advice path ends with the campaign rule and next-step buttons."""
    return ["utter_core_rule", "utter_next_steps_urgent" if urgent else "utter_next_steps"]


def insight(scam_type: str | None, urgent: bool, responses: list[str]) -> dict[str, Any]:
    return {
        "scam_type": scam_type,
        "urgent": urgent,
        "advice_done": "utter_core_rule" in responses,
    }


class ActionAdvise(Action):
    """Answers a described scam, a triage answer, or reported damage."""

    def name(self) -> str:
        return "action_advise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = Turn.from_tracker(tracker)
        previous_type = tracker.get_slot("scam_type")
        described = turn.intent in SCAM_TYPES
        scam_type = turn.intent if described else previous_type
        if scam_type is None and turn.intent in DAMAGE_INTENTS and turn.text:
            scam_type = turn.best_of(SCAM_TYPES, SCAM_TYPE_MINIMUM)
            described = scam_type is not None
        description = turn.text if described and turn.text else tracker.get_slot("description")

        # Urgent first: what to do right now comes before anything else.
        _turn, urgency = urgent_first(dispatcher, tracker, scam_type, turn)
        if described and scam_type:
            signs = analyse(description)
            if worth_listing(description, signs):
                dispatcher.utter_message(text=signs_message(domain, signs))

        responses: list[str] = []
        pending: str | None = None
        if urgency.new:
            if scam_type:
                if described:
                    responses += type_responses(scam_type, "what")
                responses += type_responses(scam_type, "report", "help")
                responses += closing_responses(True)
            else:
                responses += ["utter_tell_what_happened", "utter_next_steps_urgent"]
        elif described and scam_type:
            responses += type_responses(scam_type, "what")
            if scam_type in TRIAGE_TYPES and not urgency.known:
                responses.append(triage_response(domain, scam_type))
                pending = "triage"
            else:
                responses += type_responses(scam_type, "now", "report", "help")
                responses += closing_responses(urgency.urgent)
        elif turn.intent == "affirm":
            responses += ["utter_triage_which", triage_response(domain, scam_type or "")]
            pending = "triage"
        elif scam_type:
            if CLICKED_ONLY in turn.entity_values("damage_kind"):
                responses.append("utter_clicked_only")
            responses += type_responses(scam_type, "now", "report", "help")
            responses += closing_responses(urgency.urgent)
        else:
            responses.append("utter_what_happened")

        for response in responses:
            dispatcher.utter_message(response=response)
        # For the gateway's anonymous figures (not shown): what this was, whether it was
        # urgent, and whether the advice path ended (then it asks 'heeft dit geholpen?').
        dispatcher.utter_message(
            json_message={"insight": insight(scam_type, urgency.urgent, responses)}
        )
        return [
            SlotSet("scam_type", scam_type),
            SlotSet("description", description),
            SlotSet("pending_question", pending),
            SlotSet("misses", 0.0),
            *urgency.slot_events(),
        ]

"""Escalation to a human volunteer: the machine-readable hand-off payload.

The action server stays stateless. The reply carries a custom JSON message
``{"handoff": {...}}`` (common/payloads.py: Handoff); the gateway opens the case and
owns the hand-off.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.urgency import urgent_first
from common.damage import DAMAGE_LABELS
from common.masking import mask
from common.payloads import Handoff
from common.scam_types import SCAM_LABELS

EXCERPT_LENGTH = 160


def summary(
    scam_type: str | None,
    damage: list[str],
    organisation: str | None,
    channel: str | None,
    description: str | None,
) -> str:
    """A short Dutch summary for volunteers, with numbers and e-mail addresses masked."""
    parts = [SCAM_LABELS.get(scam_type or "", "Soort oplichting nog onbekend")]
    if damage:
        parts.append("Schade: " + ", ".join(DAMAGE_LABELS[d] for d in damage) + ".")
    else:
        parts.append("Geen schade gemeld.")
    named = ", ".join(x for x in (organisation, channel) if x)
    if named:
        parts.append(f"Genoemd: {named}.")
    if description:
        excerpt = mask(" ".join(description.split()))
        if len(excerpt) > EXCERPT_LENGTH:
            excerpt = excerpt[: EXCERPT_LENGTH - 1].rstrip() + "…"
        parts.append(f"Bewoner: “{excerpt}”")
    parts[0] += "."
    return " ".join(parts)


def handoff_payload(tracker: Tracker, reason: str, damage: list[str]) -> Handoff:
    scam_type = tracker.get_slot("scam_type")
    return Handoff(
        reason=reason,
        scam_type=scam_type,
        urgent=bool(damage),
        damage=tuple(damage),
        summary=summary(
            scam_type,
            damage,
            tracker.get_slot("organisation"),
            tracker.get_slot("channel"),
            tracker.get_slot("description"),
        ),
    )


class ActionEscalate(Action):
    """Hands the conversation to a volunteer (the gateway queues the case)."""

    def name(self) -> str:
        return "action_escalate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn, urgency = urgent_first(dispatcher, tracker)
        reason = "ask_human" if turn.intent == "ask_human" else "volunteer_offer"
        dispatcher.utter_message(response="utter_handoff")
        if urgency.urgent:
            dispatcher.utter_message(response="utter_handoff_urgent")
        # What happens next (a volunteer online, or the hours and the helpline to call
        # now) is the gateway's to say: it knows who is online.
        dispatcher.utter_message(
            json_message={Handoff.KEY: handoff_payload(tracker, reason, urgency.known).to_json()}
        )
        return [SlotSet("pending_question", None), SlotSet("misses", 0.0), *urgency.slot_events()]


class ActionDeclineVolunteer(Action):
    """The resident does not want a volunteer now."""

    def name(self) -> str:
        return "action_decline_volunteer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_volunteer_declined")
        return [SlotSet("pending_question", None), SlotSet("misses", 0.0)]

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

from actions.turn import Turn
from actions.urgency import urgent_first
from common.case_facts import CALL, LETTER
from common.damage import DAMAGE_LABELS
from common.masking import mask
from common.payloads import Handoff
from common.scam_types import SCAM_LABELS, SCAM_TYPES

EXCERPT_LENGTH = 160
# How sure the classifier's scam-type head must be to name the type of a hand-off
# message no earlier turn classified.
HANDOFF_TYPE_MINIMUM = 0.5
# The channel entity is the resident's own word ('belde', 'smsje'): the summary names
# the channel in a readable phrase, and leaves out a word it does not know.
CHANNEL_PHRASES: dict[str, str] = {
    **dict.fromkeys(("telefoon", "gebeld", "belde", "telefoontje"), "een telefoontje"),
    **dict.fromkeys(("sms", "sms'je", "smsje"), "een sms"),
    **dict.fromkeys(("whatsapp", "whatsappje"), "WhatsApp"),
    **dict.fromkeys(("appje", "app"), "een appje"),
    **dict.fromkeys(("mail", "e-mail", "email", "mailtje"), "een e-mail"),
    **dict.fromkeys(("pop-up", "popup"), "een pop-up op het scherm"),
    "brief": "een brief",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "insta": "Instagram",
    "snapchat": "Snapchat",
    "tiktok": "TikTok",
    "telegram": "Telegram",
}
# How the scam came (the contact slot) when no channel word was caught.
CONTACT_PHRASES = {CALL: "een telefoontje", LETTER: "een brief"}


def summary(
    scam_type: str | None,
    damage: list[str],
    organisation: str | None,
    channel: str | None,
    description: str | None,
    contact: str | None = None,
) -> str:
    """A short Dutch summary for volunteers, with numbers and e-mail addresses masked."""
    parts = [SCAM_LABELS.get(scam_type or "", "Soort oplichting nog onbekend")]
    if damage:
        parts.append("Schade: " + ", ".join(DAMAGE_LABELS[d] for d in damage) + ".")
    else:
        parts.append("Geen schade gemeld.")
    came_by = CHANNEL_PHRASES.get((channel or "").strip().lower()) or CONTACT_PHRASES.get(
        contact or ""
    )
    if came_by:
        parts.append(f"Contact via {came_by}.")
    if organisation and organisation.strip().lower() not in CHANNEL_PHRASES:
        parts.append(f"Organisatie genoemd: {organisation.strip()}.")
    if description:
        excerpt = mask(" ".join(description.split()))
        if len(excerpt) > EXCERPT_LENGTH:
            excerpt = excerpt[: EXCERPT_LENGTH - 1].rstrip() + "…"
        parts.append(f"Bewoner: “{excerpt}”")
    parts[0] += "."
    return " ".join(parts)


def best_scam_type(tracker: Tracker, turn: Turn) -> str | None:
    """The case's type so far; else what this very message tells ('er belde iemand van
    de ING, ik wil een mens': the hand-off came before any advice named the type)."""
    known = tracker.get_slot("scam_type")
    if known:
        return str(known)
    if turn.text:
        return turn.scam_type(HANDOFF_TYPE_MINIMUM) or turn.agreed_scam_type(SCAM_TYPES)
    return None


def handoff_payload(
    tracker: Tracker, reason: str, damage: list[str], turn: Turn | None = None
) -> Handoff:
    scam_type = best_scam_type(tracker, turn or Turn.from_tracker(tracker))
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
            tracker.get_slot("contact"),
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
            json_message={
                Handoff.KEY: handoff_payload(tracker, reason, urgency.known, turn).to_json()
            }
        )
        scam_type = best_scam_type(tracker, turn)
        return [
            SlotSet("pending_question", None),
            SlotSet("misses", 0.0),
            SlotSet("scam_type", scam_type),
            *urgency.slot_events(),
        ]


class ActionDeclineVolunteer(Action):
    """The resident does not want a volunteer now."""

    def name(self) -> str:
        return "action_decline_volunteer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_volunteer_declined")
        return [SlotSet("pending_question", None), SlotSet("misses", 0.0)]

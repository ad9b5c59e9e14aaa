"""How to report: melding or aangifte, how for this scam type, what to collect first."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.urgency import urgent_first
from common.scam_types import CHECK_SELLER_TYPES, ONLINE_AANGIFTE_TYPES, REPORT_COLLECT_GROUP


def checklist_responses(scam_type: str | None) -> list[str]:
    responses = ["utter_report_intro"]
    responses.append(
        "utter_report_online" if scam_type in ONLINE_AANGIFTE_TYPES else "utter_report_by_phone"
    )
    group = REPORT_COLLECT_GROUP.get(scam_type or "", "general")
    responses.append(f"utter_report_collect_{group}")
    if scam_type is None or scam_type in CHECK_SELLER_TYPES:
        responses.append("utter_report_check_seller")
    if scam_type == "money_mule":
        # Recruiters can be dangerous: a tip can also be given without a name.
        responses.append("utter_report_anonymous")
    # Then the offer to prepare the report together (actions/report_form.py).
    responses.append("utter_report_offer")
    return responses


class ActionReportChecklist(Action):
    """Explains reporting to the police, tailored to the scam type if known."""

    def name(self) -> str:
        return "action_report_checklist"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        _turn, urgency = urgent_first(dispatcher, tracker)
        for response in checklist_responses(tracker.get_slot("scam_type")):
            dispatcher.utter_message(response=response)
        return [SlotSet("pending_question", None), *urgency.slot_events()]

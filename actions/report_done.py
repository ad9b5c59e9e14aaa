"""The end of the report form: the finished draft, or a stop (actions/report_form.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation import ActionEscalate
from actions.report_form import RETRY_SLOT, STOPPED_SLOT, FormState
from common.report_draft import ReportDraft, render_text


class ActionReportDone(Action):
    """Shows the draft and where to file it; after 'stop', says how to go on later."""

    def name(self) -> str:
        return "action_report_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = FormState.from_tracker(tracker)
        stopped = tracker.get_slot(STOPPED_SLOT)
        events: list[EventType] = [SlotSet(STOPPED_SLOT, None), SlotSet(RETRY_SLOT, None)]
        if stopped == "human":
            # 'Ik wil een mens spreken' in the middle of the form: the volunteer gets
            # the case; the draft so far stays with the conversation.
            dispatcher.utter_message(response="utter_report_paused")
            return events + await ActionEscalate().run(dispatcher, tracker, domain)
        if stopped == "crisis":
            dispatcher.utter_message(response="utter_report_paused_crisis")
            return events
        if stopped:
            dispatcher.utter_message(response="utter_report_stopped")
            return events
        draft = state.draft(finished=True)
        dispatcher.utter_message(response="utter_report_draft_ready")
        # One bubble: Rasa's channels split a text at every blank line.
        dispatcher.utter_message(text=render_text(draft).replace("\n\n", "\n"))
        dispatcher.utter_message(json_message={ReportDraft.KEY: draft.to_json()})
        dispatcher.utter_message(response="utter_report_after")
        return events

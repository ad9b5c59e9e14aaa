"""'Ja' and 'nee': answers to the question the assistant asked last (slot pending_question)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionAdvise
from actions.clarify import ActionClarify
from actions.escalation import ActionDeclineVolunteer, ActionEscalate
from actions.turn import Turn
from actions.urgency import assess


class ActionAnswerQuestion(Action):
    """Routes affirm/deny to the step that asked: triage, volunteer offer or clarify."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        pending = tracker.get_slot("pending_question")
        turn = Turn.from_tracker(tracker)
        if pending == "triage":
            step: Action = ActionAdvise()
        elif pending == "volunteer":
            step = ActionEscalate() if turn.intent == "affirm" else ActionDeclineVolunteer()
        elif pending == "clarify":
            step = ActionClarify()
        elif assess(turn, tracker, tracker.get_slot("scam_type")).new:
            # 'nee, maar ik heb wel betaald': damage comes first, whatever was asked.
            step = ActionAdvise()
        else:
            dispatcher.utter_message(response="utter_what_happened")
            return []
        return await step.run(dispatcher, tracker, domain)

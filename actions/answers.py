"""'Ja' and 'nee': answers to the question the assistant asked last (slot pending_question)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
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
        elif pending == "clarify" and turn.intent == "deny":
            # 'Iets anders': none of the situations offered. Ask in plain words, and
            # never advise on a scam the resident did not choose.
            dispatcher.utter_message(response="utter_tell_in_own_words")
            return [SlotSet("pending_question", None)]
        elif pending == "clarify":
            step = ActionClarify()
        elif (tracker.get_slot("scam_type") and turn.intent == "deny") or assess(
            turn, tracker, None
        ).new:
            # In a known case 'nee, nog niks gedaan' answers for the case; and 'nee,
            # maar ik heb wel betaald': damage comes first, whatever was asked.
            step = ActionAdvise()
        else:
            dispatcher.utter_message(response="utter_what_happened")
            return []
        return await step.run(dispatcher, tracker, domain)

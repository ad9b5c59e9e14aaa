"""Questions about a case: 'is dit echt?', 'kan ik mijn geld terugkrijgen?', 'moet ik
betalen?', and the 'Nieuwe vraag' button that starts a new case."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import advise, with_quote
from actions.case_policy import reset_case
from actions.message_analysis import analyse, worth_listing
from actions.quotes import quoted_message
from actions.rendering import signs_message
from actions.turn import Turn
from actions.urgency import facts_from_slots, urgent_first
from common.case_facts import BANK_CALLED, CREDIT_CARD, IRREVERSIBLE
from common.payloads import Insight
from common.scam_types import SCAM_TYPES

# How likely a scam type must be to read a quoted message as that type: by the
# scam-type head, else (a weaker sign) in the intent ranking.
QUOTED_TYPE_MINIMUM = 0.3
QUOTED_ANY_MINIMUM = 0.05
# 'Moet ik betalen?' per scam type, where the answer differs from the general one.
SHOULD_PAY_VARIANTS = frozenset(
    {
        "utter_should_pay_sextortion",
        "utter_should_pay_friend_in_need",
        "utter_should_pay_phishing_message",
        "utter_should_pay_ransomware",
        "utter_should_pay_invoice_fraud",
        "utter_should_pay_webshop_fraud",
        "utter_should_pay_marketplace_fraud",
        "utter_should_pay_investment_fraud",
        "utter_should_pay_romance_scam",
    }
)


class ActionAskCheck(Action):
    """'Is dit echt?': analyse the quoted text, or ask for it; never say yes.
    The 'Nieuwe vraag' button: a new case."""

    def name(self) -> str:
        return "action_ask_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = Turn.from_tracker(tracker)
        if turn.is_button:
            dispatcher.utter_message(response="utter_new_question")
            return reset_case()
        quoted = quoted_message(turn.text)
        if quoted is None:
            dispatcher.utter_message(response="utter_ask_check")
            dispatcher.utter_message(response="utter_no_safe_verdict")
            return [SlotSet("pending_question", None)]
        dispatcher.utter_message(response="utter_no_safe_verdict")
        scam_type = turn.scam_type(QUOTED_TYPE_MINIMUM) or turn.best_of(
            SCAM_TYPES, QUOTED_ANY_MINIMUM
        )
        if scam_type is not None:
            said = turn.text.replace(quoted, " ")
            return advise(dispatcher, tracker, domain, with_quote(turn, scam_type, quoted, said))
        signs = analyse(quoted)
        if worth_listing(quoted, signs):
            dispatcher.utter_message(text=signs_message(domain, signs))
            # No trick named yet, but a scam text all the same: the gateway's waves.
            said = turn.text.replace(quoted, " ").strip()
            reported = Insight(None, False, False, reported=quoted, said=said)
            dispatcher.utter_message(json_message={Insight.KEY: reported.to_json()})
        dispatcher.utter_message(response="utter_what_happened")
        return [SlotSet("pending_question", None)]


def money_back_responses(
    payment: str | None, paid_step_given: bool, bank_called: bool
) -> list[str]:
    if payment in IRREVERSIBLE:
        return ["utter_money_back_irreversible", "utter_money_back_recovery_scam"]
    if payment == CREDIT_CARD:
        return ["utter_money_back_card", "utter_money_back_recovery_scam"]
    if bank_called:
        first = ["utter_ack_bank_called"]
    else:
        first = [] if paid_step_given else ["utter_money_back"]
    return first + ["utter_money_back_bank_liable", "utter_money_back_recovery_scam"]


class ActionCaseQuestion(Action):
    """'Kan ik mijn geld terugkrijgen?' and 'moet ik betalen?', answered for this case."""

    def name(self) -> str:
        return "action_case_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn, urgency = urgent_first(dispatcher, tracker)
        scam_type = tracker.get_slot("scam_type")
        facts = facts_from_slots(tracker).read(turn.text)
        payment = facts.payment
        responses: list[str] = []
        if turn.intent == "ask_money_back":
            bank_called = BANK_CALLED in facts.done
            responses += money_back_responses(payment, "paid" in urgency.new, bank_called)
            report = f"utter_{scam_type}_report" if scam_type else "utter_report_by_phone"
            responses.append(report)
        else:
            specific = f"utter_should_pay_{scam_type}"
            responses.append(specific if specific in SHOULD_PAY_VARIANTS else "utter_should_pay")
            if scam_type is None:
                responses.append("utter_what_happened")
        responses.append("utter_next_steps_urgent" if urgency.urgent else "utter_next_steps")
        for response in responses:
            dispatcher.utter_message(response=response)
        # The question asked before (the damage question) still waits for its answer.
        return [
            SlotSet("payment", payment),
            SlotSet("done", list(facts.done)),
            *urgency.slot_events(),
        ]

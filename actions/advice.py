"""Advice selection: what this is, triage, urgent steps, what to do, report, help.

One case is kept across turns (actions/case_policy.py): a follow-up is read in
the light of the case, the full advice is given once, the damage question is
asked once, and what the resident already did or said is not asked again.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.case_policy import CaseState, decide, merged_description
from actions.message_analysis import analyse, worth_listing
from actions.quotes import after_lead_in, quoted_message
from actions.rendering import signs_message
from actions.turn import Turn
from actions.urgency import urgent_first
from common.case_facts import CALL, CLICKED, LETTER, Facts, already_done, nothing_yet
from common.case_slots import REPORT_FACTS
from common.payloads import Insight
from common.scam_types import TRIAGE_TYPES

CLICKED_ONLY = "clicked_only"
PAID = "paid"
# Damage whose urgent step is 'call your bank' (acknowledged there when already done).
BANK_DAMAGE = frozenset({"paid", "bank_details", "card_handed"})

# Scams that reach people as a message or link: the campaign rule closes the advice.
CORE_RULE_TYPES = frozenset(
    {
        "phishing_message",
        "friend_in_need",
        "marketplace_fraud",
        "account_takeover",
        "webshop_fraud",
        "invoice_fraud",
    }
)
# Scams that come by phone: hang up, call back yourself.
CALL_TYPES = frozenset({"bank_helpdesk_fraud", "tech_support_scam"})
# Every line that can close an advice path (then the gateway asks 'heeft dit geholpen?').
CLOSING_LINES = frozenset(
    {
        "utter_core_rule",
        "utter_closing_call",
        "utter_closing_letter",
        "utter_closing_ransomware",
        "utter_closing_sextortion",
        "utter_closing_money_mule",
        "utter_closing_identity_fraud",
        "utter_closing_investment_fraud",
        "utter_closing_romance_scam",
    }
)
# 'What to do now' variants: per account for a takeover, and after a click.
NOW_VARIANTS = frozenset(
    {
        "utter_account_takeover_now_instagram",
        "utter_account_takeover_now_facebook",
        "utter_account_takeover_now_email",
        "utter_account_takeover_now_digid",
        "utter_phishing_message_now_clicked",
        "utter_marketplace_fraud_now_clicked",
    }
)


def type_responses(scam_type: str, *parts: str) -> list[str]:
    return [f"utter_{scam_type}_{part}" for part in parts]


def has_response(domain: dict[str, Any], name: str) -> bool:
    return name in (domain.get("responses") or {})


def triage_response(domain: dict[str, Any], scam_type: str) -> str:
    """The triage question for this scam type, or the general one.

    Named per type, not a slot condition: Rasa renders an action's responses
    before it applies the slots that action sets.
    """
    specific = f"utter_triage_{scam_type}"
    return specific if has_response(domain, specific) else "utter_triage"


def closing_line(scam_type: str | None, contact: str | None) -> str:
    """The line that fits how the scam came: the campaign rule for messages and links,
    'hang up' for calls, 'call the sender yourself' for letters."""
    if contact == LETTER:
        return "utter_closing_letter"
    if scam_type in CALL_TYPES or (contact == CALL and scam_type in CORE_RULE_TYPES):
        return "utter_closing_call"
    if scam_type in CORE_RULE_TYPES or scam_type is None:
        return "utter_core_rule"
    return f"utter_closing_{scam_type}"


def closing_responses(
    urgent: bool, scam_type: str | None = None, contact: str | None = None
) -> list[str]:
    """Every advice path ends with a fitting closing line and next-step buttons."""
    return [
        closing_line(scam_type, contact),
        "utter_next_steps_urgent" if urgent else "utter_next_steps",
    ]


def now_response(scam_type: str, facts: Facts, clicked: bool) -> str:
    """What to do now, for this account (takeover) or after a click."""
    if scam_type == "account_takeover" and facts.platform:
        specific = f"utter_account_takeover_now_{facts.platform}"
        if specific in NOW_VARIANTS:
            return specific
    if clicked and f"utter_{scam_type}_now_clicked" in NOW_VARIANTS:
        return f"utter_{scam_type}_now_clicked"
    return f"utter_{scam_type}_now"


def insight(
    scam_type: str | None,
    urgent: bool,
    responses: list[str],
    reported: str = "",
    said: str = "",
) -> Insight:
    return Insight(
        scam_type=scam_type,
        urgent=urgent,
        advice_done=any(name in CLOSING_LINES for name in responses),
        reported=reported,
        said=said,
    )


def reported_parts(turn: Turn, text: str) -> tuple[str, str]:
    """The scammer's message in `text` (the turn's, whose signs were listed) and the
    resident's own words beside it, for the gateway's waves: a quote's question, a lead-in
    ('ik kreeg dit: ...'), or what the resident typed beside a screenshot (in front)."""
    if not text:
        return "", ""
    if turn.said is None:
        # 'is dit echt? "..."' typed in one message: the question is the resident's.
        quoted = quoted_message(text)
        if quoted and quoted != text:
            rest = text.replace(quoted, " ", 1).strip(" \n\"“”„«»‘’'")
            return quoted.strip(), rest
        lead_in = after_lead_in(text)
        if lead_in is not None:  # 'ik kreeg dit: ...'
            return lead_in[1], lead_in[0]
        return text.strip(), ""
    said = turn.said
    if said and text.startswith(said):
        text = text[len(said) :]
    elif said:
        text = text.replace(said, " ", 1)
    return text.strip(), said.strip()


def said_back(clicked_only: bool, nothing_done: bool) -> list[str]:
    """Only a click, or nothing done yet: the milder advice, said back first."""
    if clicked_only:
        return ["utter_clicked_only"]
    return ["utter_ack_not_yet"] if nothing_done else []


def acknowledgements(text: str, new_damage: list[str]) -> list[str]:
    """Steps the resident says in this message they already took, said back to them
    (unless the urgent step of this turn already did)."""
    told = already_done(text)
    said = []
    if "police_reported" in told:
        said.append("utter_ack_police")
    if "bank_called" in told and not set(new_damage) & BANK_DAMAGE:
        said.append("utter_ack_bank_called")
    return said


class ActionAdvise(Action):
    """Answers a described scam, a triage answer, or reported damage."""

    def name(self) -> str:
        return "action_advise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return advise(dispatcher, tracker, domain, Turn.from_tracker(tracker))


def advise(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    turn: Turn,
) -> list[EventType]:
    """The advice for this turn, in the light of the case so far."""
    state = CaseState.from_tracker(tracker)
    if turn.intent == "affirm" and tracker.get_slot("pending_question") == "triage":
        # 'ja' to a damage question with one yes-answer ('Ja, ik heb betaald') is that answer.
        name = triage_response(domain, state.scam_type or "")
        yes = [b for b in triage_buttons(domain, name) if b["title"].lower().startswith("ja")]
        if len(yes) == 1:
            turn = as_button(turn, yes[0]["payload"])
    decision = decide(state.scam_type, turn)
    forget: list[EventType] = []
    if decision.new_case and state.scam_type is not None:
        state = CaseState()  # another situation: nothing of the old case carries over
        forget = [SlotSet(f"report_{fact}", None) for fact in REPORT_FACTS]
    scam_type = decision.scam_type
    facts = Facts(state.done, state.payment, state.platform, state.contact).read(turn.own_words)

    # Urgent first: what to do right now comes before anything else.
    _turn, urgency = urgent_first(
        dispatcher, tracker, scam_type, turn, previous=state.damage, facts=facts
    )
    signs_text = turn.text or (state.description if turn.is_button else None)
    reported = ""
    if decision.described and scam_type and signs_text:
        # A quote typed with the resident's own words ('mijn nummer is ...'): the signs
        # are the quote's, so the resident's own number is never 'a number not to call'.
        scam_text = reported_parts(turn, turn.text)[0] if turn.text else signs_text
        signs = analyse(scam_text)
        if worth_listing(scam_text, signs):
            dispatcher.utter_message(text=signs_message(domain, signs))
            if turn.text:
                reported = turn.text

    not_yet = nothing_yet(turn.own_words)
    clicked = CLICKED in facts.done or CLICKED_ONLY in turn.entity_values("damage_kind")
    clicked_only = clicked and not urgency.known
    triaged = state.triaged or bool(urgency.new) or not_yet or clicked
    advised = state.advised
    responses: list[str] = []
    pending: str | None = None

    def full_advice(include_now: bool) -> None:
        nonlocal advised
        if include_now and not urgency.known:
            responses.append(now_response(scam_type, facts, clicked))
        if not advised:
            responses.extend(type_responses(scam_type, "report", "help"))
        elif urgency.known and not urgency.new:
            # After the urgent step, what comes next is the report, not how to avoid it.
            responses.extend(type_responses(scam_type, "report"))
        responses.extend(closing_responses(urgency.urgent, scam_type, facts.contact))
        advised = True

    if urgency.new:
        if scam_type:
            if not advised:
                responses += type_responses(scam_type, "what")
            if scam_type == "sextortion" and PAID in urgency.new:
                responses.append("utter_sextortion_paid")
            responses += acknowledgements(turn.own_words, urgency.new)
            full_advice(include_now=False)
        else:
            responses += ["utter_tell_what_happened", "utter_next_steps_urgent"]
    elif scam_type and decision.described:
        if not advised:
            responses += type_responses(scam_type, "what")
        elif not decision.new_case:
            responses.append("utter_same_case")
        if scam_type in TRIAGE_TYPES and not urgency.known and not triaged:
            responses.append(triage_response(domain, scam_type))
            pending, triaged = "triage", True
        else:
            responses += said_back(clicked_only, not_yet and not urgency.known)
            responses += acknowledgements(turn.own_words, urgency.new)
            full_advice(include_now=True)
    elif turn.intent == "affirm" and tracker.get_slot("pending_question") == "triage":
        # An unclear 'ja' to a question with several answers: which one? (not asked again)
        dispatcher.utter_message(
            response="utter_triage_which",
            buttons=triage_buttons(domain, triage_response(domain, scam_type or "")),
        )
        pending = "triage"
    elif scam_type:
        responses += said_back(clicked_only, turn.intent == "deny" and not urgency.known)
        responses += acknowledgements(turn.own_words, urgency.new)
        full_advice(include_now=True)
        triaged = True
    elif turn.intent == "need_help" and not triaged:
        responses += ["utter_need_help", "utter_triage"]
        pending, triaged = "triage", True
    else:
        # No scam type yet: say back what fits what they told, then ask for the story.
        responses += said_back(clicked_only, not_yet and not urgency.known)
        responses.append("utter_what_happened")

    for response in responses:
        dispatcher.utter_message(response=response)
    # For the gateway's anonymous figures (not shown): what this was, whether it was
    # urgent, and whether the advice path ended (then it asks 'heeft dit geholpen?').
    # 'Heeft dit geholpen?' once per case: after its first full advice.
    closing_said = responses if not state.advised else []
    dispatcher.utter_message(
        json_message={
            Insight.KEY: insight(
                scam_type, urgency.urgent, closing_said, *reported_parts(turn, reported)
            ).to_json()
        }
    )
    description = (
        merged_description(state.description, turn.text, decision.new_case)
        if decision.described
        else state.description
    )
    return [
        SlotSet("scam_type", scam_type),
        SlotSet("description", description),
        SlotSet("pending_question", pending),
        SlotSet("misses", 0.0),
        SlotSet("done", list(facts.done)),
        SlotSet("payment", facts.payment),
        SlotSet("platform", facts.platform),
        SlotSet("contact", facts.contact),
        SlotSet("advised", advised),
        SlotSet("triaged", triaged),
        *urgency.slot_events(),
        *forget,
    ]


def triage_buttons(domain: dict[str, Any], name: str) -> list[dict[str, str]]:
    variants = (domain.get("responses") or {}).get(name) or [{}]
    return list(variants[0].get("buttons") or [])


def as_button(turn: Turn, payload: str) -> Turn:
    """The turn read as pressing a button: its intent and entities, the words kept."""
    match = re.fullmatch(r"/(\w+)(\{.*\})?", payload)
    if match is None:
        return turn
    entities = [
        {"entity": name, "value": value}
        for name, value in (json.loads(match.group(2)) if match.group(2) else {}).items()
    ]
    return replace(turn, intent=match.group(1), entities=[*turn.entities, *entities])


def with_quote(turn: Turn, intent: str, quoted: str, said: str) -> Turn:
    """The turn read as a quoted message of this scam type, beside the resident's words."""
    return replace(turn, intent=intent, text=quoted, said=said)

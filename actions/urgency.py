"""Urgent first: which damage this turn reports, and the advice that must come first."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import Turn
from common.case_facts import (
    BANK_CALLED,
    CARD_BLOCKED,
    CASH,
    CREDIT_CARD,
    CRYPTO,
    DIGID_STOPPED,
    EMAIL,
    FACEBOOK,
    GIFT_CARD,
    INSTAGRAM,
    IRREVERSIBLE,
    Facts,
    already_done,
    nothing_yet,
)
from common.case_facts import CLICKED as CLICKED_LINK
from common.case_facts import DIGID as DIGID_ACCOUNT
from common.damage import (
    ACCOUNT_CODE,
    BANK_DETAILS,
    CARD_HANDED,
    DAMAGE_ORDER,
    DIGID,
    PAID,
    REMOTE_ACCESS,
    about_digid,
    default_damage_for,
    detect_damage,
    in_digid_case,
    order_damage,
)
from common.scam_types import DAMAGE_INTENTS

# A damage intent this likely in the ranking counts even when another intent won.
DAMAGE_INTENT_MINIMUM = 0.4
_BANK_CALLS = {PAID, BANK_DETAILS, CARD_HANDED}


@dataclass(frozen=True)
class Urgency:
    """Damage reported in this turn, and all damage reported so far."""

    new: list[str]
    known: list[str]

    @property
    def urgent(self) -> bool:
        return bool(self.known)

    def slot_events(self) -> list[EventType]:
        return [SlotSet("damage", self.known), SlotSet("urgent", self.urgent)]


def assess(
    turn: Turn,
    tracker: Tracker,
    scam_type: str | None,
    previous: list[str] | tuple[str, ...] | None = None,
    digid: bool = False,
) -> Urgency:
    """Combine the resident's words, button entities and the NLU intent.

    `previous`: the damage known in this case (default: the slot); a new case
    starts with none. Words that say nothing happened yet ('ik heb erop geklikt
    maar niks ingevuld') overrule a damage intent the classifier guessed.
    """
    kinds = set(detect_damage(turn.own_words))
    kinds |= {k for k in turn.entity_values("damage_kind") if k in DAMAGE_ORDER}
    damage_intent = turn.intent if turn.intent in DAMAGE_INTENTS else None
    if damage_intent is None and turn.own_words:
        damage_intent = turn.best_of(DAMAGE_INTENTS, DAMAGE_INTENT_MINIMUM)
    # The damage intent alone implies damage, unless the words say only a click or
    # nothing yet ('ik heb alleen op de link gedrukt', 'nog niks ingevuld').
    own = turn.own_words
    if damage_intent and not kinds and not nothing_yet(own) and not clicked(own):
        implied = default_damage_for(damage_intent, scam_type)
        if implied:
            kinds.add(implied)
    if previous is None:
        previous = tracker.get_slot("damage") or []
    # Login details or a code given in a DigiD case: DigiD's urgent step, not the bank's.
    kinds = set(in_digid_case(order_damage(kinds), own, digid or DIGID in previous))
    return Urgency(new=order_damage(kinds), known=order_damage(set(previous) | kinds))


_PAID_BY = {
    CREDIT_CARD: "utter_urgent_paid_card",
    GIFT_CARD: "utter_urgent_paid_voucher",
    CRYPTO: "utter_urgent_paid_crypto",
    CASH: "utter_urgent_paid_cash",
}
_ACCOUNT_CODE_BY = {
    INSTAGRAM: "utter_urgent_account_code_instagram",
    FACEBOOK: "utter_urgent_account_code_facebook",
    EMAIL: "utter_urgent_account_code_email",
}


def digid_case(tracker: Tracker, facts: Facts, same_case: bool) -> bool:
    """The case so far is about DigiD: its account names it, or (when the slots are still
    this case's) the organisation or the story does."""
    if facts.platform == DIGID_ACCOUNT:
        return True
    return same_case and (
        about_digid(tracker.get_slot("organisation"))
        or about_digid(tracker.get_slot("description"))
    )


def clicked(text: str) -> bool:
    return CLICKED_LINK in already_done(text)


def urgent_responses(
    kinds: list[str],
    done: tuple[str, ...] | list[str] = (),
    payment: str | None = None,
    platform: str | None = None,
) -> list[str]:
    """The responses that say what to do right now, most urgent first; a step the
    resident already took is acknowledged instead of asked again."""
    names: list[str] = []
    kinds_set = set(kinds)
    bank_called = BANK_CALLED in done
    if CARD_HANDED in kinds_set:
        names.append(
            "utter_ack_card_blocked" if CARD_BLOCKED in done else "utter_urgent_card_handed"
        )
    if REMOTE_ACCESS in kinds_set:
        names += ["utter_urgent_remote_access", "utter_urgent_remote_access_after"]
    paid_by = _PAID_BY.get(payment or "")
    if PAID in kinds_set and paid_by:
        names.append(paid_by)
    if CARD_HANDED not in kinds_set:
        if BANK_DETAILS in kinds_set or (PAID in kinds_set and not paid_by):
            if bank_called:
                names.append("utter_ack_bank_called")
            else:
                names.append(
                    "utter_urgent_bank_details"
                    if BANK_DETAILS in kinds_set
                    else "utter_urgent_paid"
                )
    if DIGID in kinds_set:
        names.append("utter_ack_digid_stopped" if DIGID_STOPPED in done else "utter_urgent_digid")
    if ACCOUNT_CODE in kinds_set:
        if platform == DIGID_ACCOUNT:
            if "utter_urgent_digid" not in names:
                names.append("utter_urgent_digid")
        else:
            names.append(_ACCOUNT_CODE_BY.get(platform or "", "utter_urgent_account_code"))
        names.append("utter_urgent_warn_contacts")
    if kinds_set & _BANK_CALLS and not bank_called and payment not in IRREVERSIBLE:
        names.append("utter_urgent_own_number")
    return names


def urgent_first(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    scam_type: str | None = None,
    turn: Turn | None = None,
    previous: list[str] | tuple[str, ...] | None = None,
    facts: Facts | None = None,
) -> tuple[Turn, Urgency]:
    """Read the latest message and, before anything else, say what to do right now.

    `previous` and `facts`: the case's damage and circumstances when the caller
    already has them (a new case starts empty); by default from the slots."""
    turn = turn or Turn.from_tracker(tracker)
    same_case = facts is None
    if facts is None:
        facts = facts_from_slots(tracker).read(turn.own_words)
    urgency = assess(
        turn,
        tracker,
        scam_type or tracker.get_slot("scam_type"),
        previous,
        digid=digid_case(tracker, facts, same_case),
    )
    for response in urgent_responses(urgency.new, facts.done, facts.payment, facts.platform):
        dispatcher.utter_message(response=response)
    return turn, urgency


def facts_from_slots(tracker: Tracker) -> Facts:
    return Facts(
        done=tuple(tracker.get_slot("done") or ()),
        payment=tracker.get_slot("payment"),
        platform=tracker.get_slot("platform"),
        contact=tracker.get_slot("contact"),
    )

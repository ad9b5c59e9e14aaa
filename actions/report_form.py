"""Aangifte voorbereiden: the report form, one question at a time (issue 16).

Rasa's `report_form` (responses/report_flow.yml) keeps the loop; this validation action
does the rest each turn: it reads the answer to the question asked (`requested_slot`),
says the urgent step first when the answer tells new damage, decides the next question
for this scam type and asks it, and sends the draft as it grows to the gateway.

The questions follow the police's form: what, when, how the contact came, the other
party, the money (skipped when nothing was paid or the type has no payment), what the
resident did and kept. 'Weet ik niet' and 'sla over' answer any question; 'stop' ends
the form (actions/report_done.py says what happens then). A date, an amount, a yes/no
or an IBAN that cannot be read is asked once more, then kept as the resident gave it.
The form never asks for codes, a PIN or a password, and leaves one out if typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import report_answers as answers
from actions.rendering import response_text
from actions.turn import Turn
from actions.urgency import facts_from_slots, urgent_responses
from common.case_facts import BANK_TRANSFER, CASH, CREDIT_CARD, CRYPTO, GIFT_CARD
from common.case_slots import REPORT_FACTS
from common.crisis import detect_crisis
from common.damage import PAID, detect_damage, order_damage
from common.report_draft import SKIPPED, UNKNOWN, ReportDraft

FORM = "report_form"
# The facts in asking order; the slot of a fact is `report_<fact>`.
ORDER: tuple[str, ...] = REPORT_FACTS
INVOICE_ONLY = frozenset({"supplier", "invoice_number"})
PAYMENT_BLOCK = frozenset(
    {"paid", "amount", "method", "iban", "wallet", "account_name", "paid_when"}
)
AFTER_PAYMENT = frozenset({"amount", "method", "paid_when"})
# Nobody paid a scammer in these: the resident lent an account, or their ID was misused.
NO_PAYMENT_TYPES = frozenset({"money_mule", "identity_fraud"})
# Answers read by a parser: asked once more when unreadable, then kept as given.
PARSED = frozenset({"when", "paid", "amount", "iban", "paid_when"})
# ... and 'what' answered with a bare 'nee' (the prefilled story does not fit).
ASKED_AGAIN = PARSED | {"what"}
YES = "Ja"
NO = "Nee"
RETRY_SLOT = "report_retry"
STEP_SLOT = "report_step"
STOPPED_SLOT = "report_stopped"
_PAYMENT_LABELS = {
    BANK_TRANSFER: "Overgemaakt naar een rekening",
    CREDIT_CARD: "Creditcard",
    GIFT_CARD: "Cadeaukaarten",
    CRYPTO: answers.CRYPTO_METHOD,
    CASH: "Contant geld",
}

# The buttons of each question: (response holding the title, the fact it stands for).
# A button's payload is its title, so a typed title reads the same as a press.
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "when": (
        ("utter_report_button_today", "today"),
        ("utter_report_button_yesterday", "yesterday"),
    ),
    "contact": (
        ("utter_report_button_phone", "Telefoon (ik werd gebeld)"),
        ("utter_report_button_sms", "SMS"),
        ("utter_report_button_whatsapp", "WhatsApp"),
        ("utter_report_button_email", "E-mail"),
        ("utter_report_button_advert", "Advertentie of website"),
        ("utter_report_button_social", "Social media"),
    ),
    "paid": (("utter_report_button_yes", YES), ("utter_report_button_no", NO)),
    "method": (
        ("utter_report_button_transfer", "Overgemaakt naar een rekening"),
        ("utter_report_button_ideal", "Via een iDEAL- of Tikkie-link"),
        ("utter_report_button_crypto", answers.CRYPTO_METHOD),
        ("utter_report_button_giftcards", "Cadeaukaarten"),
        ("utter_report_button_cash", "Contant geld"),
        ("utter_report_button_card_handed", "Bankpas afgegeven"),
    ),
    "paid_when": (("utter_report_button_same_day", "same_day"),),
    "done": (
        ("utter_report_button_bank_called", "Mijn bank gebeld"),
        ("utter_report_button_card_blocked", "Mijn pas of rekening laten blokkeren"),
        ("utter_report_button_digid_stopped", "Mijn DigiD laten stoppen"),
        ("utter_report_button_nothing_yet", answers.NOTHING_YET),
    ),
    "evidence": (
        ("utter_report_button_screenshots", "Schermafbeeldingen"),
        ("utter_report_button_messages", "De berichten of de chat"),
        ("utter_report_button_call_list", "De lijst met gesprekken in mijn telefoon"),
        ("utter_report_button_nothing_kept", answers.NO_EVIDENCE),
    ),
}
ALWAYS = (("utter_report_button_unknown", UNKNOWN), ("utter_report_button_skip", SKIPPED))


def slot(fact: str) -> str:
    return f"report_{fact}"


@dataclass
class FormState:
    """The form's slots as this turn sees them."""

    facts: dict[str, str]
    scam_type: str | None
    damage: list[str]
    payment: str | None
    retry: str | None
    # What the case heard the resident did already (common/case_facts.py).
    done: tuple[str, ...] = ()
    # 'What happened' as prefilled from the scam type and the resident's words.
    summary: str = ""
    # The resident's own story so far (slot description).
    description: str | None = None

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> FormState:
        facts = {f: v for f in ORDER if (v := tracker.get_slot(slot(f))) is not None}
        return cls(
            facts=facts,
            scam_type=tracker.get_slot("scam_type"),
            damage=list(tracker.get_slot("damage") or []),
            payment=tracker.get_slot("payment"),
            retry=tracker.get_slot(RETRY_SLOT),
            done=tuple(tracker.get_slot("done") or ()),
            description=tracker.get_slot("description"),
        )

    def applies(self, fact: str) -> bool:
        """Whether the form asks (or keeps) this fact for this case."""
        if fact in INVOICE_ONLY:
            return self.scam_type == "invoice_fraud"
        if fact in PAYMENT_BLOCK:
            if self.scam_type in NO_PAYMENT_TYPES:
                return False
            if fact == "paid":
                return True
            if self.facts.get("paid") != YES:
                return False
            method = self.facts.get("method")
            if fact == "iban":
                # Asked unless the money clearly went another way than to an account.
                return method not in answers.NO_ACCOUNT_METHODS
            if fact == "wallet":
                return method == answers.CRYPTO_METHOD
            if fact == "account_name":
                return self.facts.get("iban") not in (None, UNKNOWN, SKIPPED)
        return True

    def prefill(self) -> dict[str, str]:
        """Facts the case already told: money paid and how. Never asked again."""
        found: dict[str, str] = {}
        if "paid" not in self.facts and PAID in self.damage:
            found["paid"] = YES
        # 'via een tikkie' in the story is a Tikkie link, though the case reads it as
        # a bank transfer (both can be stopped by the bank).
        label = answers.read_method(self.description or "", story=True) or _PAYMENT_LABELS.get(
            self.payment or ""
        )
        if "method" not in self.facts and label and (PAID in self.damage or found):
            found["method"] = label
        return found

    def from_story(self, story: str, today: date) -> dict[str, str]:
        """Facts the story names without doubt (one date, one amount, a valid IBAN):
        written down at once and not asked again."""
        found: dict[str, str] = {}
        days = answers.dates_in(story, today)
        if "when" not in self.facts and len(days) == 1:
            found["when"] = answers.dutch_date(days[0], today)
        if self.scam_type in NO_PAYMENT_TYPES:
            return found
        amount = answers.read_amount(story)
        if "amount" not in self.facts and amount and "+" not in amount:
            found["amount"] = amount
        iban, valid = answers.read_iban(story)
        if "iban" not in self.facts and iban and valid:
            found["iban"] = iban
        return found

    def next_fact(self) -> str | None:
        return next((f for f in ORDER if f not in self.facts and self.applies(f)), None)

    def draft(self, finished: bool = False) -> ReportDraft:
        shown = {f: v for f, v in self.facts.items() if self.applies(f)}
        return ReportDraft(scam_type=self.scam_type, finished=finished, facts=shown)


def buttons_for(domain: dict[str, Any], fact: str) -> list[dict[str, str]]:
    options = [*CHOICES.get(fact, ()), *ALWAYS]
    if fact == "what":
        options = [("utter_report_button_right", "right"), *ALWAYS]
    titles = [response_text(domain, name) for name, _ in options]
    return [{"title": title, "payload": title} for title in titles]


def chosen(domain: dict[str, Any], fact: str, text: str) -> str | None:
    """The meaning of a pressed (or typed) button title of this question."""
    options = [*CHOICES.get(fact, ()), *ALWAYS, ("utter_report_button_right", "right")]
    wanted = text.strip().strip(".!").lower()
    for name, meaning in options:
        if response_text(domain, name).lower() == wanted:
            return meaning
    return None


def what_summary(domain: dict[str, Any], state: FormState, description: str | None) -> str:
    """'What happened', prefilled from the scam type and the resident's own words."""
    parts = []
    if state.scam_type:
        parts.append(response_text(domain, f"utter_report_what_{state.scam_type}"))
    if description:
        words, _ = answers.without_secrets(description.strip())
        parts.append(f"In mijn woorden: ‘{words[:400]}’")
    return " ".join(parts)


class ValidateReportForm(Action):
    """Reads the answer, says the urgent step first, asks the next question."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = FormState.from_tracker(tracker)
        state.summary = what_summary(domain, state, state.description)
        asked = tracker.get_slot("requested_slot")
        step = float(tracker.get_slot(STEP_SLOT) or 0) + 1
        events: list[EventType] = [SlotSet(STEP_SLOT, step)]
        today = date.today()
        if not asked:
            dispatcher.utter_message(response="utter_report_start")
            dispatcher.utter_message(response="utter_report_start_rules")
            dispatcher.utter_message(response="utter_report_no_codes")
            events.append(SlotSet(STOPPED_SLOT, None))
        else:
            fact = asked.removeprefix("report_")
            turn = Turn.from_tracker(tracker)
            text = turn.text or ((tracker.latest_message or {}).get("text") or "").strip()
            human = _asks_for_a_human(turn)
            # A life in danger told in an answer: the gateway gave 113 / 112 first, and
            # the form stops; no next question about dates or amounts after that.
            crisis = bool(detect_crisis(text))
            if answers.is_stop(text) or human or crisis:
                stop = "crisis" if crisis else "human" if human else "stop"
                events += [SlotSet(STOPPED_SLOT, stop), SlotSet("requested_slot", None)]
                return events + self._draft_events(dispatcher, state)
            damage_events, told_damage = self._damage_first(dispatcher, tracker, state, text)
            events += damage_events
            value, again = self._answer(dispatcher, domain, state, fact, text, today, told_damage)
            if again:
                # Asked once more: a retry counts once, a damage message does not.
                if not told_damage:
                    events.append(SlotSet(RETRY_SLOT, asked))
                self._ask(dispatcher, domain, tracker, state, fact, again=not told_damage)
                events.append(SlotSet("requested_slot", asked))
                return events + self._draft_events(dispatcher, state)
            state.facts[fact] = value
            events += [SlotSet(slot(fact), value), SlotSet(RETRY_SLOT, None)]
            if fact == "what":
                events += self._from_story(
                    dispatcher, domain, state, state.description, value, today
                )
            if fact == "evidence":
                dispatcher.utter_message(response="utter_report_evidence_keep")
        for fact, value in state.prefill().items():
            state.facts[fact] = value
            events.append(SlotSet(slot(fact), value))
        following = state.next_fact()
        if following is None:
            events.append(SlotSet("requested_slot", None))
            return events + self._draft_events(dispatcher, state)
        self._ask(dispatcher, domain, tracker, state, following)
        events.append(SlotSet("requested_slot", slot(following)))
        return events + self._draft_events(dispatcher, state)

    @staticmethod
    def _from_story(
        dispatcher: CollectingDispatcher,
        domain: dict[str, Any],
        state: FormState,
        description: str | None,
        told: str,
        today: date,
    ) -> list[EventType]:
        """'Wat is er gebeurd?' answered with date, amount and IBAN in it: not asked again."""
        story = told if told != state.summary else (description or "")
        found = state.from_story(answers.without_secrets(story)[0], today)
        if not found:
            return []
        state.facts.update(found)
        shown = ", ".join(found.values())
        dispatcher.utter_message(text=response_text(domain, "utter_report_from_story", facts=shown))
        return [SlotSet(slot(fact), value) for fact, value in found.items()]

    @staticmethod
    def _draft_events(dispatcher: CollectingDispatcher, state: FormState) -> list[EventType]:
        dispatcher.utter_message(json_message={ReportDraft.KEY: state.draft().to_json()})
        return []

    @staticmethod
    def _damage_first(
        dispatcher: CollectingDispatcher, tracker: Tracker, state: FormState, text: str
    ) -> tuple[list[EventType], bool]:
        """New damage told in an answer: the urgent step before anything else."""
        new = [k for k in detect_damage(text) if k not in state.damage]
        if state.facts.get("paid") is None and tracker.get_slot("requested_slot") == slot("paid"):
            if answers.yes_or_no(text) and PAID not in state.damage and PAID not in new:
                new.append(PAID)
        if not new:
            return [], False
        facts = facts_from_slots(tracker).read(text)
        for response in urgent_responses(
            order_damage(set(new)), facts.done, facts.payment, facts.platform
        ):
            dispatcher.utter_message(response=response)
        state.damage = order_damage(set(state.damage) | set(new))
        if facts.payment and not state.payment:
            state.payment = facts.payment
        return [
            SlotSet("damage", state.damage),
            SlotSet("urgent", True),
            SlotSet("payment", state.payment),
        ], True

    def _answer(
        self,
        dispatcher: CollectingDispatcher,
        domain: dict[str, Any],
        state: FormState,
        fact: str,
        text: str,
        today: date,
        told_damage: bool,
    ) -> tuple[str | None, bool]:
        """(the fact as the draft shows it, whether to ask again)."""
        meaning = chosen(domain, fact, text)
        if meaning in (UNKNOWN, SKIPPED) or answers.is_unknown(text) or answers.is_skip(text):
            return meaning if meaning in (UNKNOWN, SKIPPED) else (
                UNKNOWN if answers.is_unknown(text) else SKIPPED
            ), False
        cleaned, had_secret = answers.without_secrets(text)
        if had_secret:
            dispatcher.utter_message(response="utter_report_secret_left_out")
        value = self._read(state, fact, cleaned, meaning, today)
        if value is not None:
            return value, False
        if told_damage and fact not in ("what", "done"):
            # The message told damage, not this answer: the urgent step came first,
            # now the same question again (it is no failed try).
            dispatcher.utter_message(response="utter_report_go_on")
            return None, True
        if fact in ASKED_AGAIN and state.retry != slot(fact):
            return None, True
        if fact in PARSED:
            dispatcher.utter_message(
                response="utter_report_iban_unchecked"
                if fact == "iban"
                else "utter_report_kept_as_given"
            )
            if fact == "iban" and (found := answers.read_iban(cleaned)[0]):
                return f"{found} (controle klopt niet)", False
        return cleaned.strip() or UNKNOWN, False

    @staticmethod
    def _read(
        state: FormState, fact: str, text: str, meaning: str | None, today: date
    ) -> str | None:
        if fact == "what":
            if meaning == "right":
                return state.summary or None
            if answers.yes_or_no(text) is not None and len(text.split()) <= 3:
                return None
            return text.strip()
        if fact in ("when", "paid_when"):
            if meaning == "today":
                return answers.dutch_date(today, today)
            if meaning == "yesterday":
                return answers.dutch_date(today - timedelta(days=1), today)
            if meaning == "same_day":
                return state.facts.get("when") or None
            return answers.read_dates(text, today)
        if fact == "paid":
            if meaning in (YES, NO):
                return meaning
            said = answers.yes_or_no(text)
            if said is None and detect_damage(text):
                said = True
            if said is None:
                return None
            if said and (amount := answers.read_amount(text)) and "amount" not in state.facts:
                state.facts["amount"] = amount
            return YES if said else NO
        if fact == "amount":
            return answers.read_amount(text)
        if fact == "iban":
            iban, valid = answers.read_iban(text)
            return iban if valid else None
        if fact == "method":
            return meaning or answers.read_method(text) or text.strip()
        if fact == "contact":
            return meaning or answers.read_contact(text) or text.strip()
        if fact == "done":
            return meaning or answers.read_done(text, state.done) or text.strip()
        if fact == "evidence":
            return meaning or answers.read_evidence(text) or text.strip()
        return text.strip() or None

    @staticmethod
    def _ask(
        dispatcher: CollectingDispatcher,
        domain: dict[str, Any],
        tracker: Tracker,
        state: FormState,
        fact: str,
        again: bool = False,
    ) -> None:
        buttons = buttons_for(domain, fact)
        if again and fact in ASKED_AGAIN:
            if fact == "what":
                # 'Nee' to the prefilled story: their own words now, not 'Klopt' again.
                right = response_text(domain, "utter_report_button_right")
                buttons = [b for b in buttons if b["title"] != right]
            dispatcher.utter_message(
                text=response_text(domain, f"utter_report_again_{fact}"), buttons=buttons
            )
            return
        if fact == "what":
            if state.summary:
                dispatcher.utter_message(
                    text=response_text(
                        domain, "utter_report_ask_what_prefilled", summary=state.summary
                    ),
                    buttons=buttons,
                )
                return
            buttons = [
                b
                for b in buttons
                if b["title"] != response_text(domain, "utter_report_button_right")
            ]
        dispatcher.utter_message(
            text=response_text(domain, f"utter_report_ask_{fact}"), buttons=buttons
        )


def _asks_for_a_human(turn: Turn) -> bool:
    """'Ik wil een mens spreken' in the middle of the form: the form stops for it."""
    return (
        turn.intent == "ask_human"
        and turn.confidence("ask_human") >= 0.8
        and len(turn.text.split()) <= 8
    )

"""Aangifte voorbereiden: the report form played turn by turn, as Rasa runs its actions."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import report_answers as answers
from actions.report_done import ActionReportDone
from actions.report_form import ValidateReportForm
from common.case_slots import CASE_SLOTS
from common.report_draft import ReportDraft, render_text

TODAY = date.today()


class FormPlayer:
    """Runs validate_report_form as Rasa's form loop does: slots carried between turns."""

    def __init__(self, domain: dict[str, Any], **slots: Any) -> None:
        self.domain = domain
        self.slots: dict[str, Any] = {
            **CASE_SLOTS,
            "requested_slot": None,
            "report_step": 0.0,
            "organisation": None,
            "channel": None,
            "amount": None,
            "misses": 0.0,
            **slots,
        }
        self.asked: list[str] = []
        self.drafts: list[ReportDraft] = []
        self.turns = 0

    def _run(self, action: Any, text: str, intent: str) -> list[dict[str, Any]]:
        tracker = Tracker(
            sender_id="test",
            slots=dict(self.slots),
            latest_message={
                "text": text,
                "intent": {"name": intent, "confidence": 0.9},
                "intent_ranking": [{"name": intent, "confidence": 0.9}],
                "entities": [],
            },
            events=[],
            paused=False,
            followup_action=None,
            active_loop={"name": "report_form"},
            latest_action_name="action_listen",
        )
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, self.domain))
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        for message in dispatcher.messages:
            custom = message.get("custom") or {}
            if ReportDraft.KEY in custom:
                self.drafts.append(ReportDraft.from_json(custom[ReportDraft.KEY]))
        return dispatcher.messages

    def start(self) -> list[dict[str, Any]]:
        messages = self._run(ValidateReportForm(), "/prepare_report", "prepare_report")
        self._note_question()
        return messages

    def say(self, text: str, intent: str = "inform") -> list[dict[str, Any]]:
        self.turns += 1
        messages = self._run(ValidateReportForm(), text, intent)
        self._note_question()
        return messages

    def _note_question(self) -> None:
        if self.slots["requested_slot"]:
            self.asked.append(self.slots["requested_slot"].removeprefix("report_"))

    @property
    def done(self) -> bool:
        return self.slots["requested_slot"] is None

    def finish(self) -> list[dict[str, Any]]:
        return self._run(ActionReportDone(), "", "inform")

    @property
    def facts(self) -> dict[str, str]:
        return dict(self.drafts[-1].facts)


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or m.get("response") or "" for m in messages if not m.get("custom")]


def play(domain: dict[str, Any], answers_by_fact: dict[str, str], **slots: Any) -> FormPlayer:
    """Answers each question by its fact; fails on a question the script did not expect."""
    player = FormPlayer(domain, **slots)
    player.start()
    for _ in range(30):
        if player.done:
            break
        fact = player.asked[-1]
        assert fact in answers_by_fact, f"unexpected question {fact}; asked {player.asked}"
        player.say(answers_by_fact[fact])
    assert player.done, player.asked
    return player


# Eight scam types and more: which questions come, which are skipped.
CASES: list[tuple[str, dict[str, Any], dict[str, str], dict[str, str], set[str]]] = [
    (
        "phishing, paid through a link",
        {"scam_type": "phishing_message", "description": "sms van de bank over een pas"},
        {
            "what": "Klopt",
            "when": "gisteren",
            "contact": "SMS",
            "other_party": "het nummer was 06 12345678",
            "paid": "Ja",
            "amount": "€ 1.250,50",
            "method": "iDEAL- of Tikkie-link",
            "iban": "NL91 ABNA 0417 1643 00",
            "account_name": "J. Jansen",
            "paid_when": "Zelfde dag",
            "done": "Bank gebeld",
            "evidence": "Schermafbeeldingen",
        },
        {"amount": "€ 1.250,50", "iban": "NL91 ABNA 0417 1643 00", "done": "Mijn bank gebeld"},
        {"wallet", "supplier"},
    ),
    (
        "sextortion without payment: no money questions",
        {"scam_type": "sextortion"},
        {
            "what": "Klopt",
            "when": "vorige week dinsdag",
            "contact": "Social media",
            "other_party": "instagram profiel sexy.lisa.2006",
            "paid": "Nee",
            "done": "Nog niets",
            "evidence": "Berichten of chat",
        },
        {"paid": "Nee", "evidence": "De berichten of de chat"},
        {"amount", "iban", "method", "account_name", "paid_when"},
    ),
    (
        "invoice fraud: supplier and invoice number",
        {"scam_type": "invoice_fraud", "damage": ["paid"], "payment": "bank_transfer"},
        {
            "what": "Klopt",
            "when": "14-11",
            "contact": "E-mail",
            "other_party": "facturen@drukkerij-vdberg.net",
            "supplier": "Drukkerij Van den Berg",
            "invoice_number": "F-2026-0912",
            "amount": "8.400 euro",
            "iban": "NL02RABO0123456789",
            "account_name": "Van den Berg BV",
            "paid_when": "16-11",
            "done": "Bank gebeld",
            "evidence": "de factuur en de mails",
        },
        {"supplier": "Drukkerij Van den Berg", "invoice_number": "F-2026-0912", "paid": "Ja"},
        {"wallet"},
    ),
    (
        "money mule: no payment block",
        {"scam_type": "money_mule"},
        {
            "what": "iemand op snapchat wilde mijn pas lenen voor 200 euro",
            "when": "vandaag",
            "contact": "snapchat",
            "other_party": "snap naam quickcash_nl",
            "done": "Nog niets",
            "evidence": "Schermafbeeldingen",
        },
        {"contact": "Social media"},
        {"paid", "amount", "iban"},
    ),
    (
        "investment fraud in crypto: a wallet, no IBAN",
        {"scam_type": "investment_fraud"},
        {
            "what": "Klopt",
            "when": "begin dit jaar",
            "contact": "Social media",
            "other_party": "Mark van coinprofit",
            "paid": "ja, in totaal",
            "amount": "tweeduizend vijfhonderd euro",
            "method": "Crypto",
            "wallet": "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
            "paid_when": "3 en 4 december",
            "done": "Nog niets",
            "evidence": "Niets meer",
        },
        {"method": "Crypto", "amount": "€ 2.500"},
        {"iban", "account_name"},
    ),
    (
        "bank helpdesk fraud, card handed over",
        {"scam_type": "bank_helpdesk_fraud"},
        {
            "what": "Klopt",
            "when": "eergisteren",
            "contact": "Telefoon",
            "other_party": "hij belde met 088 123 4567",
            "paid": "Ja",
            "amount": "3000",
            "method": "Pas afgegeven",
            "paid_when": "Zelfde dag",
            "done": "Pas geblokkeerd",
            "evidence": "Lijst met gesprekken",
        },
        {"method": "Bankpas afgegeven", "done": "Mijn pas of rekening laten blokkeren"},
        {"iban", "wallet"},
    ),
    (
        "romance scam with gift cards",
        {"scam_type": "romance_scam"},
        {
            "what": "Klopt",
            "when": "Weet ik niet",
            "contact": "datingsite",
            "other_party": "Sla over",
            "paid": "Ja",
            "amount": "600 euro",
            "method": "Cadeaukaarten",
            "paid_when": "Weet ik niet",
            "done": "Nog niets",
            "evidence": "Berichten of chat",
        },
        {"when": "Weet ik niet", "other_party": "Overgeslagen", "method": "Cadeaukaarten"},
        {"iban"},
    ),
    (
        "friend in need, Tikkie",
        {"scam_type": "friend_in_need", "description": "mijn zoon met een nieuw nummer"},
        {
            "what": "Klopt",
            "when": "gister",
            "contact": "WhatsApp",
            "other_party": "+31 6 98765432",
            "paid": "ja",
            "amount": "780,-",
            "method": "tikkie",
            "iban": "NL91 ABNA 0417 1643 00",
            "account_name": "weet ik niet",
            "paid_when": "Zelfde dag",
            "done": "bank gebeld en pas geblokkeerd",
            "evidence": "screenshots",
        },
        {"method": "Via een iDEAL- of Tikkie-link", "account_name": "Weet ik niet"},
        set(),
    ),
    (
        "ransomware: business records in the draft",
        {"scam_type": "ransomware"},
        {
            "what": "Klopt",
            "when": "vanochtend",
            "contact": "e-mail met bijlage",
            "other_party": "een tor adres in het losgeldbericht",
            "paid": "Nee",
            "done": "Nog niets",
            "evidence": "Schermafbeeldingen",
        },
        {"paid": "Nee", "contact": "E-mail"},
        {"amount"},
    ),
]


@pytest.mark.parametrize(
    ("scam_type_slots", "script", "expected", "absent"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_form_asks_what_fits_the_scam_type(
    domain: dict[str, Any],
    scam_type_slots: dict[str, Any],
    script: dict[str, str],
    expected: dict[str, str],
    absent: set[str],
) -> None:
    player = play(domain, script, **scam_type_slots)
    for fact, value in expected.items():
        assert value in player.facts[fact], (fact, player.facts)
    assert not absent & set(player.asked)
    assert not absent & set(player.facts)
    # Finished: the draft in the chat, as a finished payload, with where to file it.
    finish = player.finish()
    final = player.drafts[-1]
    assert final.finished
    shown = "\n".join(texts(finish))
    assert render_text(final).replace("\n\n", "\n") in texts(finish)
    assert "0900-8844" in shown


def test_prefilled_damage_skips_the_paid_question(domain: dict[str, Any]) -> None:
    player = play(
        domain,
        {
            "what": "Klopt",
            "when": "gisteren",
            "contact": "Advertentie of website",
            "other_party": "webshop goedkoop-airfryers.shop",
            "amount": "89,95 euro",
            "iban": "NL91ABNA0417164300",
            "account_name": "Sla over",
            "paid_when": "Zelfde dag",
            "done": "Nog niets",
            "evidence": "Schermafbeeldingen",
        },
        scam_type="webshop_fraud",
        damage=["paid"],
        payment="bank_transfer",
    )
    assert "paid" not in player.asked and "method" not in player.asked
    assert player.facts["paid"] == "Ja"
    assert player.facts["method"] == "Overgemaakt naar een rekening"
    assert player.facts["amount"] == "€ 89,95"
    assert player.facts["paid_when"] == player.facts["when"]


def test_the_prefilled_story_uses_the_residents_words(domain: dict[str, Any]) -> None:
    player = FormPlayer(
        domain, scam_type="phishing_message", description="sms van ING over mijn pas"
    )
    messages = player.start()
    question = texts(messages)[-1]
    assert "sms van ING over mijn pas" in question and "nepbericht" in question
    player.say("Klopt")
    assert "sms van ING over mijn pas" in player.facts["what"]
    # Typed in their own words instead: those words are the story.
    other = FormPlayer(domain, scam_type="phishing_message")
    other.start()
    other.say("ik kreeg een mail van de belastingdienst en heb op de link gedrukt")
    assert other.facts["what"].startswith("ik kreeg een mail")


def test_a_bare_no_to_the_prefilled_story_asks_for_their_own_words(
    domain: dict[str, Any],
) -> None:
    player = FormPlayer(domain, scam_type="phishing_message")
    player.start()
    messages = player.say("nee")
    assert "eigen woorden" in " ".join(texts(messages)) and player.asked[-1] == "what"
    titles = [b["title"] for m in messages for b in m.get("buttons") or []]
    assert "Klopt" not in titles and "Weet ik niet" in titles
    player.say("het was geen sms maar een mail van de belastingdienst")
    assert player.facts["what"].startswith("het was geen sms")


def test_what_the_story_names_is_written_down_and_not_asked(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="marketplace_fraud")
    player.start()
    said = " ".join(
        texts(
            player.say(
                "gisteren kocht ik een fiets van ene Kevin, ik heb 300 euro overgemaakt"
                " naar NL91ABNA0417164300 en hij reageert niet meer"
            )
        )
    )
    assert "Uit je verhaal schreef ik al op" in said and "€ 300" in said
    assert player.facts["when"].endswith("(gisteren)")
    for answer in ("Advertentie of website", "Kevin", "Ja", "Overgemaakt"):
        player.say(answer)
    assert {"when", "amount", "iban"}.isdisjoint(player.asked)
    assert player.facts["iban"].startswith("NL91 ABNA 0417 1643 00")
    # Two dates, or two amounts: nothing is guessed, both are asked.
    other = FormPlayer(domain, scam_type="marketplace_fraud")
    other.start()
    other.say("vorige week kreeg ik een bericht en gisteren betaalde ik 20 euro en 30 euro")
    assert other.asked[-1] == "when" and "amount" not in other.facts


def test_the_iban_is_asked_unless_the_money_went_another_way(domain: dict[str, Any]) -> None:
    for method, asked in (
        ("Weet ik niet", True),
        ("Cadeaukaarten", False),
        ("Contant geld", False),
    ):
        player = FormPlayer(domain, scam_type="romance_scam")
        player.start()
        for answer in ("Klopt", "gisteren", "Social media", "Sla over", "Ja", "200", method):
            player.say(answer)
        assert (player.asked[-1] == "iban") is asked, method


def test_an_unreadable_date_is_asked_once_more_then_kept(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="phishing_message")
    player.start()
    player.say("Klopt")
    assert player.asked[-1] == "when"
    again = texts(player.say("ergens in de zomer"))
    assert player.asked[-1] == "when" and "datum niet goed" in " ".join(again)
    player.say("echt geen idee meer, lang geleden")
    assert player.facts["when"] == "echt geen idee meer, lang geleden"
    assert player.asked[-1] == "contact"


def test_an_unreadable_amount_is_asked_once_more_then_kept(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="webshop_fraud", damage=["paid"])
    player.start()
    for answer in ("Klopt", "gisteren", "Advertentie of website", "Sla over"):
        player.say(answer)
    assert player.asked[-1] == "amount"
    player.say("heel veel")
    assert player.asked[-1] == "amount"
    player.say("alles wat op de rekening stond")
    assert player.facts["amount"] == "alles wat op de rekening stond"
    # A readable second try is read.
    other = FormPlayer(domain, scam_type="webshop_fraud", damage=["paid"])
    other.start()
    for answer in ("Klopt", "gisteren", "Advertentie of website", "Sla over", "veel", "450"):
        other.say(answer)
    assert other.facts["amount"] == "€ 450"


def test_a_wrong_iban_is_asked_again_once(domain: dict[str, Any]) -> None:
    script = ["Klopt", "gisteren", "WhatsApp", "Sla over", "Ja", "200 euro", "Overgemaakt"]
    player = FormPlayer(domain, scam_type="friend_in_need")
    player.start()
    for answer in script:
        player.say(answer)
    assert player.asked[-1] == "iban"
    again = " ".join(texts(player.say("NL91 ABNA 0417 1643 01")))
    assert "klopt niet" in again and player.asked[-1] == "iban"
    player.say("NL91 ABNA 0417 1643 00")
    assert player.facts["iban"].startswith("NL91 ABNA 0417 1643 00")
    assert player.asked[-1] == "account_name"
    # Wrong twice: kept as typed, marked, and the form goes on.
    twice = FormPlayer(domain, scam_type="friend_in_need")
    twice.start()
    for answer in [*script, "NL91 ABNA 0417 1643 01", "NL91 ABNA 0417 1643 02"]:
        twice.say(answer)
    assert twice.facts["iban"] == "NL91 ABNA 0417 1643 02 (controle klopt niet)"
    assert twice.asked[-1] == "account_name"


def test_stop_halfway_leaves_the_form(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="marketplace_fraud")
    player.start()
    player.say("Klopt")
    player.say("gisteren")
    player.say("stop")
    assert player.done and player.slots["report_stopped"] == "stop"
    assert player.facts["when"].endswith("(gisteren)")
    ending = player.finish()
    assert [m.get("response") for m in ending] == ["utter_report_stopped"]
    assert player.slots["report_stopped"] is None
    assert not player.drafts[-1].finished


def test_asking_for_a_human_halfway_hands_over(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="marketplace_fraud")
    player.start()
    player.say("ik wil een mens spreken", intent="ask_human")
    assert player.done and player.slots["report_stopped"] == "human"
    ending = player.finish()
    assert any((m.get("custom") or {}).get("handoff") for m in ending)


def test_a_life_in_danger_told_halfway_stops_the_form(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="sextortion")
    player.start()
    player.say("Klopt")
    player.say("het was gisteren en ik wil eigenlijk niet meer leven als ze het sturen")
    assert player.done and player.slots["report_stopped"] == "crisis"
    assert "when" not in player.facts
    ending = player.finish()
    assert [m.get("response") for m in ending] == ["utter_report_paused_crisis"]


def test_damage_told_during_the_form_gets_the_urgent_step_first(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="bank_helpdesk_fraud")
    player.start()
    player.say("Klopt")
    assert player.asked[-1] == "when"
    messages = player.say("o nee ik heb hem net ook mijn pincode gegeven")
    said = [m.get("response") or m.get("text") for m in messages if not m.get("custom")]
    assert said[0] == "utter_urgent_bank_details"
    # Then the same question again, and that was no failed try.
    assert player.asked[-1] == "when" and player.slots["report_retry"] is None
    assert player.slots["urgent"] is True and "bank_details" in player.slots["damage"]
    player.say("gisteren")
    assert player.facts["when"].endswith("(gisteren)")


def test_yes_to_paid_is_damage_told(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="marketplace_fraud")
    player.start()
    for answer in ("Klopt", "gisteren", "Advertentie of website", "Sla over"):
        player.say(answer)
    assert player.asked[-1] == "paid"
    messages = player.say("ja 350 euro overgemaakt")
    first = next(m for m in messages if not m.get("custom"))
    assert first.get("response") == "utter_urgent_paid"
    assert player.facts["amount"] == "€ 350"
    assert "amount" not in player.asked


def test_codes_are_never_asked_and_never_kept(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="phishing_message")
    opening = [m.get("response") for m in player.start()]
    assert "utter_report_no_codes" in opening
    player.say("ik vulde mijn pincode 4512 in op de site")
    assert "pincode gegeven" in answers.without_secrets("ik heb mijn pincode gegeven")[0]
    assert "4512" not in player.facts["what"]
    assert answers.SECRET_MARK in player.facts["what"]
    questions = " ".join(
        domain["responses"][name][0]["text"].lower()
        for name in domain["responses"]
        if name.startswith("utter_report_ask_")
    )
    for secret in ("pincode", "wachtwoord", "inlogcode", "code"):
        assert secret not in questions


def test_every_turn_sends_the_draft_so_far(domain: dict[str, Any]) -> None:
    player = FormPlayer(domain, scam_type="phishing_message")
    player.start()
    player.say("Klopt")
    player.say("14-11")
    assert len(player.drafts) == 3
    assert [len(d.facts) for d in player.drafts] == [0, 1, 2]
    assert not any(d.finished for d in player.drafts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gisteren", TODAY - timedelta(days=1)),
        ("gister", TODAY - timedelta(days=1)),
        ("eergisteren", TODAY - timedelta(days=2)),
        ("twee dagen geleden", TODAY - timedelta(days=2)),
        ("vanochtend", TODAY),
        (
            "vorige week dinsdag",
            TODAY - timedelta(days=TODAY.weekday() + 7) + timedelta(days=1),
        ),
    ],
)
def test_relative_dates_in_dutch(text: str, expected: date) -> None:
    assert answers.dates_in(text, TODAY) == [expected]


def test_day_and_month_dates_are_never_in_the_future() -> None:
    today = date(2026, 1, 10)
    assert answers.dates_in("14-11", today) == [date(2025, 11, 14)]
    assert answers.dates_in("op 3 en 4 januari", today) == [date(2026, 1, 3), date(2026, 1, 4)]
    assert answers.dates_in("vrijdag 27 november 2026", date(2026, 12, 2)) == [date(2026, 11, 27)]
    assert answers.dates_in("ergens in de zomer", today) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€ 1.250,50", "€ 1.250,50"),
        ("780 euro", "€ 780"),
        ("780,-", "€ 780"),
        ("EUR 300", "€ 300"),
        ("2500", "€ 2.500"),
        ("vijfhonderd euro", "€ 500"),
        ("ruim 1,5k", "€ 1.500"),
        ("500 euro en 300 euro", "€ 500 + € 300 (samen € 800)"),
        ("hij heeft 2x 2500 euro overgemaakt", "€ 2.500 + € 2.500 (samen € 5.000)"),
        ("drie keer € 100", "€ 100 + € 100 + € 100 (samen € 300)"),
        ("heel veel", None),
    ],
)
def test_amounts(text: str, expected: str | None) -> None:
    assert answers.read_amount(text) == expected


def test_ibans_are_checked() -> None:
    assert answers.read_iban("naar NL91ABNA0417164300 gestuurd") == (
        "NL91 ABNA 0417 1643 00 (ABN AMRO BANK N.V.)",
        True,
    )
    assert answers.read_iban("NL91 ABNA 0417 1643 01")[1] is False
    assert answers.read_iban("geen idee") == (None, False)


def test_stop_unknown_and_skip_are_read_in_their_variants() -> None:
    assert all(answers.is_stop(t) for t in ("Stop", "stoppen!", "laat maar", "ik wil stoppen"))
    assert not answers.is_stop("de beller zei stop met bellen naar de bank")
    assert all(answers.is_unknown(t) for t in ("Weet ik niet", "geen idee", "weet niet meer?"))
    assert all(answers.is_skip(t) for t in ("Sla over", "overslaan", "liever niet"))

"""The custom actions, run as the action server runs them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionAdvise, reported_parts
from actions.answers import ActionAnswerQuestion
from actions.clarify import ActionClarify
from actions.escalation import ActionDeclineVolunteer, ActionEscalate
from actions.questions import ActionAskCheck
from actions.report_checklist import ActionReportChecklist
from actions.turn import Turn
from common.payloads import Handoff, Insight

DEFAULT_SLOTS: dict[str, Any] = {
    "scam_type": None,
    "urgent": False,
    "damage": [],
    "pending_question": None,
    "misses": 0.0,
    "description": None,
    "organisation": None,
    "channel": None,
    "amount": None,
}


def tracker(
    text: str,
    intent: str,
    confidence: float = 0.95,
    ranking: list[tuple[str, float]] | None = None,
    entities: list[dict[str, Any]] | None = None,
    types: list[tuple[str, float]] | None = None,
    metadata: dict[str, Any] | None = None,
    **slots: Any,
) -> Tracker:
    ranking = ranking or [(intent, confidence)]
    return Tracker(
        sender_id="test",
        slots={**DEFAULT_SLOTS, **slots},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            "entities": entities or [],
            "scam_type_ranking": [{"name": n, "confidence": c} for n, c in types or []],
            "metadata": metadata or {},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def tracker_turn(text: str) -> Turn:
    return Turn.from_tracker(tracker(text, "phishing_message"))


def run(
    action: Any, t: Tracker, domain: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots


def names(messages: list[dict[str, Any]]) -> list[str | None]:
    """What the resident sees (the gateway's custom payloads left out)."""
    return [m.get("response") for m in messages if not m.get("custom")]


def insight_of(messages: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = [m["custom"]["insight"] for m in messages if "insight" in (m.get("custom") or {})]
    Insight.from_json(found)  # the gateway can read it
    return found


def test_described_scam_names_the_trick_then_triage(domain: dict[str, Any]) -> None:
    messages, slots = run(
        ActionAdvise(), tracker("sms van ing met een link", "phishing_message"), domain
    )
    assert names(messages) == ["utter_phishing_message_what", "utter_triage_phishing_message"]
    assert slots["pending_question"] == "triage" and slots["scam_type"] == "phishing_message"
    # The advice path is not done yet: no 'heeft dit geholpen?' after a triage question.
    assert insight_of(messages) == {
        "version": 1,
        "scam_type": "phishing_message",
        "urgent": False,
        "advice_done": False,
        "reported": "",
        "said": "",
    }
    assert slots["urgent"] is False


def test_damage_in_the_first_message_comes_first(domain: dict[str, Any]) -> None:
    text = "ik kreeg een sms van de rabobank en heb via de link ingelogd en mijn pincode gegeven"
    messages, slots = run(ActionAdvise(), tracker(text, "phishing_message"), domain)
    got = names(messages)
    assert got[0] == "utter_urgent_bank_details"
    assert got.index("utter_phishing_message_what") > 0
    assert "utter_triage" not in got
    assert got[-1] == "utter_next_steps_urgent"
    assert slots["urgent"] is True and slots["damage"] == ["bank_details"]
    assert insight_of(messages) == {
        "version": 1,
        "scam_type": "phishing_message",
        "urgent": True,
        "advice_done": True,
        "reported": "",
        "said": "",
    }


SCREENSHOT = (
    "Hallo, ik heb interesse in uw fiets. Ik heb al betaald via Marktplaats, u kunt het geld "
    "ontvangen via https://marktplaats-ontvangen.com/48213 Vul uw bankgegevens in."
)


def test_a_screenshots_text_is_the_scammers_and_never_the_residents_damage(
    domain: dict[str, Any],
) -> None:
    # Read from a screenshot, with no words of the resident's own: 'ik heb al betaald'
    # is the scammer's, so no urgent step, but the warning signs and the trick.
    read = tracker(SCREENSHOT, "marketplace_fraud", metadata={"own_words": ""})
    messages, slots = run(ActionAdvise(), read, domain)
    assert slots.get("urgent") is not True and not slots.get("damage")
    assert not [n for n in names(messages) if n and n.startswith("utter_urgent")]
    assert "marktplaats-ontvangen[.]com" in messages[0]["text"]
    # The same text pasted with nothing said about it reads 'ik heb al betaald' as
    # the resident's; with the resident's own words beside the screenshot, those count.
    said = tracker(
        "Ik heb betaald\n\n" + SCREENSHOT,
        "marketplace_fraud",
        metadata={"own_words": "Ik heb betaald"},
    )
    messages, slots = run(ActionAdvise(), said, domain)
    assert slots["urgent"] is True
    assert names(messages)[0].startswith("utter_urgent")
    # The gateway's waves get the scammer's text alone, the resident's words apart.
    assert insight_of(messages)["reported"] == SCREENSHOT
    assert insight_of(messages)["said"] == "Ik heb betaald"


def test_a_pasted_message_goes_to_the_waves_and_a_plain_story_does_not(
    domain: dict[str, Any],
) -> None:
    text = "Beste klant, uw pas verloopt binnen 24 uur. Vernieuw via https://ing-pasvervanging.nl"
    messages, _ = run(ActionAdvise(), tracker(text, "phishing_message"), domain)
    assert insight_of(messages)["reported"] == text and insight_of(messages)["said"] == ""
    # Typed with the question in one message: the question stays the resident's.
    asked = f'is dit echt? "{text}"'
    messages, _ = run(ActionAdvise(), tracker(asked, "phishing_message"), domain)
    assert insight_of(messages)["reported"] == text
    assert insight_of(messages)["said"] == "is dit echt?"
    # The resident's own number beside a quote is not listed as a number not to call.
    own = f"mijn eigen nummer is 0612983344. '{text}'"
    messages, _ = run(ActionAdvise(), tracker(own, "phishing_message"), domain)
    assert "ing-pasvervanging[.]nl" in messages[0]["text"] and "44" not in messages[0]["text"]
    # A lead-in, even one of a life in danger, is the resident's: never in the waves' text.
    led = f"ik wil niet meer leven. HELP ik kreeg dit: {text}"
    messages, _ = run(ActionAdvise(), tracker(led, "phishing_message"), domain)
    assert insight_of(messages)["reported"] == text
    assert insight_of(messages)["said"] == "ik wil niet meer leven. HELP ik kreeg dit"
    # The scammer's own first person is not a lead-in.
    mam = "Hoi mam, mijn telefoon is kapot: dit is mijn nieuwe nummer 0648192735, app me snel"
    assert reported_parts(tracker_turn(mam), mam) == (mam, "")
    # A story without warning signs listed is no scam text to group.
    story = "ik denk dat ik ben opgelicht door een webwinkel"
    messages, _ = run(ActionAdvise(), tracker(story, "webshop_fraud"), domain)
    assert insight_of(messages)["reported"] == ""


def test_pasted_message_lists_warning_signs_first(domain: dict[str, Any]) -> None:
    text = "Beste klant, uw pas verloopt binnen 24 uur. Vernieuw via https://ing-pasvervanging.nl"
    messages, _ = run(ActionAdvise(), tracker(text, "phishing_message"), domain)
    assert messages[0]["response"] is None
    assert "ing-pasvervanging[.]nl" in messages[0]["text"]
    assert messages[0]["text"].startswith("Ik zie deze signalen van oplichting")
    assert messages[0]["text"].endswith("ook een bericht zonder deze signalen kan nep zijn.")


def test_triage_no_gives_the_full_advice_ending_with_the_core_rule(domain: dict[str, Any]) -> None:
    t = tracker("nee", "deny", scam_type="friend_in_need", pending_question="triage")
    messages, slots = run(ActionAdvise(), t, domain)
    assert names(messages) == [
        "utter_ack_not_yet",
        "utter_friend_in_need_now",
        "utter_friend_in_need_report",
        "utter_friend_in_need_help",
        "utter_core_rule",
        "utter_next_steps",
    ]
    assert slots["pending_question"] is None


def test_triage_clicked_only(domain: dict[str, Any]) -> None:
    t = tracker(
        '/deny{"damage_kind":"clicked_only"}',
        "deny",
        entities=[{"entity": "damage_kind", "value": "clicked_only"}],
        scam_type="phishing_message",
        pending_question="triage",
    )
    messages, _ = run(ActionAdvise(), t, domain)
    assert names(messages)[0] == "utter_clicked_only"


def test_triage_button_for_remote_access(domain: dict[str, Any]) -> None:
    t = tracker(
        '/shared_details{"damage_kind":"remote_access"}',
        "shared_details",
        entities=[{"entity": "damage_kind", "value": "remote_access"}],
        scam_type="tech_support_scam",
        pending_question="triage",
    )
    messages, slots = run(ActionAdvise(), t, domain)
    assert names(messages)[:2] == ["utter_urgent_remote_access", "utter_urgent_remote_access_after"]
    assert "utter_tech_support_scam_report" in names(messages)
    assert slots["damage"] == ["remote_access"] and slots["urgent"] is True


def test_already_paid_without_context_asks_what_happened(domain: dict[str, Any]) -> None:
    messages, slots = run(
        ActionAdvise(), tracker("ik heb het geld al overgemaakt", "already_paid"), domain
    )
    assert names(messages) == [
        "utter_urgent_paid",
        "utter_urgent_own_number",
        "utter_tell_what_happened",
        "utter_next_steps_urgent",
    ]
    assert slots["urgent"] is True


def test_already_paid_names_the_trick_the_scam_type_head_reads(domain: dict[str, Any]) -> None:
    t = tracker(
        "ik heb mijn dochter op haar nieuwe nummer 800 euro gestuurd",
        "already_paid",
        ranking=[("already_paid", 0.9), ("friend_in_need", 0.05), ("greet", 0.05)],
        types=[("friend_in_need", 0.8), ("none", 0.15)],
    )
    messages, slots = run(ActionAdvise(), t, domain)
    assert names(messages)[0] == "utter_urgent_paid"
    assert "utter_friend_in_need_what" in names(messages)
    assert slots["scam_type"] == "friend_in_need"


def test_types_without_triage_get_full_advice_at_once(domain: dict[str, Any]) -> None:
    messages, _ = run(
        ActionAdvise(), tracker("ze dreigen mijn naaktfoto's te delen", "sextortion"), domain
    )
    assert names(messages) == [
        "utter_sextortion_what",
        "utter_sextortion_now",
        "utter_sextortion_report",
        "utter_sextortion_help",
        "utter_closing_sextortion",
        "utter_next_steps",
    ]


def test_urgency_is_remembered_for_later_steps(domain: dict[str, Any]) -> None:
    t = tracker("microsoft belde me", "tech_support_scam", damage=["paid"], urgent=True)
    messages, slots = run(ActionAdvise(), t, domain)
    assert "utter_triage" not in names(messages)
    assert slots["urgent"] is True and slots["damage"] == ["paid"]
    assert names(messages)[-1] == "utter_next_steps_urgent"


def test_the_triage_question_fits_the_scam_type(
    domain: dict[str, Any],
) -> None:
    from actions.advice import triage_response

    assert triage_response(domain, "webshop_fraud") == "utter_triage_webshop_fraud"
    assert triage_response(domain, "no_such_type") == "utter_triage"


def test_every_triage_variant_renders(domain: dict[str, Any]) -> None:
    names_ = [
        n for n in domain["responses"] if n.startswith("utter_triage") and n != "utter_triage_which"
    ]
    variants = [v for n in names_ for v in domain["responses"][n]]
    assert len(names_) >= 2 and all(v.get("buttons") for v in variants)
    assert not any(v.get("condition") for v in variants)
    for variant in variants:
        payloads = [b["payload"] for b in variant["buttons"]]
        assert any(p.startswith("/deny") for p in payloads)


def test_fallback_offers_the_likeliest_situations_and_something_else(
    domain: dict[str, Any],
) -> None:
    t = tracker(
        "ik snap het niet er was iets met mijn bank",
        "nlu_fallback",
        confidence=0.45,
        ranking=[
            ("nlu_fallback", 0.45),
            ("bank_helpdesk_fraud", 0.3),
            ("phishing_message", 0.25),
            ("greet", 0.2),
            ("shared_details", 0.1),
        ],
    )
    messages, slots = run(ActionClarify(), t, domain)
    assert messages[-1]["response"] == "utter_clarify"
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ["/bank_helpdesk_fraud", "/phishing_message", "/shared_details", "/deny"]
    assert messages[-1]["buttons"][-1]["title"] == "Iets anders"
    assert slots["pending_question"] == "clarify" and slots["misses"] == 1.0
    assert slots["description"] == "ik snap het niet er was iets met mijn bank"


def test_second_miss_offers_a_volunteer(domain: dict[str, Any]) -> None:
    t = tracker("/deny", "deny", pending_question="clarify", misses=1.0)
    messages, slots = run(ActionClarify(), t, domain)
    assert names(messages) == ["utter_not_understood", "utter_offer_volunteer", "utter_helplines"]
    assert slots["pending_question"] == "volunteer"


def test_fallback_still_puts_damage_first(domain: dict[str, Any]) -> None:
    t = tracker(
        "euh ik heb betaald aan die man",
        "nlu_fallback",
        ranking=[("nlu_fallback", 0.45), ("already_paid", 0.3), ("invoice_fraud", 0.2)],
    )
    messages, slots = run(ActionClarify(), t, domain)
    assert names(messages)[0] == "utter_urgent_paid" and slots["urgent"] is True


def test_escalation_emits_the_handoff_payload(domain: dict[str, Any]) -> None:
    t = tracker(
        "ik wil een mens spreken",
        "ask_human",
        scam_type="bank_helpdesk_fraud",
        damage=["paid"],
        urgent=True,
        organisation="ING",
        channel="telefoon",
        description=(
            "iemand van de ING belde, ik moest naar NL91ABNA0417164300 overmaken, "
            "bel terug op 0612345678"
        ),
    )
    messages, slots = run(ActionEscalate(), t, domain)
    assert names(messages)[:2] == ["utter_handoff", "utter_handoff_urgent"]
    handoff = messages[-1]["custom"]["handoff"]
    assert handoff["scam_type"] == "bank_helpdesk_fraud"
    assert handoff["urgent"] is True and handoff["damage"] == ["paid"]
    assert handoff["reason"] == "ask_human" and handoff["version"] == 1
    assert "Bankhelpdeskfraude" in handoff["summary"] and "ING" in handoff["summary"]
    assert "0417164300" not in handoff["summary"] and "12345678" not in handoff["summary"]
    assert "NL91 **** 00" in handoff["summary"] and "06** *** *78" in handoff["summary"]
    # What the gateway reads back (bot/replies.py) is what the action built.
    assert Handoff.from_json(handoff) == Handoff(
        reason="ask_human",
        scam_type="bank_helpdesk_fraud",
        urgent=True,
        damage=("paid",),
        summary=handoff["summary"],
    )
    assert slots["pending_question"] is None


def test_escalation_with_new_damage_says_what_to_do_first(domain: dict[str, Any]) -> None:
    messages, _ = run(
        ActionEscalate(),
        tracker("help ik heb anydesk geinstalleerd, mens aub", "ask_human"),
        domain,
    )
    assert names(messages)[0] == "utter_urgent_remote_access"
    assert messages[-1]["custom"]["handoff"]["urgent"] is True


def test_escalation_without_damage_is_not_urgent(domain: dict[str, Any]) -> None:
    messages, _ = run(
        ActionEscalate(), tracker("ja", "affirm", pending_question="volunteer"), domain
    )
    handoff = messages[-1]["custom"]["handoff"]
    assert handoff["urgent"] is False and handoff["reason"] == "volunteer_offer"
    assert "Soort oplichting nog onbekend" in handoff["summary"]


def test_declining_a_volunteer(domain: dict[str, Any]) -> None:
    messages, slots = run(
        ActionDeclineVolunteer(), tracker("nee", "deny", pending_question="volunteer"), domain
    )
    assert names(messages) == ["utter_volunteer_declined"] and slots["pending_question"] is None


@pytest.mark.parametrize(
    ("scam_type", "how", "collect"),
    [
        ("marketplace_fraud", "utter_report_online", "utter_report_collect_online"),
        ("bank_helpdesk_fraud", "utter_report_online", "utter_report_collect_call"),
        ("romance_scam", "utter_report_by_phone", "utter_report_collect_profile"),
        ("invoice_fraud", "utter_report_by_phone", "utter_report_collect_general"),
        (None, "utter_report_by_phone", "utter_report_collect_general"),
    ],
)
def test_report_checklist_fits_the_scam_type(
    scam_type: str | None, how: str, collect: str, domain: dict[str, Any]
) -> None:
    messages, _ = run(
        ActionReportChecklist(),
        tracker("hoe doe ik aangifte", "how_to_report", scam_type=scam_type),
        domain,
    )
    got = names(messages)
    assert got[0] == "utter_report_intro" and how in got and collect in got
    assert got[-1] == "utter_report_offer"


def test_report_question_with_damage_is_urgent_first(domain: dict[str, Any]) -> None:
    messages, _ = run(
        ActionReportChecklist(),
        tracker("ik heb 400 euro overgemaakt, waar doe ik aangifte", "how_to_report"),
        domain,
    )
    assert names(messages)[0] == "utter_urgent_paid"


def test_any_other_answer_to_the_clarify_question_offers_a_volunteer(
    domain: dict[str, Any],
) -> None:
    t = tracker("ja", "affirm", pending_question="clarify", misses=0.0)
    messages, slots = run(ActionClarify(), t, domain)
    assert names(messages)[1] == "utter_offer_volunteer"
    assert slots["pending_question"] == "volunteer"


@pytest.mark.parametrize(
    ("pending", "intent", "first"),
    [
        ("triage", "deny", "utter_ack_not_yet"),
        ("triage", "affirm", "utter_triage_which"),
        ("volunteer", "affirm", "utter_handoff"),
        ("volunteer", "deny", "utter_volunteer_declined"),
        ("clarify", "deny", "utter_tell_in_own_words"),
        (None, "affirm", "utter_what_happened"),
    ],
)
def test_yes_and_no_answer_the_pending_question(
    pending: str | None, intent: str, first: str, domain: dict[str, Any]
) -> None:
    t = tracker(
        "ja" if intent == "affirm" else "nee",
        intent,
        scam_type="phishing_message",
        pending_question=pending,
    )
    messages, _ = run(ActionAnswerQuestion(), t, domain)
    assert names(messages)[0] == first


def test_no_with_damage_and_no_question_is_urgent(domain: dict[str, Any]) -> None:
    messages, _ = run(
        ActionAnswerQuestion(), tracker("nee maar ik heb wel betaald", "deny"), domain
    )
    assert names(messages)[0] == "utter_urgent_paid"


def test_a_bare_yes_to_a_yes_no_damage_question_is_its_yes_answer(domain: dict[str, Any]) -> None:
    t = tracker("ja", "affirm", scam_type="friend_in_need", pending_question="triage")
    messages, slots = run(ActionAdvise(), t, domain)
    assert names(messages)[0] == "utter_urgent_paid"
    assert slots["damage"] == ["paid"] and slots["urgent"] is True


def test_after_damage_the_next_step_is_the_report_not_prevention(domain: dict[str, Any]) -> None:
    t = tracker(
        "wat moet ik nog meer doen?",
        "need_help",
        scam_type="friend_in_need",
        damage=["paid"],
        urgent=True,
        advised=True,
        triaged=True,
    )
    messages, _ = run(ActionAdvise(), t, domain)
    assert "utter_friend_in_need_now" not in names(messages)
    assert "utter_friend_in_need_report" in names(messages)


def test_a_follow_up_in_the_same_case_is_not_advised_as_another_scam(
    domain: dict[str, Any],
) -> None:
    t = tracker(
        "ze vroeg of ik een rekening kon betalen, 780 euro",
        "money_mule",
        ranking=[("money_mule", 0.6), ("friend_in_need", 0.3)],
        scam_type="friend_in_need",
        advised=True,
        triaged=True,
    )
    messages, slots = run(ActionAdvise(), t, domain)
    assert slots["scam_type"] == "friend_in_need"
    assert not any(n.startswith("utter_money_mule") for n in names(messages))


def test_a_quoted_message_of_no_known_trick_goes_to_the_waves_without_the_question(
    domain: dict[str, Any],
) -> None:
    quote = "Uw pakket staat klaar, betaal €1,99 via https://pakket-afleveren.top binnen 24 uur"
    said = f'Is dit echt? "{quote}"'
    # No scam type ranked: the signs are listed, and the quote alone goes to the waves.
    messages, _ = run(ActionAskCheck(), tracker(said, "ask_check"), domain)
    assert "pakket-afleveren[.]top" in " ".join(m.get("text") or "" for m in messages)
    found = insight_of(messages)
    assert found["reported"] == quote and found["scam_type"] is None
    assert "Is dit echt?" in found["said"] and quote not in found["said"]

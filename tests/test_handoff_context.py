"""The case a volunteer gets carries what the assistant recognised in the whole
conversation, a summary in readable Dutch, and the urgent step fits the damage kind
(a DigiD case is not told to call the bank)."""

from __future__ import annotations

from typing import Any

import pytest

from actions.advice import ActionAdvise
from actions.escalation import ActionEscalate, summary
from tests.test_actions import names, run, tracker

ING_CALL = "Er belde een man van de ING, ik wil een mens spreken"


def handoff_of(messages: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = [m["custom"]["handoff"] for m in messages if "handoff" in (m.get("custom") or {})]
    return found


def test_a_handoff_in_the_first_message_carries_the_type_that_message_tells(
    domain: dict[str, Any],
) -> None:
    t = tracker(
        ING_CALL,
        "ask_human",
        types=[("bank_helpdesk_fraud", 0.93), ("none", 0.05)],
        organisation="ING",
        channel="belde",
    )
    messages, slots = run(ActionEscalate(), t, domain)
    handoff = handoff_of(messages)
    assert handoff["scam_type"] == "bank_helpdesk_fraud"
    assert handoff["summary"].startswith("Bankhelpdeskfraude.")
    assert slots["scam_type"] == "bank_helpdesk_fraud"


def test_the_type_an_earlier_turn_recognised_wins_over_a_bare_request(
    domain: dict[str, Any],
) -> None:
    t = tracker(
        "Ik wil met een vrijwilliger praten",
        "ask_human",
        types=[("none", 0.97), ("romance_scam", 0.01)],
        scam_type="bank_helpdesk_fraud",
        damage=["bank_details"],
        urgent=True,
    )
    handoff = handoff_of(run(ActionEscalate(), t, domain)[0])
    assert handoff["scam_type"] == "bank_helpdesk_fraud"


def test_a_bare_request_with_nothing_recognised_stays_unknown(domain: dict[str, Any]) -> None:
    t = tracker("ik wil een mens", "ask_human", types=[("none", 0.97), ("romance_scam", 0.02)])
    handoff = handoff_of(run(ActionEscalate(), t, domain)[0])
    assert handoff["scam_type"] is None
    assert "Soort oplichting nog onbekend" in handoff["summary"]


@pytest.mark.parametrize(
    ("channel", "contact", "expected"),
    [
        ("belde", None, "Contact via een telefoontje."),
        ("gebeld", None, "Contact via een telefoontje."),
        ("smsje", None, "Contact via een sms."),
        ("WhatsApp", None, "Contact via WhatsApp."),
        (None, "call", "Contact via een telefoontje."),
        (None, "letter", "Contact via een brief."),
    ],
)
def test_the_summary_names_the_channel_in_readable_dutch(
    channel: str | None, contact: str | None, expected: str
) -> None:
    text = summary("bank_helpdesk_fraud", [], "ING", channel, None, contact)
    assert expected in text
    assert "Genoemd:" not in text and "belde." not in text
    assert "Organisatie genoemd: ING." in text


def test_the_summary_leaves_out_what_it_cannot_read() -> None:
    text = summary(None, [], None, "iets raars", None)
    assert text == "Soort oplichting nog onbekend. Geen schade gemeld."
    # An app named as the organisation is the channel, not said twice.
    assert summary("account_takeover", [], "whatsapp", "whatsapp", None).count("WhatsApp") == 1
    assert "Organisatie" not in summary("account_takeover", [], "whatsapp", "whatsapp", None)


def test_login_details_given_in_a_digid_case_get_digids_step_not_the_banks(
    domain: dict[str, Any],
) -> None:
    t = tracker(
        "ik heb mijn inloggegevens ingevuld",
        "shared_details",
        scam_type="phishing_message",
        platform="digid",
        organisation="DigiD",
        description="Ik kreeg een sms van DigiD dat mijn account verloopt",
    )
    messages, slots = run(ActionAdvise(), t, domain)
    said = names(messages)
    assert said[0] == "utter_urgent_digid"
    assert "utter_urgent_bank_details" not in said and "utter_urgent_own_number" not in said
    assert slots["damage"] == ["digid"]
    bank = [
        name
        for name in said
        if name
        and "eigen bank" in domain["responses"][name][0]["text"]
        and "bankgegevens" not in domain["responses"][name][0]["text"]
    ]
    assert bank == []


def test_a_bank_named_in_a_digid_case_keeps_the_banks_step(domain: dict[str, Any]) -> None:
    t = tracker(
        "ik heb ook mijn pincode van de ING gegeven",
        "shared_details",
        scam_type="phishing_message",
        platform="digid",
        damage=["digid"],
    )
    said = names(run(ActionAdvise(), t, domain)[0])
    assert said[0] == "utter_urgent_bank_details"


def test_login_details_given_without_digid_still_get_the_banks_step(
    domain: dict[str, Any],
) -> None:
    t = tracker(
        "ik heb mijn inloggegevens ingevuld", "shared_details", scam_type="phishing_message"
    )
    assert names(run(ActionAdvise(), t, domain)[0])[0] == "utter_urgent_bank_details"

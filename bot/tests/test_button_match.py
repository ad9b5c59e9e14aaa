"""Typed answers that name a button (bot/button_match.py): no Rasa needed."""

from __future__ import annotations

import pytest

from bot.button_match import (
    NONE_OF_THESE,
    NUMBER,
    TITLE,
    YES_NO,
    by_intent,
    match_button,
)
from bot.helpdesk import cases

TRIAGE = [
    {"title": "Ik heb betaald", "payload": "/already_paid"},
    {"title": "Ik gaf gegevens of codes", "payload": "/shared_details"},
    {"title": "Ik klikte alleen op de link", "payload": '/deny{"damage_kind":"clicked_only"}'},
    {"title": "Nee, nog niets gedaan", "payload": "/deny"},
]
YES_NO_QUESTION = [
    {"title": "Ja, ik heb betaald", "payload": "/already_paid"},
    {"title": "Nee, nog niet", "payload": "/deny"},
]
NEXT_STEPS = [
    {"title": "Aangifte doen", "payload": "/how_to_report"},
    {"title": "Praat met een vrijwilliger", "payload": "/ask_human"},
    {"title": "Nieuwe vraag", "payload": "/ask_check"},
]
CLARIFY = [
    {"title": "Familie appt van een nieuw nummer", "payload": "/friend_in_need"},
    {"title": "Iemand dreigt met naaktfoto's", "payload": "/sextortion"},
    {"title": "Iets anders", "payload": "/deny"},
]


@pytest.mark.parametrize(
    ("text", "buttons", "payload", "how"),
    [
        ("praat met een vrijwilliger", NEXT_STEPS, "/ask_human", TITLE),
        ("Praat met een vrijwiliger!", NEXT_STEPS, "/ask_human", TITLE),
        ("NIEUWE VRAAG", NEXT_STEPS, "/ask_check", TITLE),
        ("nieuwe vraag.", NEXT_STEPS, "/ask_check", TITLE),
        ("ik heb betaald", TRIAGE, "/already_paid", TITLE),
        ("1", NEXT_STEPS, "/how_to_report", NUMBER),
        ("2.", NEXT_STEPS, "/ask_human", NUMBER),
        ("optie 3", NEXT_STEPS, "/ask_check", NUMBER),
        ("de eerste", TRIAGE, "/already_paid", NUMBER),
        ("ja", YES_NO_QUESTION, "/already_paid", YES_NO),
        ("Ja hoor", YES_NO_QUESTION, "/already_paid", YES_NO),
        ("jawel", YES_NO_QUESTION, "/already_paid", YES_NO),
        ("nee hoor", YES_NO_QUESTION, "/deny", YES_NO),
        ("nog niet", YES_NO_QUESTION, "/deny", YES_NO),
        ("neen", YES_NO_QUESTION, "/deny", YES_NO),
        ("nee", TRIAGE, "/deny", YES_NO),
        ("iets anders", CLARIFY, "/deny", TITLE),
        ("geen van deze", CLARIFY, "/deny", NONE_OF_THESE),
        ("Ja", cases.erase_buttons(), cases.ERASE_YES, YES_NO),
        ("nee, bewaar het", cases.erase_buttons(), cases.ERASE_NO, TITLE),
        ("ok", cases.consent_buttons(), cases.CONSENT_YES, YES_NO),
    ],
)
def test_a_typed_reply_names_a_button(
    text: str, buttons: list[dict[str, str]], payload: str, how: str
) -> None:
    match = match_button(text, buttons)
    assert match is not None and (match.payload, match.how) == (payload, how)


@pytest.mark.parametrize(
    ("text", "buttons"),
    [
        ("ja", TRIAGE),  # several kinds of yes: ask which (the assistant does)
        ("7", NEXT_STEPS),
        ("geen van deze", NEXT_STEPS),
        ("ik heb gisteren 300 euro overgemaakt naar die rekening van hem", TRIAGE),
        ("ja maar wie leest er dan mee?", cases.consent_buttons()),
        ("vrijwilligerswerk", NEXT_STEPS),
        ("", NEXT_STEPS),
        ("ja", []),
    ],
)
def test_other_replies_are_the_residents_own_words(
    text: str, buttons: list[dict[str, str]]
) -> None:
    assert match_button(text, buttons) is None


def test_a_paraphrase_read_by_the_nlu_answers_the_gateways_question() -> None:
    assert by_intent("affirm", cases.helped_buttons()).payload == cases.HELPED_YES
    assert by_intent("deny", cases.consent_buttons()).payload == cases.CONSENT_NO
    assert by_intent("ask_human", NEXT_STEPS).payload == "/ask_human"
    assert by_intent("greet", NEXT_STEPS) is None

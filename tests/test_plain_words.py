"""Plain words (issue 17): every word of 13 or more letters a resident reads has a
glossary entry (common/glossary.yml), sentences stay short on average, and the
glossary has no dead or long-winded entries.

Resident-facing texts: every response (texts and button titles), the gateway's own
texts (bot/texts.py, placeholders filled), the widget's own words (the Dutch string
literals of bot/widget/*.js), the report draft (labels and fixed sentences,
common/report_draft.py) and the glossary's explanations.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from common import glossary
from common.report_draft import FIELD_NAMES, UNKNOWN, ReportDraft, render_text
from common.scam_types import SCAM_TYPES
from tests.conftest import ROOT
from tests.test_content_rules import (
    gateway_responses,
    reassurance,
    test_every_phone_email_and_website_is_a_known_contact,
)

GLOSSARY = glossary.load()

# The gateway's texts for volunteers, not residents (the Telegram group, the queue).
VOLUNTEER_FACING = frozenset({"URGENT_ANNOUNCEMENT", "CRISIS_LABEL"})
# The answer to a message that is not Dutch is partly in the resident's own language:
# the Dutch glossary does not apply to it.
OTHER_LANGUAGE = re.compile(r"NOT_DUTCH")

MAX_AVERAGE_SENTENCE = 8
MAX_EXPLANATION_WORDS = 15
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
COUNTED_WORD = re.compile(r"\S*\w\S*")

# (where, text, is a button title)
Text = tuple[str, str, bool]


def response_texts(responses: dict[str, list[dict[str, Any]]]) -> list[Text]:
    found = []
    for name, variants in responses.items():
        for variant in variants:
            if variant.get("text"):
                found.append((name, variant["text"], False))
            for button in variant.get("buttons") or []:
                found.append((name, button["title"], True))
    return found


def gateway_texts() -> list[Text]:
    found = []
    for name, variants in gateway_responses().items():
        base = name.split("[")[0]
        if base in VOLUNTEER_FACING or OTHER_LANGUAGE.match(base):
            continue
        found += [(name, v["text"], base.endswith("_BUTTON")) for v in variants]
    return found


# A string literal in the widget's JavaScript; its Dutch words start with a capital
# letter and have a space ('Lees alles voor'). Not an SVG path ('M4 9h4...'), a selector
# or code.
JS_LITERAL = re.compile(r"'((?:[^'\\\n]|\\.)*)'")
JS_NOT_WORDS = re.compile(r"^M[\d.]|[{}<>=\[\]#]|\(\)|\.js\b")


def widget_texts() -> list[Text]:
    found = []
    for path in sorted((ROOT / "bot" / "widget").glob("*.js")):
        for literal in JS_LITERAL.findall(path.read_text(encoding="utf-8")):
            if " " in literal and literal[:1].isupper() and not JS_NOT_WORDS.search(literal):
                found.append((path.name, literal, False))
    return found


def report_draft_texts() -> list[Text]:
    """Every line the draft can show (each scam type, every field asked, money paid):
    its labels, where to file, what a business keeps, the fixed sentences."""
    facts = {name: UNKNOWN for name in FIELD_NAMES} | {"paid": "Ja"}
    seen: dict[str, None] = {}
    for scam_type in (*SCAM_TYPES, None):
        draft = ReportDraft(scam_type=scam_type, finished=True, facts=facts)
        seen |= dict.fromkeys(line.strip() for line in render_text(draft).splitlines())
    return [("report_draft", line, False) for line in seen if line]


def glossary_texts() -> list[Text]:
    return [(f"glossary[{e.term}]", e.explanation, False) for e in GLOSSARY.entries]


@pytest.fixture(scope="module")
def resident(responses: dict[str, list[dict[str, Any]]]) -> list[Text]:
    return (
        response_texts(responses)
        + gateway_texts()
        + widget_texts()
        + report_draft_texts()
        + glossary_texts()
    )


def unexplained(found: list[Text]) -> list[tuple[str, str]]:
    """(word, where) for each long word without a glossary entry."""
    pairs = {(w.lower(), name) for name, text, _ in found for w in GLOSSARY.unexplained(text)}
    return sorted(pairs)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if COUNTED_WORD.search(s)]


def average_sentence_length(found: list[Text]) -> float:
    lengths = [
        len(COUNTED_WORD.findall(s))
        for _, text, is_button in found
        if not is_button
        for s in sentences(text)
    ]
    return sum(lengths) / len(lengths)


# --- the scanner itself -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, caught",
    [
        ("Bel je bankmedewerkster.", ["bankmedewerkster"]),
        ("Dit is vriend-in-noodfraude.", ["vriend-in-noodfraude"]),
        ("Zet tweestapsverificatie aan. Je rekeningnummer niet.", ["tweestapsverificatie"]),
        ("Zie https://www.fraudehelpdesk.nl/nepwebwinkels of mail@zelfstandigen.nl.", []),
        ("Vraag een it-specialist.", []),
    ],
)
def test_scanner_catches_a_long_word_without_an_entry(text: str, caught: list[str]) -> None:
    assert GLOSSARY.unexplained(text) == caught


def test_sentence_length_counts_words_per_sentence() -> None:
    found = [("x", "Een twee drie. Vier!\n- vijf zes", False), ("y", "knop met vier woorden", True)]
    assert average_sentence_length(found) == 2


def test_the_collection_sees_every_kind_of_text(resident: list[Text]) -> None:
    names = {name for name, _, _ in resident}
    assert {"utter_core_rule", "CONSENT_QUESTION", "report_draft", "widget.js"} <= names
    widget = {text for name, text, _ in resident if name.startswith("widget")}
    assert {"Lees alles voor", "Verwijder dit gesprek"} <= widget
    assert not any(text.startswith("M4 ") for text in widget)  # an icon's path
    assert any(name.startswith("glossary[") for name in names)
    assert any(is_button for _, _, is_button in resident)
    draft = {text for name, text, _ in resident if name == "report_draft"}
    assert "Voor je bedrijf: bewaar dit voor de politie." in draft


# --- the rules ----------------------------------------------------------------------


def test_every_long_word_has_a_glossary_entry(resident: list[Text]) -> None:
    missing = unexplained(resident)
    assert not missing, (
        "Words of 13 or more letters without an entry in common/glossary.yml "
        "(use plainer words, or add an entry):\n"
        + "\n".join(f"  {word}  ({where})" for word, where in missing)
    )


def test_sentences_are_short_on_average(resident: list[Text]) -> None:
    average = average_sentence_length(resident)
    if os.environ.get("SCAMHELP_PRINT_FIGURES"):
        print(f"\nwords per sentence: {average:.2f}; unexplained: {len(unexplained(resident))}")
    assert average <= MAX_AVERAGE_SENTENCE, f"{average:.2f} words per sentence"


def test_explanations_are_one_short_plain_line() -> None:
    for entry in GLOSSARY.entries:
        text = entry.explanation
        assert "\n" not in text and text.endswith("."), entry.term
        assert len(COUNTED_WORD.findall(text)) <= MAX_EXPLANATION_WORDS, entry.term
        assert not reassurance(text), entry.term


def test_explanations_name_only_known_contacts(contacts: dict[str, dict[str, Any]]) -> None:
    explanations = {f"glossary[{e.term}]": [{"text": e.explanation}] for e in GLOSSARY.entries}
    test_every_phone_email_and_website_is_a_known_contact(explanations, contacts)


def _shares_stem(form: str, other: str) -> bool:
    """An inflection: the two differ only in their last few letters (-s, -en, ...)."""
    shorter = min(len(form), len(other))
    prefix = next((i for i in range(shorter) if form[i] != other[i]), shorter)
    return prefix >= 4 and prefix >= min(len(form), len(other)) - 3


def test_every_entry_is_used_and_its_other_forms_are_inflections(resident: list[Text]) -> None:
    used = {
        w.lower()
        for name, text, _ in resident
        if not name.startswith("glossary[")
        for w in glossary.words(text)
    }
    for entry in GLOSSARY.entries:
        assert entry.forms[0] in entry.term.lower(), f"{entry.term}: first form is the term"
        in_use = [form for form in entry.forms if form in used]
        assert in_use, f"{entry.term}: no resident-facing text uses it (a dead entry)"
        for form in set(entry.forms) - set(in_use):
            assert any(_shares_stem(form, u) for u in in_use), f"{entry.term}: {form}?"

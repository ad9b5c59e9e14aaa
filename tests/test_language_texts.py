"""The answer to a message that is not Dutch (bot/languages/texts.py, plain strings):
only numbers from contacts.yml, the Fraudehelpdesk's in every language, the volunteer
button by its title; the Dutch bubble in plain Dutch (short sentences, no long words,
never reassuring)."""

from __future__ import annotations

import re
from typing import Any

from bot import texts as gateway
from bot.languages.texts import FRAUDEHELPDESK_PHONE, IN_LANGUAGE, NOT_DUTCH_NL
from common import glossary
from tests import test_content_rules as rules

EVERY = {"NOT_DUTCH_NL": NOT_DUTCH_NL} | {f"IN_LANGUAGE[{k}]": v for k, v in IN_LANGUAGE.items()}
# The only long words the Dutch bubble may use.
LONG_WORDS_ALLOWED = {"fraudehelpdesk"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def test_every_number_is_a_known_verified_contact(contacts: dict[str, dict[str, Any]]) -> None:
    responses = {name: [{"text": text}] for name, text in EVERY.items()}
    rules.test_every_phone_email_and_website_is_a_known_contact(responses, contacts)
    phones, _, _ = rules.contact_values(contacts)  # verified ones only
    assert rules.digits(contacts["fraudehelpdesk"]["phone"]) == rules.digits(FRAUDEHELPDESK_PHONE)
    for name, text in EVERY.items():
        found = {rules.digits(p) for p in rules.PHONE.findall(text)}
        assert rules.digits(FRAUDEHELPDESK_PHONE) in found and "112" in found, name
        assert found <= phones, name


def test_every_text_names_the_volunteer_button_as_it_is_shown() -> None:
    for name, text in EVERY.items():
        assert gateway.VOLUNTEER_BUTTON in text, name


def test_the_arabic_text_keeps_the_number_in_order() -> None:
    # Between isolates, a right-to-left text shows '088-786 73 72' as written.
    assert f"\u2066{FRAUDEHELPDESK_PHONE}\u2069" in IN_LANGUAGE["ar"]


def test_the_dutch_bubble_is_plain_dutch() -> None:
    assert not rules.reassurance(NOT_DUTCH_NL)
    long_words = {w.lower() for w in glossary.long_words(NOT_DUTCH_NL)}
    assert long_words <= LONG_WORDS_ALLOWED, long_words
    sentences = [s for s in SENTENCE_END.split(NOT_DUTCH_NL) if s.strip()]
    words = [len(s.split()) for s in sentences]
    assert sum(words) / len(words) <= 8 and max(words) <= 12, words
    # For a resident who pasted a message with no words of their own.
    assert "Schrijf er dan in het Nederlands bij wat er gebeurde." in NOT_DUTCH_NL

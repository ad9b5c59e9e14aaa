"""The language check (bot/languages/detect.py) on a table of resident messages
(bot/tests/language_cases.py): each message not in Dutch is found in its language; no
Dutch one is (English phrases, pasted English after a Dutch lead-in, short replies,
numbers, an IBAN, a link, typos, dialect, loan words)."""

from __future__ import annotations

import pytest

from bot.languages import detect
from bot.languages.texts import IN_LANGUAGE
from bot.tests.language_cases import DUTCH, NOT_DUTCH, TOO_CLOSE

FIVE = ("en", "tr", "ar", "pl", "uk")
NOT_DUTCH_CASES = [(tag, text) for tag, texts in NOT_DUTCH.items() for text in texts]


def test_the_table_has_enough_cases() -> None:
    assert all(len(NOT_DUTCH[tag]) >= 10 for tag in FIVE)
    assert len(DUTCH) >= 30
    assert set(IN_LANGUAGE) == set(FIVE)


@pytest.mark.parametrize(("tag", "text"), NOT_DUTCH_CASES)
def test_a_message_not_in_dutch_is_found_in_its_language(tag: str, text: str) -> None:
    verdict = detect.read(text)
    assert verdict.language == tag, verdict


@pytest.mark.parametrize("text", DUTCH)
def test_a_dutch_message_is_left_to_the_assistant(text: str) -> None:
    verdict = detect.read(text)
    assert verdict.language is None, verdict


@pytest.mark.parametrize("text", TOO_CLOSE)
def test_english_too_close_to_dutch_is_left_to_the_assistant(text: str) -> None:
    assert detect.not_dutch(text) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        # Dutch words the language found does not write: a pasted English message.
        ("ik kreeg dit: Your package could not be delivered, pay the fee", "dutch words"),
        ("scam call gehad from unknown number", "dutch words"),  # a Dutch participle
        ("Is this a scam?", "short"),
        ("https://ing-verify.example/login NL91ABNA0417164300", "no words"),
        ("Kan ik hier iets vragen?", "dutch words"),
    ],
)
def test_why_a_message_is_left_to_the_assistant(text: str, why: str) -> None:
    assert detect.read(text) == detect.Verdict(None, why)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Допоможіть", "uk"),  # a Ukrainian letter
        ("Помогите", "ru"),  # no letter only one of them has: the detector
        ("Здравствуйте, мне нужна помощь", "ru"),  # a Russian letter
        ("ساعدني", "ar"),
        ("کمک می خواهم", "fa"),  # Persian letters: not answered in Arabic
    ],
)
def test_arabic_and_cyrillic_script_need_few_letters(text: str, tag: str) -> None:
    assert detect.read(text) == detect.Verdict(tag, "script")


def test_german_participles_do_not_make_german_dutch() -> None:
    verdict = detect.read("Ich habe eine SMS bekommen und auf den Link geklickt")
    assert verdict == detect.Verdict("de", "detector")


def test_a_long_message_is_judged_by_its_start() -> None:
    text = "I got a text from my bank saying my account is blocked. " * 100
    assert len(text) > detect.READ_CHARS and detect.not_dutch(text) == "en"


def test_the_detector_is_built_once() -> None:
    assert detect.detector() is detect.detector()

"""Training data and the held-out test set: size, variety, separation."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from common.scam_types import SCAM_TYPES

ORGANISATIONS = re.compile(
    r"\b(ing|rabo\w*|abn( amro)?|sns|asn|bunq|knab|triodos|regiobank|revolut|belastingdienst|"
    r"cjib|digid|postnl|dhl|dpd|gls|ups|eneco|vattenfall|essent|kpn|ziggo|odido|microsoft|"
    r"apple|norton|mcafee|marktplaats|vinted|tikkie|bol\.com|coolblue|whatsapp|instagram|"
    r"facebook|snapchat|tinder|anydesk|teamviewer)\b"
)
# A capitalised word that does not start a sentence is taken for a name.
NAME_INSIDE_SENTENCE = re.compile(r"(?<=[^.!?\s]\s)[A-Z][a-z]+\b")


def skeleton(example: str) -> str:
    """The example without names, organisations, amounts and numbers."""
    text = NAME_INSIDE_SENTENCE.sub("X", example).lower()
    text = ORGANISATIONS.sub("x", text)
    text = re.sub(r"\d+([.,]\d+)*", "#", text)
    text = re.sub(r"\b(euro|eur|cent)\b|€", "", text)
    return re.sub(r"\W+", " ", text).strip()


def test_enough_examples_per_intent(
    training_examples: dict[str, list[str]], taxonomy: dict[str, Any]
) -> None:
    for intent in taxonomy["scam_types"]:
        assert len(training_examples.get(intent, [])) >= 60, intent
    for intent in taxonomy["conversation"]:
        assert len(training_examples.get(intent, [])) >= 20, intent


def test_no_two_examples_differ_only_in_a_name_or_amount(
    training_examples: dict[str, list[str]],
) -> None:
    counts = Counter(skeleton(e) for examples in training_examples.values() for e in examples)
    assert [s for s, n in counts.items() if n > 1] == []


def test_skeleton_folds_names_and_amounts() -> None:
    assert skeleton("Ik kreeg een sms van ING, 250 euro") == skeleton(
        "ik kreeg een sms van Rabobank, 1.000 euro"
    )


def test_test_set_covers_every_intent(
    test_examples: dict[str, list[str]], taxonomy: dict[str, Any]
) -> None:
    for intent in list(taxonomy["scam_types"]) + list(taxonomy["conversation"]):
        assert len(test_examples.get(intent, [])) >= 8, intent


def test_test_set_is_not_in_the_training_data(
    training_examples: dict[str, list[str]], test_examples: dict[str, list[str]]
) -> None:
    train = {skeleton(e) for examples in training_examples.values() for e in examples}
    leaked = [e for examples in test_examples.values() for e in examples if skeleton(e) in train]
    assert leaked == []


def test_test_set_has_no_near_copies_of_training_examples(
    training_examples: dict[str, list[str]], test_examples: dict[str, list[str]]
) -> None:
    def words(text: str) -> set[str]:
        return set(skeleton(text).split())

    train = [words(e) for examples in training_examples.values() for e in examples]
    near = []
    for examples in test_examples.values():
        for example in examples:
            w = words(example)
            if len(w) >= 5 and any(len(w & t) / len(w | t) >= 0.85 for t in train):
                near.append(example)
    assert near == []


def test_scam_types_match_the_code(taxonomy: dict[str, Any]) -> None:
    assert tuple(taxonomy["scam_types"]) == SCAM_TYPES


@pytest.mark.parametrize("folder", ["wild", "wild_blind"])
def test_the_wild_sets_are_kept_apart(
    training_examples: dict[str, list[str]], test_examples: dict[str, list[str]], folder: str
) -> None:
    """tests/nlu/wild/ and tests/nlu/wild_blind/ are never trained on and share nothing
    with the in-house set or with each other."""
    from tests.conftest import ROOT, load_examples

    def skeletons(name: str) -> set[str]:
        path = ROOT / "tests" / "nlu" / name
        found = load_examples(path) if path.exists() else {}
        return {skeleton(e) for examples in found.values() for e in examples}

    wild_skeletons = skeletons(folder)
    other = skeletons("wild_blind" if folder == "wild" else "wild")
    trained = {skeleton(e) for examples in training_examples.values() for e in examples}
    in_house = {skeleton(e) for examples in test_examples.values() for e in examples}
    assert not wild_skeletons & trained
    assert not wild_skeletons & in_house
    assert not wild_skeletons & other


def test_no_held_out_message_nearly_repeats_a_training_example() -> None:
    from tools.test_set_overlap import overlaps

    assert overlaps() == []

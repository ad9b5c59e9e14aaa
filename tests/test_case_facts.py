"""What a resident already did, did not do yet, how they paid and which account
(common/case_facts.py), and the case policy that keeps one case across turns."""

from __future__ import annotations

import pytest

from actions.case_policy import decide, merged_description
from actions.turn import Turn
from common.case_facts import (
    BANK_CALLED,
    BANK_TRANSFER,
    CALL,
    CARD_BLOCKED,
    CLICKED,
    CREDIT_CARD,
    CRYPTO,
    EMAIL,
    FACEBOOK,
    GIFT_CARD,
    INSTAGRAM,
    LETTER,
    WHATSAPP,
    Facts,
    already_done,
    contact_kind,
    nothing_yet,
    payment_method,
    platform,
)


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("ik heb de bank al gebeld", {BANK_CALLED}),
        ("ik heb mijn bank gebeld", {BANK_CALLED}),
        (
            "de bank heb ik daarna zelf al gebeld en mijn pas is geblokkeerd",
            {BANK_CALLED, CARD_BLOCKED},
        ),
        ("er belde een meneer van de bank", set()),
        ("ik heb de bank nog niet gebeld", set()),
        ("ik heb erop geklikt maar niks ingevuld", {CLICKED}),
        ("ik heb allen op de link gedrukt", {CLICKED}),
        ("ik heb niet op de link geklikt", set()),
    ],
)
def test_steps_already_taken(text: str, done: set[str]) -> None:
    assert set(already_done(text)) == done


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Ik heb het nog niet gestuurd", True),
        ("ik heb erop geklikt maar niks ingevuld", True),
        ("nee nog niks gedaan, ik heb opgehangen", True),
        ("ik heb nog niets ingelegd", True),
        ("ik heb 500 euro betaald", False),
        ("mijn contacten krijgen mails van mij die ik niet zelf heb verstuurd", False),
        ("CJIB: Uw verkeersboete is nog niet betaald. Betaal vandaag.", False),
    ],
)
def test_nothing_yet(text: str, said: bool) -> None:
    assert nothing_yet(text) is said


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("ik heb 50 euro paysafecard gestuurd", GIFT_CARD),
        ("3 google play kaarten gekocht", GIFT_CARD),
        ("ik heb bitcoin gekocht bij een automaat", CRYPTO),
        ("betaald met mijn creditcard", CREDIT_CARD),
        ("ik heb het via een tikkie betaald", BANK_TRANSFER),
        ("ik heb 300 euro overgemaakt", BANK_TRANSFER),
        ("ik heb betaald", None),
    ],
)
def test_payment_method(text: str, how: str | None) -> None:
    assert payment_method(text) == how


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("mijn insta is gehackt", INSTAGRAM),
        ("iemand zit in mijn facebook", FACEBOOK),
        ("mijn hotmail is overgenomen", EMAIL),
        ("ik kan niet meer in whatsapp", WHATSAPP),
        ("mijn account verloopt", None),
    ],
)
def test_platform(text: str, account: str | None) -> None:
    assert platform(text) == account


def test_how_the_scam_came_and_a_call_to_the_bank_is_not_it() -> None:
    assert contact_kind("er kwam een brief van de belastingdienst") == LETTER
    assert contact_kind("er belde een man van microsoft") == CALL
    assert Facts().read("ik heb de bank al gebeld").contact is None
    assert Facts(contact=LETTER).read("er belde iemand").contact == LETTER


def turn(text: str, intent: str, ranking: list[tuple[str, float]], button: bool = False) -> Turn:
    return Turn(intent=intent, text="" if button else text, is_button=button, ranking=ranking)


def test_a_short_follow_up_stays_in_the_case() -> None:
    follow_up = turn(
        "ze vroeg of ik een rekening kon betalen, 780 euro",
        "money_mule",
        [("money_mule", 0.6), ("friend_in_need", 0.3)],
    )
    assert decide("friend_in_need", follow_up).scam_type == "friend_in_need"
    assert decide("friend_in_need", follow_up).new_case is False


def test_a_clearly_new_story_starts_a_new_case() -> None:
    story = turn(
        "nog iets anders: vorige week belde iemand van de Rabobank die zei dat mijn geld naar "
        "een veilige rekening moest",
        "bank_helpdesk_fraud",
        [("bank_helpdesk_fraud", 0.8), ("friend_in_need", 0.01)],
    )
    decision = decide("phishing_message", story)
    assert decision.scam_type == "bank_helpdesk_fraud" and decision.new_case


def test_a_chosen_button_starts_that_case() -> None:
    chosen = turn("/sextortion", "sextortion", [("sextortion", 1.0)], button=True)
    assert decide("phishing_message", chosen).new_case


def test_damage_and_trick_in_one_message_names_the_trick() -> None:
    both = Turn(
        intent="already_paid",
        text="ik heb 600 euro overgemaakt naar mijn dochter met een nieuw nummer",
        is_button=False,
        ranking=[("already_paid", 0.99), ("friend_in_need", 0.0076)],
        types=[("friend_in_need", 0.9), ("none", 0.08)],
    )
    assert decide(None, both).scam_type == "friend_in_need"
    only_damage = Turn(
        intent="already_paid",
        text="ik heb betaald",
        is_button=False,
        ranking=[("already_paid", 0.99)],
        types=[("none", 0.95), ("webshop_fraud", 0.03)],
    )
    assert decide(None, only_damage).scam_type is None


def test_the_description_grows_with_the_case() -> None:
    assert (
        merged_description("hoi mam", "ze vroeg 780 euro", False) == "hoi mam / ze vroeg 780 euro"
    )
    assert merged_description("hoi mam", "iets heel anders", True) == "iets heel anders"


def test_both_heads_agreeing_weakly_still_name_the_trick() -> None:
    weak = Turn(
        intent="already_paid",
        text="iemand heeft mijn kleinzoon gespeeld op whatsapp en ik heb 1400 euro overgemaakt",
        is_button=False,
        ranking=[("already_paid", 0.93), ("friend_in_need", 0.06), ("marketplace_fraud", 0.004)],
        types=[("none", 0.61), ("friend_in_need", 0.23)],
    )
    assert decide(None, weak).scam_type == "friend_in_need"
    disagree = Turn(
        intent="already_paid",
        text="ik heb 500 euro overgemaakt",
        is_button=False,
        ranking=[("already_paid", 0.99), ("webshop_fraud", 0.0000022)],
        types=[("none", 0.9), ("investment_fraud", 0.03)],
    )
    assert decide(None, disagree).scam_type is None

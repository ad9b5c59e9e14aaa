"""The safety net's reading of a life in danger (common/crisis.py)."""

from __future__ import annotations

import pytest

from common.crisis import DANGER_NOW, SUICIDE, detect_crisis


@pytest.mark.parametrize(
    "text",
    [
        "ik wil echt niet meer leven als dit uitkomt",
        "Ik wil niet meer leven",
        "ik wil dood",
        "liever dood dan dat iedereen die foto's ziet",
        "mijn vriendin zei dat ze niet meer wil leven",
        "mijn zoon wil er een eind aan maken",
        "hij zit op zijn kamer en zegt dat hij er een eind aan wil maken",
        "ze zegt net dat ze dood wil als die foto's online komen",
        "ik zie het niet meer zitten, ik wil er niet meer zijn",
        "ik heb zelfmoordgedachten",
        "ik denk aan zelfmoord",
        "ik maak er een einde aan",
        "ik wil niet meer, ik zie geen uitweg",
        "i want to die",
        "IK WIL DOOD",
        "ik wil gewoon niet meer wakker worden",
    ],
)
def test_a_wish_to_die_is_heard(text: str) -> None:
    assert SUICIDE in detect_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik ben doodsbang",
        "ik schrok me dood toen ik het zag",
        "dit is mijn dood niet",
        "ik wil niet dood, ik wil mijn geld terug",
        "ik denk niet aan zelfmoord hoor",
        "ik heb geen zelfmoordgedachten",
        "ik ben doodmoe van al die telefoontjes",
        'hij schreef "je leven is voorbij als je niet betaalt, we maken je kapot"',
        "ik wil niet meer met die man praten",
        "ik wil niet meer betalen",
        "dat is doodgewoon oplichting",
        "",
    ],
)
def test_figures_of_speech_negations_and_quoted_threats_are_not(text: str) -> None:
    assert SUICIDE not in detect_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "er staat een man voor mijn deur die mijn pas wil",
        "die koerier staat nu voor de deur en wil mijn pinpas hebben",
        "die man van de bank staat nu voor mijn deur om mijn pas op te halen",
        "hij dreigt me iets aan te doen, hij is hier",
        "ik ben nu in gevaar",
    ],
)
def test_danger_now_is_heard(text: str) -> None:
    assert DANGER_NOW in detect_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "er is een pakket bij de deur bezorgd",
        "de koerier komt morgen een pakket bij de deur brengen",
        "ze dreigen mijn foto's te delen",
        "een man belde aan de deur vorige week",
    ],
)
def test_no_danger_now(text: str) -> None:
    assert DANGER_NOW not in detect_crisis(text)

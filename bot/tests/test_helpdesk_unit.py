"""Helpdesk pieces without Rasa or a database: opening hours, the erasure and consent
phrases, masking (text and logs) and defanging links."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from bot.helpdesk.cases import consent_answer, erase_requested
from bot.helpdesk.hours import TIMEZONE, HoursError, OpeningHours

UTC = timezone.utc
IBAN = "NL91ABNA0417164300"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- opening hours ----------------------------------------------------------------------
def test_hours_parse_a_range_and_a_single_day() -> None:
    hours = OpeningHours.parse("ma-vr 09:00-17:00; za 10:00-13:00")
    assert hours.periods[:5] == ((time(9), time(17)),) * 5
    assert hours.periods[5] == (time(10), time(13)) and hours.periods[6] is None
    assert hours.as_text() == "ma-vr 09:00-17:00; za 10:00-13:00"
    assert hours.describe() == (
        "maandag tot en met vrijdag van 9.00 tot 17.00 uur en zaterdag van 10.00 tot 13.00 uur"
    )


def test_hours_accept_loose_spelling_and_round_trip() -> None:
    hours = OpeningHours.parse("  MA - WO 9.00 - 12.30 ;; do 13:00-17:00 ; ")
    assert hours.as_text() == "ma-wo 09:00-12:30; do 13:00-17:00"
    assert OpeningHours.parse(hours.as_text()) == hours
    # Separate days with the same period are merged, other days are not.
    assert OpeningHours.parse("ma 09:00-17:00; di 09:00-17:00").as_text() == "ma-di 09:00-17:00"
    assert OpeningHours.parse("ma 09:00-17:00; wo 09:00-17:00").as_text() == (
        "ma 09:00-17:00; wo 09:00-17:00"
    )


def test_hours_describe_three_runs_and_midnight() -> None:
    hours = OpeningHours.parse("ma 09:00-12:00; wo 13:00-17:00; za 20:00-24:00")
    assert hours.describe() == (
        "maandag van 9.00 tot 12.00 uur, woensdag van 13.00 tot 17.00 uur "
        "en zaterdag van 20.00 tot 24.00 uur"
    )
    assert hours.as_text() == "ma 09:00-12:00; wo 13:00-17:00; za 20:00-24:00"
    assert hours.is_open(datetime(2026, 6, 6, 23, 59, 30, tzinfo=TIMEZONE))  # a Saturday


def test_no_hours_at_all() -> None:
    hours = OpeningHours.parse("")
    assert hours.as_text() == ""
    assert hours.describe() == "op dit moment op geen enkele vaste tijd"
    assert not hours.is_open(utc(2026, 6, 3, 10, 0))


def test_is_open_in_amsterdam_time_across_the_dst_changes() -> None:
    weekdays = OpeningHours.parse("ma-vr 09:00-17:00")
    # Summer time starts on Sunday 29 March 2026: 09:00 is 08:00 UTC before, 07:00 UTC after.
    assert not weekdays.is_open(utc(2026, 3, 27, 7, 30))  # Friday 08:30 CET
    assert weekdays.is_open(utc(2026, 3, 27, 8, 0))  # Friday 09:00 CET
    assert weekdays.is_open(utc(2026, 3, 30, 7, 30))  # Monday 09:30 CEST
    assert not weekdays.is_open(utc(2026, 3, 30, 15, 0))  # Monday 17:00 CEST: closed
    assert weekdays.is_open(utc(2026, 3, 30, 14, 59))
    # Winter time again from Sunday 25 October 2026.
    assert weekdays.is_open(utc(2026, 10, 23, 14, 30))  # Friday 16:30 CEST
    assert not weekdays.is_open(utc(2026, 10, 23, 15, 30))  # Friday 17:30 CEST
    assert weekdays.is_open(utc(2026, 10, 26, 15, 30))  # Monday 16:30 CET
    assert not weekdays.is_open(utc(2026, 10, 26, 16, 0))  # Monday 17:00 CET
    assert not weekdays.is_open(utc(2026, 10, 25, 12, 0))  # Sunday


def test_is_open_on_the_night_the_clocks_go_forward() -> None:
    night = OpeningHours.parse("zo 01:00-04:00")
    assert not night.is_open(utc(2026, 3, 28, 23, 30))  # 00:30 CET
    assert night.is_open(utc(2026, 3, 29, 0, 30))  # 01:30 CET
    assert night.is_open(utc(2026, 3, 29, 1, 30))  # 03:30 CEST (02:00 became 03:00)
    assert not night.is_open(utc(2026, 3, 29, 2, 0))  # 04:00 CEST
    # The UTC day is Saturday, the Amsterdam day is Sunday.
    late = OpeningHours.parse("zo 00:00-01:00")
    assert late.is_open(utc(2026, 6, 6, 22, 30))  # Saturday 22:30 UTC = Sunday 00:30 CEST


def test_is_open_takes_any_time_zone() -> None:
    hours = OpeningHours.parse("ma 09:00-10:00")
    new_york = datetime(2026, 6, 1, 3, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert hours.is_open(new_york)  # 07:30 UTC = 09:30 in Amsterdam


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("altijd", "kan ik niet lezen"),
        ("ma-vr", "kan ik niet lezen"),
        ("maandag 09:00-17:00", "kan ik niet lezen"),
        ("ma-vr 9-17", "kan ik niet lezen"),
        ("ma-vr 09:00-17:00, za 10:00-13:00", "kan ik niet lezen"),
        ("vr-ma 09:00-17:00", "de eerste dag moet voor de laatste dag komen"),
        ("ma 17:00-09:00", "het eindtijdstip moet na het begintijdstip komen"),
        ("ma 09:00-09:00", "het eindtijdstip moet na het begintijdstip komen"),
        ("ma 25:00-26:00", "is geen tijd"),
        ("ma 09:60-10:00", "is geen tijd"),
        ("ma 09:00-24:30", "is geen tijd"),
    ],
)
def test_unreadable_hours_give_a_dutch_message(text: str, words: str) -> None:
    with pytest.raises(HoursError) as refused:
        OpeningHours.parse(text)
    assert words in str(refused.value)
    assert isinstance(refused.value, ValueError)  # the console catches ValueError as well


# --- 'verwijder mijn gegevens' ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "verwijder mijn gegevens",
        "Wis mijn gegevens",
        "vergeet mij",
        "Vergeet me",
        "verwijder dit gesprek",
        "kunnen jullie al mijn data verwijderen",
        "Verwijder al mijn gegevens aub",
        "VERWIJDER MIJN GEGEVENS!",
        "wis alles",
        "Kunnen jullie alles wissen?",
        "haal mijn gegevens weg",
        "ik wil dat mijn gegevens gewist worden",
        "verwijder de chat",
        "wissen aub, mijn berichten",
        "Graag mijn persoonsgegevens verwijderen",
        "vergeet alles wat ik heb gezegd",
        "delete my data",
    ],
)
def test_erasure_requests_are_recognised(text: str) -> None:
    assert erase_requested(text)


@pytest.mark.parametrize(
    "text",
    [
        "hallo",
        "",
        "verwijderen",
        "Hoe verwijder ik een app?",
        "Mijn bank belde me",
        "mijn gegevens zijn gestolen",
        # Scam stories that mention deleting or taking something: for the assistant.
        "Ze haalden alles van mijn rekening",
        "Hij liet me AnyDesk verwijderen",
        "Ik heb de app verwijderd, helpt mij dat",
        "Hij zei dat ik alles moest verwijderen",
        "Ik kreeg een sms dat ik mijn bankapp moest verwijderen en opnieuw installeren, "
        "anders zou mijn rekening worden geblokkeerd en mijn gegevens gewist",
        "verwijder mijn gegevens " * 4,  # long: not a short request
    ],
)
def test_stories_are_not_taken_for_erasure_requests(text: str) -> None:
    assert not erase_requested(text)


# --- consent ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ja", True),
        ("Ja hoor", True),
        ("Ja, dat mag!", True),
        ("  ja graag ", True),
        ("Oké.", True),
        ("OK", True),
        ("dat is goed", True),
        ("nee", False),
        ("Nee, liever niet.", False),
        ("nee dank je", False),
        ("niet doen!", False),
        ("ja maar wie leest er mee?", None),
        ("Ja, ik heb 300 euro betaald", None),
        ("misschien", None),
        ("neeee", None),
        ("", None),
    ],
)
def test_typed_consent_answers(text: str, answer: bool | None) -> None:
    assert consent_answer(text) is answer

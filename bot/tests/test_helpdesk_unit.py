"""Helpdesk pieces without Rasa or a database: opening hours, the erasure and consent
phrases, masking (text and logs) and defanging links."""

from __future__ import annotations

import io
import logging
from datetime import datetime, time, timedelta, timezone

import pytest

from bot.console.defang import defang
from bot.helpdesk.cases import consent_answer, erase_requested
from bot.helpdesk.hours import TIMEZONE, HoursError, OpeningHours
from bot.masking import MaskingFilter, install_log_masking
from common.masking import mask

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


# --- masking -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        (f"Mijn IBAN is {IBAN}.", IBAN, "NL91 **** 00"),
        ("Maak over naar NL91 ABNA 0417 1643 00 aub", "0417 1643", "NL91 **** 00"),
        ("iban nl91abna0417164300", "0417164300", "NL91 **** 00"),
        ("Duits: DE89 3704 0044 0532 0130 00", "3704", "DE89 **** 00"),
        ("Bel me op 0612345678", "12345678", "06** *** *78"),
        ("Bel me op 06-12345678", "12345678", "06** *** *78"),
        ("bel 06 1234 5678 nu", "1234 5678", "06** *** *78"),
        ("Mijn nummer: +31 6 12345678", "12345678", "+31** *** *78"),
        ("of +31201234567", "201234567", "+31** *** *67"),
        ("vast: 020-1234567", "1234567", "02** *** *67"),
        ("vast: (010) 123 45 67", "123 45 67", "01** *** *67"),
        ("Mail jan.jansen@example.nl", "jan.jansen@", "j***@example.nl"),
        ("Mail Jan.Jansen+bank@Example.co.uk", "Jansen+bank", "J***@Example.co.uk"),
    ],
)
def test_mask_hides_ibans_phone_numbers_and_email_addresses(
    text: str, gone: str, kept: str
) -> None:
    masked = mask(text)
    assert gone not in masked and kept in masked


@pytest.mark.parametrize(
    "text",
    [
        "Ik heb 300 euro overgemaakt",
        "Ik heb op 3 maart 300 euro overgemaakt, bij 2 banken",
        "€ 1.250,00 betaald",
        "€2500 kwijt",
        "postcode 1234 AB, huisnummer 12",
        "om 14:30 belde hij, in 2024",
        "Ik ben 67 jaar en mijn pincode is 1234",
        "Bel 112 bij gevaar",
        "Gewone tekst zonder nummers, met een e-mail zonder apenstaartje.",
        "",
    ],
)
def test_mask_leaves_ordinary_text_and_short_numbers_alone(text: str) -> None:
    assert mask(text) == text


def test_mask_does_everything_in_one_message() -> None:
    text = f"IBAN {IBAN}, bel 06-12345678 of mail piet@voorbeeld.nl over 300 euro"
    masked = mask(text)
    assert IBAN not in masked and "12345678" not in masked and "piet@" not in masked
    assert "300 euro" in masked and masked.startswith("IBAN NL91 **** 00, bel 06** *** *78")


def _masking_logger(name: str) -> tuple[logging.Logger, list[logging.LogRecord], logging.Handler]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)
            self.format(record)

    handler = Keep()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, records, handler


def test_masking_filter_masks_log_messages_and_arguments() -> None:
    logger, records, handler = _masking_logger("test.masking.messages")
    try:
        logger.info("betaald naar %s, tel %s", IBAN, "06-12345678")
        logger.warning(f"mail van jan.jansen@example.nl over {IBAN}")
        logger.info("niets persoonlijks: %d euro", 300)
    finally:
        logger.removeHandler(handler)
    shown = [handler.format(r) for r in records]
    assert len(shown) == 3
    assert all(IBAN not in s and "12345678" not in s and "jan.jansen@" not in s for s in shown)
    assert shown[0] == "INFO betaald naar NL91 **** 00, tel 06** *** *78"
    assert "j***@example.nl" in shown[1]
    # Records without personal numbers keep their message and arguments.
    assert records[2].msg == "niets persoonlijks: %d euro" and records[2].args == (300,)
    assert shown[2] == "INFO niets persoonlijks: 300 euro"


def test_masking_filter_masks_the_traceback_of_a_logged_exception() -> None:
    logger, records, handler = _masking_logger("test.masking.exceptions")
    try:
        try:
            raise ValueError(f"INSERT failed [parameters: ('{IBAN}', 'jan@example.nl')]")
        except ValueError:
            logger.exception("kon het bericht niet opslaan")
    finally:
        logger.removeHandler(handler)
    shown = handler.format(records[0])
    assert "Traceback" in shown and "INSERT failed" in shown
    assert IBAN not in shown and "jan@example.nl" not in shown
    assert "NL91 **** 00" in shown


def test_masking_filter_with_caplog(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.masking.caplog"):
        logging.getLogger("test.masking.caplog").info(
            "resident schreef: %s", f"mijn rekening {IBAN} en 0612345678"
        )
    assert IBAN not in caplog.text and "0612345678" not in caplog.text
    assert "NL91 **** 00" in caplog.text and "06** *** *78" in caplog.text


def test_install_log_masking_puts_the_filter_on_every_root_handler_once() -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        install_log_masking()
        install_log_masking()
        assert sum(isinstance(f, MaskingFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)


def test_uvicorn_access_log_is_masked_too() -> None:
    access = logging.getLogger("uvicorn.access")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    access.addHandler(handler)
    try:
        install_log_masking()
        access.warning('"GET /c/NL91ABNA0417164300?tel=0612345678 HTTP/1.1" 200')
        assert "NL91ABNA0417164300" not in stream.getvalue()
        assert "0612345678" not in stream.getvalue()
    finally:
        access.removeHandler(handler)


# --- defang ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://x.nl/a", "hxxps://x[.]nl/a"),
        ("http://x.nl", "hxxp://x[.]nl"),
        ("HTTPS://ING.NL/Login", "HxxPS://ING[.]NL/Login"),
        (
            "https://ing-verify.example.com/login?x=1",
            "hxxps://ing-verify[.]example[.]com/login?x=1",
        ),
        ("https%3A//evil.example", "hxxps%3A//evil[.]example"),
        ("ga naar www.ing.nl/inloggen", "ga naar www[.]ing[.]nl/inloggen"),
        ("kijk op ing-verify.com", "kijk op ing-verify[.]com"),
        ("mail jan@example.com", "mail jan[at]example[.]com"),
        ("server 192.168.1.1", "server 192[.]168[.]1[.]1"),
        ("https://1.2.3.4:8080/x", "hxxps://1[.]2[.]3[.]4:8080/x"),
        ("javascript:alert(1)", "javascript[:]alert(1)"),
        ("JaVaScRiPt:alert(1)", "JaVaScRiPt[:]alert(1)"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data[:]text/html;base64,PHNjcmlwdD4="),
        ("mailto:a@b.nl", "mailto[:]a[at]b[.]nl"),
        ("ftp://files.example.org", "ftp[:]//files[.]example[.]org"),
        ("hxxp://bad.example.org", "hxxp://bad[.]example[.]org"),
        # Host names in other scripts, and dots a browser reads as dots.
        ("https://ïng.nl/x", "hxxps://ïng[.]nl/x"),
        ("ráboƅank.nl/inloggen", "ráboƅank[.]nl/inloggen"),
        ("https://ing．verify．com", "hxxps://ing[.]verify[.]com"),
        ("https://ing。nl", "hxxps://ing[.]nl"),
        # Invisible characters a browser drops from a host name, and bidi overrides.
        ("https://ing.n\u200bl/login", "hxxps://ing[.]nl/login"),
        ("ing\u00ad-verify\u200b.com", "ing-verify[.]com"),
        ("factuur\u202efdp.exe", "factuurfdp[.]exe"),
    ],
)
def test_defang_breaks_links(text: str, expected: str) -> None:
    assert defang(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dit is een zin. Nog een zin.",
        "t.a.v. mevrouw Jansen, z.s.m. graag",
        "€ 1.250,00 betaald op 12-03-2024",
        "Gewoon een bericht zonder links",
        "👨\u200d👩\u200d👧 ❤️ groetjes",
        "",
    ],
)
def test_defang_leaves_ordinary_text_alone(text: str) -> None:
    assert defang(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "https://x.nl/a hxxps://y[.]nl jan@example.com javascript:alert(1)",
        "\u202e\u200b\ufeff\u2066ing\u2069.nl \U0001d565\U0001d586\U0001d597 ｈｔｔｐｓ://ｉｎｇ．ｎｌ",
        "𝕵𝖆𝖛𝖆𝖘𝖈𝖗𝖎𝖕𝖙:alert(1) \udcff \x00 \r\n\t" + "a." * 500 + "nl",
        "Z̸̢̛̤͇a̴̬͂l̵̰͊g̶̱̓o̷̟͠.nl",
        "x" * 5000 + ".nl",
        "ا.ب.ت https://مثال.إختبار/",
    ],
)
def test_defang_does_not_crash_and_is_idempotent(text: str) -> None:
    once = defang(text)
    assert defang(once) == once
    assert "https://" not in once.lower() and "javascript:" not in once.lower()

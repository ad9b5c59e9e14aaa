"""Masking (IBANs, phone numbers, e-mail addresses) in the console and the logs, and
defanging links, without a database or Rasa."""

from __future__ import annotations

import io
import logging

import pytest

from bot.console.defang import defang
from bot.masking import MaskingFilter, install_log_masking
from common.masking import mask

IBAN = "NL91ABNA0417164300"


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


@pytest.mark.parametrize(
    ("line", "kept", "gone"),
    [
        ("Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)", "127.0.0.1", None),
        ("Rasa on http://0.0.0.0:5005", "0.0.0.0", None),
        ('83.12.45.201:5512 - "POST /api/conversations HTTP/1.1" 201', None, "83.12.45.201"),
        ("bel 0612345678 vanaf 127.0.0.1", "127.0.0.1", "12345678"),
    ],
)
def test_the_machines_own_address_stays_readable_and_any_other_is_masked(
    line: str, kept: str | None, gone: str | None
) -> None:
    masked = mask(line)
    if kept is not None:
        assert kept in masked
    if gone is not None:
        assert gone not in masked


def test_uvicorns_access_lines_keep_their_arguments_and_are_masked() -> None:
    """uvicorn's access formatter reads its arguments itself: masking must keep them
    arguments (a record without them made every request log a 'Logging error')."""
    from uvicorn.logging import AccessFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test.access.masking")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        args = ("83.12.45.201:5512", "POST", "/api/conversations", "1.1", 201)
        logger.info('%s - "%s %s HTTP/%s" %d', *args)
    finally:
        logger.removeHandler(handler)
    line = stream.getvalue()
    assert '"POST /api/conversations HTTP/1.1" 201' in line
    assert "83.12.45.201" not in line

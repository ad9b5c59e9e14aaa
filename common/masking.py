"""Mask IBANs, phone numbers and e-mail addresses: one set of patterns for both sides.

The hand-off summary (action server), the console's list views, previews and every
log record (gateway) and the warning signs said back to the resident all mask with
these patterns, so a number one side hides is hidden on the other side as well.
Over-masking is the safe side: an IBAN with a typo, or a run of digits phonenumbers
does not take for a valid number, is masked too.

What differs is only how much of a masked value stays visible (``Style``).
"""

from __future__ import annotations

import re
from enum import Enum

import phonenumbers

IBAN_PATTERN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b", re.I)
# Unicode word characters: residents write 'josé@…' as well.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Any run of 8 or more digits (with spaces, dots or dashes) that phonenumbers missed.
DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-()]*\d){7,}")
# This machine's own addresses ('Uvicorn running on http://127.0.0.1:8000'): no one's
# personal data, and a masked one makes the start-up line say the wrong thing. Any
# other address (a resident's, in an access log) is masked like a number.
OWN_ADDRESS = re.compile(r"(?<![\d.])(?:127\.0\.0\.1|0\.0\.0\.0)(?![\d.]*\d)")
_KEPT = "\x00{}\x00"
BULLET = "•"


class Style(Enum):
    """How much of a masked value is still shown."""

    # Stored or shown to someone else (volunteers, coordinators, logs): a fixed shape
    # that hides even the length ('NL91 **** 00', '06** *** *78', 'j***@example.nl').
    RECORD = "record"
    # The resident's own pasted message said back to them in the warning signs: the
    # bank code stays, so they can match the bank the sign names, and the number keeps
    # its layout ('NL91ABNA••••••••00', '06-••••••78', 'j•••@example.nl').
    SHOWN_BACK = "shown_back"


def mask_iban(iban: str, style: Style = Style.RECORD) -> str:
    compact = re.sub(r"\s", "", iban).upper()
    if style is Style.RECORD:
        return f"{compact[:4]} **** {compact[-2:]}"
    if len(compact) <= 10:
        return compact[:4] + BULLET * max(len(compact) - 4, 0)
    return compact[:8] + BULLET * (len(compact) - 10) + compact[-2:]


def mask_phone(number: str, style: Style = Style.RECORD) -> str:
    """All digits of a phone number hidden but the first two and the last two."""
    if style is Style.RECORD:
        digits = re.sub(r"\D", "", number)
        return f"{'+' if number.startswith('+') else ''}{digits[:2]}** *** *{digits[-2:]}"
    positions = [i for i, ch in enumerate(number) if ch.isdigit()]
    hidden = set(positions[2:-2])
    return "".join(BULLET if i in hidden else ch for i, ch in enumerate(number))


def mask_email(address: str, style: Style = Style.RECORD) -> str:
    """The first character and the domain kept (the domain says which service it is)."""
    hidden = "***" if style is Style.RECORD else BULLET * 3
    return address[0] + hidden + "@" + address.rsplit("@", 1)[1]


def mask(text: str, style: Style = Style.RECORD) -> str:
    """The text with IBANs, e-mail addresses and phone numbers masked.

    IBANs go first (their digits would otherwise be read as a phone number), e-mail
    addresses before phone numbers (digits in an address are part of the address).
    Masked text masks to itself: the gateway may mask a summary the action server
    already masked.
    """
    kept = OWN_ADDRESS.findall(text)
    text = OWN_ADDRESS.sub(lambda m: _KEPT.format(""), text)
    text = IBAN_PATTERN.sub(lambda m: mask_iban(m.group(0), style), text)
    text = EMAIL_PATTERN.sub(lambda m: mask_email(m.group(0), style), text)
    spans = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(
            text, "NL", leniency=phonenumbers.Leniency.POSSIBLE
        )
    ]
    for start, end in reversed(spans):
        text = text[:start] + mask_phone(text[start:end], style) + text[end:]
    text = DIGIT_RUN.sub(lambda m: mask_phone(m.group(0), style), text)
    for address in kept:
        text = text.replace(_KEPT.format(""), address, 1)
    return text

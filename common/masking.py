"""Mask IBANs, phone numbers and e-mail addresses in text (privacy by default)."""

from __future__ import annotations

import re

import phonenumbers

IBAN_PATTERN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b", re.I)
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
BULLET = "•"


def mask_iban(iban: str) -> str:
    """Keep country, check digits and bank code; hide the account number but its end."""
    compact = re.sub(r"\s", "", iban).upper()
    if len(compact) <= 10:
        return compact[:4] + BULLET * max(len(compact) - 4, 0)
    return compact[:8] + BULLET * (len(compact) - 10) + compact[-2:]


def mask_digits(number: str) -> str:
    """Hide all digits of a phone number but the first two and the last two."""
    positions = [i for i, ch in enumerate(number) if ch.isdigit()]
    hidden = set(positions[2:-2])
    return "".join(BULLET if i in hidden else ch for i, ch in enumerate(number))


def mask_text(text: str) -> str:
    """The text with IBANs, phone numbers and e-mail addresses masked."""
    text = IBAN_PATTERN.sub(lambda m: mask_iban(m.group(0)), text)
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "NL"))):
        text = text[: match.start] + mask_digits(match.raw_string) + text[match.end :]
    return _EMAIL.sub(lambda m: f"{m.group(1)}{BULLET * 3}@{m.group(2)}", text)

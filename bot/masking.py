"""Mask IBANs, phone numbers and e-mail addresses (list views, previews and logs).

Over-masking is the safe side: an IBAN with a typo or a number phonenumbers
does not recognise as valid is masked as well.
"""

from __future__ import annotations

import logging
import re

import phonenumbers

from common.masking import IBAN_PATTERN

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Any run of 8 or more digits (with spaces, dots or dashes) that phonenumbers missed.
DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-()]*\d){7,}")


def _mask_iban(match: re.Match[str]) -> str:
    compact = match.group(0).replace(" ", "")
    return f"{compact[:4].upper()} **** {compact[-2:]}"


def _mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"{'+' if number.startswith('+') else ''}{digits[:2]}** *** *{digits[-2:]}"


def mask(text: str) -> str:
    """The text with IBANs, e-mail addresses and phone numbers masked."""
    text = IBAN_PATTERN.sub(_mask_iban, text)  # the assistant's pattern (no Rasa import)
    text = EMAIL.sub(lambda m: m.group(0)[0] + "***@" + m.group(0).rsplit("@", 1)[1], text)
    spans = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(
            text, "NL", leniency=phonenumbers.Leniency.POSSIBLE
        )
    ]
    for start, end in reversed(spans):
        text = text[:start] + _mask_phone(text[start:end]) + text[end:]
    return DIGIT_RUN.sub(lambda m: _mask_phone(m.group(0)), text)


class MaskingFilter(logging.Filter):
    """Masks personal numbers in every log record that passes a handler, including the
    traceback of a logged exception (a database error quotes the values it was given)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


# Loggers that bring their own handlers (uvicorn sets them up when it starts).
OWN_HANDLERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def install_log_masking() -> None:
    """Put the masking filter on every handler of the root logger and of uvicorn's
    loggers (call after logging is set up; calling it again adds nothing)."""
    for logger in (logging.getLogger(), *(logging.getLogger(n) for n in OWN_HANDLERS)):
        for handler in logger.handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(MaskingFilter())

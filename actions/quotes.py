"""The message a resident quotes beside their own words ('is dit echt? "..."', 'ik kreeg
dit: ...'): those words are the resident's, the quote the scammer's (the ask-check action
reads the quote; the warning signs and the gateway's waves get it without them)."""

from __future__ import annotations

import re

QUOTE_MIN_WORDS = 5
_QUOTES = re.compile(r"[\"“„«‘']([^\"“”„«»‘’']{10,})[\"”“»’']")
_QUESTION = re.compile(
    r"\b(is|klopt|lijkt)\b\W+(dit|dat|het|deze|die)\W+(\w+\W+){0,2}?(echt|nep|betrouwbaar|"
    r"oplichting|fraude|waar|te vertrouwen|goed|normaal)\b\W*|\b(wat vind je|wat denk je)\b(\W+\w+)"
    r"{0,3}?\W*[?:]?",
    re.I,
)


def quoted_message(text: str) -> str | None:
    """The message a resident quotes or pastes beside their question, if any."""
    quotes = [q.strip() for q in _QUOTES.findall(text) if len(q.split()) >= QUOTE_MIN_WORDS]
    if quotes:
        return max(quotes, key=len)
    rest = _QUESTION.sub(" ", text).strip(" \n:?-")
    if len(rest.split()) >= 2 * QUOTE_MIN_WORDS:
        return rest
    return None


# 'HELP ik kreeg dit: ...', 'Deze sms kreeg ik vanochtend:': the resident's lead-in before a
# pasted message, up to a colon or a line break. Named phrases only: 'Hoi mam, mijn
# telefoon is kapot: ...' is the scammer's own first person.
_LEAD_IN = re.compile(
    r"^(?P<said>.{0,200}?\b(?:ik kreeg|kreeg ik|ik ontving|ontving ik|gekregen|ontvangen|"
    r"dit (?:bericht|sms'?je|appje|mailtje)|deze (?:sms|mail|e-mail|whatsapp|app)|"
    r"is dit echt|klopt dit|wat moet ik)\b[^:\n]{0,40})[:\n]\s*(?P<rest>.+)$",
    re.I | re.S,
)


def after_lead_in(text: str) -> tuple[str, str] | None:
    """(the resident's lead-in, the pasted message after it), if the text has one."""
    match = _LEAD_IN.match(text.strip())
    if match is None or len(match["rest"].split()) < 2 * QUOTE_MIN_WORDS:
        return None
    return match["said"].strip(), match["rest"].strip()

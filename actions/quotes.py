"""The message a resident quotes beside their own question ('is dit echt? "..."'): the
question is the resident's, the quote the scammer's (the ask-check action reads the
quote; the gateway's waves get it without the question)."""

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

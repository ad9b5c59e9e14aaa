"""The glossary of hard words (issue 17, 'Plainer words'): the long or unusual words the
resident-facing texts still use, each with a one-line plain Dutch explanation.

The data is `common/glossary.yml`. The gateway serves it to the widget (GET
/api/glossary), which shows an explanation on tap or focus; the content tests
(tests/test_plain_words.py) read it to check that every word of 13 or more letters in
a resident-facing text has an entry. A word is matched whole, in lower case, against
an entry's `forms` (singular, plural, ...). Letters are counted without hyphens or
apostrophes: 'vriend-in-noodfraude' is one word of 18 letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

GLOSSARY_FILE = Path(__file__).with_name("glossary.yml")

# A word is 13 letters or more: it needs an entry (or plainer words).
LONG_WORD_LETTERS = 13

# A word: letters, joined by hyphens or apostrophes ('e-mailadres', "video's").
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Not words: links, e-mail addresses and bare domains ('fraudehelpdesk.nl').
NOT_WORDS = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|eu|me|net|info|be)\b",
    re.IGNORECASE,
)


class GlossaryError(ValueError):
    """The glossary file breaks one of its rules."""


@dataclass(frozen=True)
class Entry:
    """One hard word: as shown, the forms it matches (lower case), its explanation."""

    term: str
    forms: tuple[str, ...]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {"term": self.term, "forms": list(self.forms), "explanation": self.explanation}


def words(text: str) -> list[str]:
    """The words of a text as written, without links, e-mail addresses and domains."""
    return WORD.findall(NOT_WORDS.sub(" ", text))


def letters(word: str) -> int:
    return sum(1 for ch in word if ch.isalpha())


def long_words(text: str, minimum: int = LONG_WORD_LETTERS) -> list[str]:
    """The words of a text with at least `minimum` letters, in order."""
    return [w for w in words(text) if letters(w) >= minimum]


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    by_form: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_form = {form: entry for entry in self.entries for form in entry.forms}
        object.__setattr__(self, "by_form", by_form)

    def entry_for(self, word: str) -> Entry | None:
        """The entry a word matches (whole word, any case), or None."""
        return self.by_form.get(word.lower())

    def unexplained(self, text: str, minimum: int = LONG_WORD_LETTERS) -> list[str]:
        """Long words of a text that no entry explains."""
        return [w for w in long_words(text, minimum) if self.entry_for(w) is None]

    def to_json(self) -> dict[str, Any]:
        return {"entries": [entry.to_json() for entry in self.entries]}


def _entry(raw: object) -> Entry:
    if not isinstance(raw, dict):
        raise GlossaryError(f"a glossary entry is not a mapping: {raw!r}")
    term, forms, explanation = raw.get("term"), raw.get("forms"), raw.get("explanation")
    if not isinstance(term, str) or not term.strip():
        raise GlossaryError(f"an entry has no term: {raw!r}")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
        raise GlossaryError(f"{term}: forms must be a list of words")
    if any(f != f.lower() or not WORD.fullmatch(f) for f in forms):
        raise GlossaryError(f"{term}: every form is one word in lower case")
    if not isinstance(explanation, str) or not explanation.strip() or "\n" in explanation.strip():
        raise GlossaryError(f"{term}: the explanation is one line of text")
    return Entry(term=term.strip(), forms=tuple(forms), explanation=explanation.strip())


def parse(data: object) -> Glossary:
    """The glossary from its YAML data (`{"entries": [...]}`), checked."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise GlossaryError("the glossary is a mapping with a list of entries")
    entries = tuple(_entry(raw) for raw in data["entries"])
    seen: dict[str, str] = {}
    for entry in entries:
        for form in entry.forms:
            if form in seen:
                raise GlossaryError(f"{form!r} is a form of both {seen[form]} and {entry.term}")
            seen[form] = entry.term
    return Glossary(entries)


@lru_cache(maxsize=1)
def load(path: Path = GLOSSARY_FILE) -> Glossary:
    """The glossary in `common/glossary.yml` (read once)."""
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))

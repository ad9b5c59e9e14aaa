"""Typed answers that name a button: many residents type what a button says.

When the latest bot turn offered buttons, a short typed reply that is a
button's title (ignoring case, punctuation and small typos), its number, a
bare 'ja' or 'nee' on a yes/no question, or 'iets anders' where that is a
button, acts as pressing that button. Longer messages are the resident's own
words and go to the assistant as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

# Longer replies carry more than a choice.
MAX_WORDS = 7
# How alike a typed text and a title must be to count as the title (typos).
TITLE_SIMILARITY = 0.84

NUMBER = "number"
TITLE = "title"
YES_NO = "yes_no"
NONE_OF_THESE = "none_of_these"
PARAPHRASE = "paraphrase"

_ORDINALS = {
    "een": 1,
    "eerste": 1,
    "twee": 2,
    "tweede": 2,
    "drie": 3,
    "derde": 3,
    "vier": 4,
    "vierde": 4,
    "vijf": 5,
    "vijfde": 5,
    "zes": 6,
    "zesde": 6,
}
_NUMBER_WORDS = re.compile(
    r"^(?:(?:optie|keuze|knop|nummer|nr|antwoord|de|het)\s+)*"
    r"(?P<n>\d{1,2}|een|eerste|twee|tweede|drie|derde|vier|vierde|vijf|vijfde|zes|zesde)"
    r"(?:e|de|ste)?(?:\s+(?:optie|keuze|knop|graag|aub|alsjeblieft|dan))*$"
)
YES = frozenset(
    "ja|jawel|jaa|jaaa|jazeker|ja zeker|zeker|ja hoor|ja graag|graag|ja prima|ja dat mag|"
    "dat mag|ja dat is goed|dat is goed|goed|prima|ok|oke|okay|okido|akkoord|klopt|ja klopt|"
    "dat klopt|yes|yep|jep|ja ja|doe maar|ja doe maar|is goed|ja is goed|ja dat klopt|"
    "ja helaas|helaas wel|helaas ja|ja dat heb ik gedaan|ja heb ik|ja dat wel|wel".split("|")
)
NO = frozenset(
    "nee|neen|nee hoor|neej|nope|no|liever niet|nee liever niet|niet doen|nee dank je|"
    "nee dankjewel|nee bedankt|dat mag niet|nee dat mag niet|nog niet|nee nog niet|nee niet|"
    "niet|nooit|nee nooit|nee dat niet|nee heb ik niet|nee niks|niks|niets|nee niets|"
    "nee nog niks|nog niks|nog niets|nee nog niets|helemaal niet|zeker niet|laat maar|"
    "nee laat maar|nee hoeft niet|hoeft niet".split("|")
)
NONE_PHRASES = frozenset(
    "iets anders|anders|geen van deze|geen van alle|geen van allen|geen van beide|geen "
    "van allebei|geen een|geen enkele|niks hiervan|niets hiervan|niks van dit|niets van "
    "dit|dat is het niet|past niet|geen van die|iets heel anders|nee iets anders".split("|")
)
_YES_TITLE = re.compile(r"^(ja|jawel)\b")
_NO_TITLE = re.compile(r"^(nee|neen)\b")
_NONE_TITLE = re.compile(r"^(iets anders|geen van deze)")


@dataclass(frozen=True)
class ButtonMatch:
    button: dict[str, str]
    how: str

    @property
    def payload(self) -> str:
        return str(self.button["payload"])


def normalise(text: str) -> str:
    """Lower case, no accents, words only: 'Ja, dat mag!' -> 'ja dat mag'."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def answer_kind(text: str) -> str | None:
    """'yes', 'no' or 'none' for a bare answer, else None."""
    words = normalise(text)
    if words in YES:
        return "yes"
    if words in NO:
        return "no"
    if words in NONE_PHRASES:
        return "none"
    return None


def _number(words: str) -> int | None:
    match = _NUMBER_WORDS.match(words)
    if not match:
        return None
    value = match.group("n")
    return int(value) if value.isdigit() else _ORDINALS[value]


def _by_title(words: str, buttons: list[dict[str, str]]) -> dict[str, str] | None:
    titles = [normalise(b.get("title", "")) for b in buttons]
    exact = [b for b, t in zip(buttons, titles, strict=True) if t == words]
    if exact:
        return exact[0]
    scored = sorted(
        ((SequenceMatcher(None, words, t).ratio(), i) for i, t in enumerate(titles) if t),
        reverse=True,
    )
    if not scored or scored[0][0] < TITLE_SIMILARITY:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.03:
        return None  # two titles alike: not a clear choice
    return buttons[scored[0][1]]


def yes_no_button(kind: str, buttons: list[dict[str, str]]) -> dict[str, str] | None:
    """The one button that answers yes (or no), by its title."""
    pattern = _YES_TITLE if kind == "yes" else _NO_TITLE
    found = [b for b in buttons if pattern.match(normalise(b.get("title", "")))]
    return found[0] if len(found) == 1 else None


def match_button(text: str, buttons: list[dict[str, str]]) -> ButtonMatch | None:
    """The offered button a short typed reply names, if it names exactly one."""
    if not buttons:
        return None
    words = normalise(text)
    if not words or len(words.split()) > MAX_WORDS:
        return None
    number = _number(words)
    if number is not None:
        return ButtonMatch(buttons[number - 1], NUMBER) if 1 <= number <= len(buttons) else None
    titled = _by_title(words, buttons)
    if titled is not None:
        return ButtonMatch(titled, TITLE)
    kind = answer_kind(text)
    if kind in ("yes", "no"):
        button = yes_no_button(kind, buttons)
        return ButtonMatch(button, YES_NO) if button else None
    if kind == "none":
        found = [b for b in buttons if _NONE_TITLE.match(normalise(b.get("title", "")))]
        return ButtonMatch(found[0], NONE_OF_THESE) if len(found) == 1 else None
    return None


def payload_intent(payload: str) -> str | None:
    """'/shared_details{...}' -> 'shared_details'; None for the gateway's own commands."""
    match = re.match(r"^/(\w+)", payload)
    return match.group(1) if match else None


def by_intent(intent: str, buttons: list[dict[str, str]]) -> ButtonMatch | None:
    """The one offered button the NLU's reading of a paraphrase points to: 'affirm' and
    'deny' answer a yes/no question, any other intent its own '/intent' button."""
    if intent in ("affirm", "deny"):
        button = yes_no_button("yes" if intent == "affirm" else "no", buttons)
        return ButtonMatch(button, PARAPHRASE) if button else None
    found = [b for b in buttons if payload_intent(str(b.get("payload", ""))) == intent]
    return ButtonMatch(found[0], PARAPHRASE) if len(found) == 1 else None

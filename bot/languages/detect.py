"""Is a resident's typed message clearly not Dutch (issue 17)? Then the gateway answers
honestly that the assistant works in Dutch (bot/languages/texts.py) instead of guessing
advice from a language it does not read.

'Clearly' is strict, since a Dutch resident who gets that answer gets no advice. Links,
e-mail addresses and anything with a digit (amounts, IBANs, codes, phone numbers) are
left out first; then:

- A Dutch function word ('ik', 'een', 'mijn', 'niet', 'wat', ...) or a Dutch past
  participle ('gehad', 'geklikt') that the language found does not write itself
  (`DUTCH_WORDS` less `SHARED`) makes the message Dutch: 'ik kreeg dit: Your parcel is
  waiting' is a Dutch message with a pasted English one. Most Dutch messages stop here,
  before the detector is asked.
- Arabic or Cyrillic script: most of the letters are in it (Cyrillic is told apart as
  Ukrainian or Russian by the letters only one of them has, else by the detector;
  Arabic script with Persian letters is not Arabic).
- Latin script: at least MIN_WORDS words and MIN_LETTERS letters, and the detector
  (lingua, from the ten languages of LANGUAGES only) puts one language not Dutch at
  MIN_CONFIDENCE or more and MIN_MARGIN times the next one, and Dutch at MAX_DUTCH or
  less.

German, French, Spanish and Russian are in the detector so that a message in one of them
is not taken for English, Polish or Ukrainian; they are answered in Dutch and English.

The detector is built once per process (`detector()`); lingua loads the models of a
script's languages when a message first needs them (about 1.4 s and 225 MB for the Latin
ones, 270 MB for all ten; the gateway calls `read` in a thread). After that a message
takes about 0.2 ms.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# The languages the detector tells apart, with their BCP 47 tags.
LANGUAGES: dict[Language, str] = {
    Language.DUTCH: "nl",
    Language.ENGLISH: "en",
    Language.TURKISH: "tr",
    Language.ARABIC: "ar",
    Language.POLISH: "pl",
    Language.UKRAINIAN: "uk",
    Language.GERMAN: "de",
    Language.FRENCH: "fr",
    Language.SPANISH: "es",
    Language.RUSSIAN: "ru",
}

MIN_WORDS = 4
MIN_LETTERS = 15
MIN_CONFIDENCE = 0.5
MIN_MARGIN = 2.0
MAX_DUTCH = 0.1
# Arabic or Cyrillic: this share of the letters, and at least this many.
SCRIPT_SHARE = 0.6
MIN_SCRIPT_LETTERS = 4
# Longer messages are judged by their start (the detector's time grows with the text).
READ_CHARS = 1000

_NOT_WORDS = re.compile(r"\S*(?:://|www\.|@)\S*|\S*\w\.\w{2,}\S*|\S*\d\S*")
_WORD = re.compile(r"[^\W\d_]+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# Letters of Persian (and Urdu) that Arabic does not use: پ چ ژ گ ک ی ٹ ڈ ڑ ں ے
_PERSIAN = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06d2]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
# A Dutch past participle: 'gehad', 'gebeld', 'geklikt', 'geïnstalleerd' (German's look
# alike, so this rule is not used for German).
_PARTICIPLE = re.compile(r"ge[^\W\d_]{2,}(?<!e)[dt]")

# Dutch function words and everyday verbs, informal spellings included.
DUTCH_WORDS = frozenset(
    """
    ik mij mijn mn jij jou jouw je u uw hij zij ze wij we jullie hun hem haar ons onze
    iemand niemand iets niets niks alles het een de deze dit dat die welke
    van op met voor naar bij uit aan door tegen over onder om tot zonder na
    en maar of als omdat want dus toen dan
    niet nie geen nog ook al wel nu hier daar er even echt heel erg gewoon misschien toch
    zo weer altijd nooit vandaag gisteren gister morgen
    wat hoe wie waarom waar wanneer
    is ben bent zijn was waren heb hebt heeft hebben had kan kun kunt kunnen moet moeten
    wil wilt zal zou wordt word worden ga gaat gaan doe doet doen gedaan krijg kreeg
    kregen gekregen gebeld belde betaald gestuurd zegt zei weet denk vraag vroeg
    hallo hoi goedemorgen goedemiddag goedenavond dag bedankt dank alsjeblieft
    alstublieft graag nee me nodig kwijt weg
    """.split()
)
# The words of DUTCH_WORDS that a language writes too: they tell nothing about it.
SHARED: dict[str, frozenset[str]] = {
    "en": frozenset(
        "is was had of over door die hem heel even bent ben u word al doe dank na me "
        "hallo we".split()
    ),
    "de": frozenset("die was er hier hallo wie dank tot so weg".split()),
    "fr": frozenset("de en je te dit nu me".split()),
    "es": frozenset("de en van al te dan me".split()),
    "pl": frozenset("je ze na nie u te".split()),
    "tr": frozenset("ben de en hem al te".split()),
}
# English words that Dutch does not write. A message with enough of them (and no Dutch
# word) may be English even when the detector gives Dutch some chance: English shares
# 'bank', 'help', 'man', 'pin', 'code' and 'link' with Dutch.
ENGLISH_WORDS = frozenset(
    """
    i my you your the to and it this that with from have has got think what are can for
    not did does don someone please they them their there been said says should would
    """.split()
)
ENGLISH_SHARE = 0.3
MAX_DUTCH_ENGLISH = 0.3
# Dutch whatever the other language: one of these and the detector is not asked.
ONLY_DUTCH = DUTCH_WORDS.difference(*SHARED.values())


@dataclass(frozen=True)
class Verdict:
    """`language`: the BCP 47 tag of the language the message is clearly written in,
    when that is not Dutch; None when it is Dutch or not clear. `why`: for the tests and
    the log ('script' or 'detector', or why not)."""

    language: str | None
    why: str


_built: list[LanguageDetector] = []
_building = threading.Lock()


def detector() -> LanguageDetector:
    """The detector of LANGUAGES, built once per process (its models load when needed)."""
    with _building:
        if not _built:
            _built.append(LanguageDetectorBuilder.from_languages(*LANGUAGES).build())
        return _built[0]


def not_dutch(text: str) -> str | None:
    """The tag of the language a message is clearly written in, if that is not Dutch."""
    return read(text).language


def read(text: str) -> Verdict:
    words = _WORD.findall(_NOT_WORDS.sub(" ", text[:READ_CHARS]))
    if not words:
        return Verdict(None, "no words")
    lowered = [word.lower() for word in words]
    if any(word in ONLY_DUTCH for word in lowered):
        return Verdict(None, "dutch words")
    joined = " ".join(words)
    letters = sum(len(word) for word in words)
    arabic, cyrillic = len(_ARABIC.findall(joined)), len(_CYRILLIC.findall(joined))
    if arabic >= max(MIN_SCRIPT_LETTERS, SCRIPT_SHARE * letters):
        found, why = ("fa" if _PERSIAN.search(joined) else "ar"), "script"
    elif cyrillic >= max(MIN_SCRIPT_LETTERS, SCRIPT_SHARE * letters):
        found, why = _cyrillic(joined), "script"
    elif len(words) < MIN_WORDS or letters < MIN_LETTERS:
        return Verdict(None, "short")
    else:
        values = detector().compute_language_confidence_values(joined)
        top, runner_up = values[0], values[1]
        dutch = next(v.value for v in values if v.language == Language.DUTCH)
        if top.language == Language.DUTCH or dutch > _max_dutch(top.language, lowered):
            return Verdict(None, "dutch")
        if top.value < max(MIN_CONFIDENCE, MIN_MARGIN * runner_up.value):
            return Verdict(None, "unsure")
        found, why = LANGUAGES[top.language], "detector"
    if dutch_words(lowered, found):
        return Verdict(None, "dutch words")
    return Verdict(found, why)


def dutch_words(lowered: list[str], language: str) -> list[str]:
    """The (lowercased) words of a message that Dutch writes and `language` does not."""
    shared = SHARED.get(language, frozenset())
    found = [word for word in lowered if word in DUTCH_WORDS and word not in shared]
    if language != "de":
        found += [word for word in lowered if _PARTICIPLE.fullmatch(word)]
    return found


def _max_dutch(top: Language, lowered: list[str]) -> float:
    english = sum(word in ENGLISH_WORDS for word in lowered)
    if top == Language.ENGLISH and english >= ENGLISH_SHARE * len(lowered):
        return MAX_DUTCH_ENGLISH
    return MAX_DUTCH


def _cyrillic(text: str) -> str:
    ukrainian, russian = bool(_UKRAINIAN_ONLY.search(text)), bool(_RUSSIAN_ONLY.search(text))
    if ukrainian != russian:
        return "uk" if ukrainian else "ru"
    confidence = {v.language: v.value for v in detector().compute_language_confidence_values(text)}
    return "uk" if confidence[Language.UKRAINIAN] >= confidence[Language.RUSSIAN] else "ru"

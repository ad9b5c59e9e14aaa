"""The safety net: a life in danger, read from a resident's words.

Plain data and regular expressions, no framework: the gateway reads it in every
conversation state (with the assistant, waiting for or with a volunteer), so
that such a message gets 113 Zelfmoordpreventie (and 112 when life is in danger
now) first. Reported speech counts ('mijn vriendin zei dat ze niet meer wil
leven'): the resident may be telling about a child or a friend. A threat the
resident quotes from a scammer ('je leven is voorbij') is not the resident's
wish to die, and 'doodsbang' or 'ik schrok me dood' are figures of speech.
Erring on the side of 113 is cheap; missing it is not, so the patterns are wide
and only clear negations ('ik denk niet aan zelfmoord') are left out.
"""

from __future__ import annotations

import re

from common.damage import normalise

SUICIDE = "suicide"
DANGER_NOW = "danger_now"

_SUICIDE_PATTERNS = [
    # 'ik wil niet meer leven', 'ze wil echt niet meer leven als dit uitkomt'
    r"\b(wil|wilt|willen|wou|wilde)\b(\W+\w+){0,3}?\W+niet meer\W+(\w+\W+){0,2}?(leven|bestaan|"
    r"verder|wakker worden)\b",
    r"\bniet meer (willen |wil |wilt |wilde |wou |zou willen )?(leven|bestaan)\b",
    r"\b(liever|beter) dood\b",
    r"\b(wil|wilt|willen|wou|wilde)\b(\W+\w+){0,3}?\W+(dood|sterven|er niet meer zijn|"
    r"er niet meer wezen)\b",
    r"\b(wil|wilt|wilde|ga|gaat|zal|denk|dacht)\b(\W+\w+){0,4}?\W+(er|het)\W+(\w+\W+){0,2}?"
    r"(een )?(eind|einde) aan\W+(\w+\W+){0,2}?(maken|te maken)\b",
    r"\b(maak|maakt|maken)\b(\W+\w+){0,3}?\W+(er|het)\W+(\w+\W+){0,2}?(een )?(eind|einde) aan\b",
    # 'dat hij er een eind aan wil maken'
    r"\b(er|het)\W+(\w+\W+){0,2}?(eind|einde) aan\W+(\w+\W+){0,2}?(maken|maakt|maak|te maken)\b",
    r"\bdood (wil|wilt|willen|wilde|wou)\b",
    r"\b(mezelf|mijzelf|zichzelf|hemzelf|haarzelf)\b(\W+\w+){0,3}?\W+(iets aan\W+(te )?doen|"
    r"van kant\W+(te )?maken|ophangen|doodmaken|dood maken|om het leven\W+(te )?brengen)\b",
    r"\b(zelfmoord|zelfdoding|suicide|suicidaal|suicidale|zelfmoordgedachte\w*|zelf ?moord)\b",
    r"\bvoor de trein\W+(springen|spring|te springen)\b",
    r"\bvan (een|het|de) (flat|dak|brug)\W+(\w+\W+){0,2}?(springen|te springen|spring)\b",
    r"\bpillen\W+(\w+\W+){0,3}?(innemen|slikken|nemen) en\b",
    r"\b(leven|het) heeft (voor mij |voor hem |voor haar )?geen zin meer\b",
    r"\b(ik|hij|ze|zij) zie[t]? (het )?(echt )?geen uitweg\b",
    r"\b(ik|hij|ze|zij) (zie|ziet) het niet meer zitten\b",
    r"\b(kill myself|want to die|end my life|don'?t want to live|suicidal)\b",
]
# A clear 'no' to the thought itself: 'ik denk niet aan zelfmoord', 'geen zelfmoordgedachten',
# 'ik wil niet dood', 'niet suicidaal'.
_DENIED = re.compile(
    r"\b(niet|geen|nooit)\W+(\w+\W+){0,2}?(aan )?(zelfmoord\w*|suicidaal|dood)\b"
    r"|\bgeen (zelfmoordgedachte\w*|zelfmoord)\b"
)
_PERSON = (
    r"(hij|zij|ze|iemand|een man|een vrouw|die man|die vrouw|die vent|een meneer|een mevrouw|"
    r"twee mannen|mannen|de oplichter|(de|die|een|deze) (man|vrouw|koerier|meneer|mevrouw|vent|"
    r"jongen|persoon|oplichter|medewerker))"
)
_DANGER_PATTERNS = [
    # Someone at the door or in the house now.
    rf"\b{_PERSON}\b(\W+\w+){{0,4}}?\W+(staat|staan|is|zijn|zit|zitten|wacht|wachten)"
    rf"\W+(\w+\W+){{0,3}}?(voor|aan|bij|in) (mijn|m'n|mn|de|onze|ons|het) (deur|huis|voordeur)\b",
    rf"\b(staat|staan|wacht|wachten)\W+(nu |er nu |hier |er )?{_PERSON}\b(\W+\w+){{0,2}}?\W+"
    r"(voor|aan|bij) (mijn|m'n|mn|de|onze|ons) (deur|huis|voordeur)\b",
    rf"\b{_PERSON}\b(\W+\w+){{0,2}}?\W+(staat|is|zit|zijn|staan)\W+(nu )?(hier|binnen|"
    r"in (mijn|m'n|mn|ons) huis)\b",
    # Threatened with violence now.
    r"\b(bedreigt|bedreigen|bedreigd|dreigt|dreigen)\b(\W+\w+){0,4}?\W+(mes|pistool|wapen|"
    r"vermoorden|doodmaken|iets aan te doen|pijn te doen|in elkaar)\b",
    r"\b(slaat|sloeg|schopt|duwt) (me|mij|ons)\b",
    r"\b(ben|zijn|is) (nu )?in (direct |acuut )?gevaar\b",
    r"\bin levensgevaar\b",
]
_SUICIDE = [re.compile(p) for p in _SUICIDE_PATTERNS]
_DANGER = [re.compile(p) for p in _DANGER_PATTERNS]
# Quoted text a resident pasted: threats written by a scammer, not the resident's words.
_QUOTED = re.compile(r"\"[^\"]{12,}\"|“[^”]{12,}”|„[^”“]{12,}[”“]|«[^»]{12,}»|'[^']{40,}'")
_FIGURES_OF_SPEECH = re.compile(
    r"\b(doodsbang|doodmoe|doodop|doodziek|doodnerveus|schrok me dood|schrik me dood|"
    r"mijn dood niet|lachen me dood|verveel me dood|dood van schrik|doodgewoon|doodleuk)\b"
)


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def detect_crisis(text: str | None) -> list[str]:
    """SUICIDE and/or DANGER_NOW when the text says a life is in danger."""
    if not text or not text.strip():
        return []
    norm = _FIGURES_OF_SPEECH.sub(" ", _unquoted(normalise(text)))
    found: list[str] = []
    for pattern in _SUICIDE:
        match = pattern.search(norm)
        if match and not _DENIED.search(norm[max(0, match.start() - 30) : match.end()]):
            found.append(SUICIDE)
            break
    if any(pattern.search(norm) for pattern in _DANGER):
        found.append(DANGER_NOW)
    return found

"""Links and IBANs that OCR split or misread, put right, with a list of what changed
(the resident sees it: nothing is changed behind their back).

- Links: spaces around the dots and slashes of a web address ('postnl. nl',
  'https: //'), and 'rn' read for 'm' or 'vv' for 'w' where the repaired name is a
  word the text itself or a known organisation uses ('rnijn-ing' -> 'mijn-ing').
- IBANs: letters read for digits (O for 0, l for 1, S for 5, B for 8) and the other way
  round in the bank code, tried until schwifty accepts the checksum. An IBAN that no
  such repair makes valid is left as it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

TLDS = (
    "com|nl|net|org|info|eu|be|de|uk|fr|online|shop|site|store|xyz|top|app|me|co|io|"
    "biz|live|club|link|click|icu|vip|support|services|help|page|digital|cloud|email"
)
# 'postnl. nl', 'postnl .nl' (lower case only: 'hier. Nl' starts a sentence). Only
# endings that are no Dutch word after an abbreviation ('bijv. de', 'nl. de', 'ca. me').
SPACED_TLDS = "com|nl|net|org|info|online|shop|site|store|xyz|app|live|club|click|icu|vip"
SPACED_DOT = re.compile(
    rf"\b([a-z0-9-]{{3,}})\s*\.\s+({SPACED_TLDS})\b|\b([a-z0-9-]{{3,}})\s+\.\s*({SPACED_TLDS})\b"
)
# 'rabo- scannerupdate.nl': a link broken at its hyphen and read as two words.
SPACED_HYPHEN = re.compile(rf"\b([a-z0-9]+-)\s+((?:[a-z0-9-]+\.)+(?:{TLDS}))\b")
SPACED_SCHEME = re.compile(r"\b(https?)\s*:\s*/\s*/\s*", re.I)
SPACED_WWW = re.compile(r"\bwww\s*[.,]\s*(?=[a-z0-9])", re.I)
HOST = re.compile(rf"\b((?:[a-z0-9-]+\.)+(?:{TLDS}))\b", re.I)
# Words organisations and scammers put in web addresses.
URL_WORDS = frozenset(
    "mijn mail mobiel melding mededeling klant klanten online omgeving betaling betalen "
    "bevestig bevestigen controle verificatie veilig veiligheid nieuw nieuwe pas passen "
    "rekening account login inloggen bank service support help helpdesk update web www "
    "toeslagen belasting bezorging bezorgen pakket pakketten zending track verzending "
    "ing rabobank abnamro sns asnbank regiobank triodos knab bunq postnl dhl dpd gls ups "
    "digid mijnoverheid cjib kpn ziggo tikkie marktplaats vinted bol microsoft apple "
    "whatsapp eneco vattenfall essent energie terugbetaling teruggave premie "
    "maand termijn geld retour formulier aanvraag".split()
)
MISREADS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
IBAN_LOOSE = re.compile(
    r"\b([A-Z]{2})\s?([0-9OoIlSB]{2})((?:\s?[A-Z0-9Ool|]{4}){2,7}(?:\s?[A-Z0-9Ool|]{1,3})?)(?![\w|])"
)
AS_DIGIT = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "G": "6",
    }
)
AS_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"})


@dataclass
class Repaired:
    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)


def repair(text: str) -> Repaired:
    result = Repaired(text)
    _links(result)
    _hosts(result)
    _ibans(result)
    return result


def _sub(result: Repaired, pattern: re.Pattern[str], replace) -> None:  # type: ignore[no-untyped-def]
    def one(match: re.Match[str]) -> str:
        new = replace(match)
        if new != match[0]:
            result.changes.append((match[0].strip(), new.strip()))
        return new

    result.text = pattern.sub(one, result.text)


def _links(result: Repaired) -> None:
    _sub(result, SPACED_SCHEME, lambda m: f"{m[1].lower()}://")
    _sub(result, SPACED_WWW, lambda m: "www.")
    _sub(result, SPACED_DOT, lambda m: f"{m[1] or m[3]}.{m[2] or m[4]}")
    _sub(result, SPACED_HYPHEN, lambda m: f"{m[1]}{m[2]}")


def _known_words(text: str) -> set[str]:
    return URL_WORDS | {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


def _hosts(result: Repaired) -> None:
    known = _known_words(result.text)

    def fix(match: re.Match[str]) -> str:
        host = match[1]
        parts = re.split(r"([.-])", host)
        fixed = [_label(part, known) for part in parts]
        return "".join(fixed)

    _sub(result, HOST, fix)


def _label(label: str, known: set[str]) -> str:
    lower = label.lower()
    if lower in URL_WORDS or len(lower) < 3:
        return label
    for wrong, right in MISREADS:
        if wrong in lower:
            candidate = lower.replace(wrong, right)
            if candidate in known:
                return candidate
    return label


def _ibans(result: Repaired) -> None:
    _sub(result, IBAN_LOOSE, lambda m: _iban(m[0]))


def _iban(read: str) -> str:
    compact = re.sub(r"\s", "", read)
    if _valid(compact):
        return read
    for candidate in _iban_candidates(compact):
        if _valid(candidate):
            return " ".join(candidate[i : i + 4] for i in range(0, len(candidate), 4))
    return read


def _iban_candidates(compact: str) -> list[str]:
    country, check, rest = compact[:2], compact[2:4].translate(AS_DIGIT), compact[4:]
    options = []
    if country == "NL" and len(rest) == 14:
        # NL: four letters of the bank, ten digits of the account.
        options.append(rest[:4].translate(AS_LETTER) + rest[4:].translate(AS_DIGIT))
    options.append(rest.translate(AS_DIGIT))
    options.append(rest)
    # Never other check digits: that would make a misread account number look valid.
    return [country + check + option for option in options]


def _valid(compact: str) -> bool:
    try:
        IBAN(compact)
    except SchwiftyException:
        return False
    return True

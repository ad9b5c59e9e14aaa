"""Recognise damage that already happened in a resident's own words.

Urgent first: money paid, codes/PIN/login given, DigiD given, remote access
allowed, a bank card handed over or a WhatsApp code given. Detection is by
patterns on the normalised text with a simple negation check ('ik heb NIET
betaald'), independent of the NLU intent, so that damage mentioned anywhere in
a message is never missed.
"""

from __future__ import annotations

import re
import unicodedata

from common.damage_patterns import (
    ACCOUNT_CODE,
    BANK_DETAILS,
    CARD_HANDED,
    DID_IT,
    DIGID,
    PAID,
    PATTERNS,
    REMOTE_ACCESS,
    REQUESTS,
)

# Order in which urgent advice is given: danger at the door and an intruder on
# the computer first, then the bank.
DAMAGE_ORDER: tuple[str, ...] = (
    CARD_HANDED,
    REMOTE_ACCESS,
    PAID,
    BANK_DETAILS,
    DIGID,
    ACCOUNT_CODE,
)

DAMAGE_LABELS: dict[str, str] = {
    PAID: "geld betaald of overgemaakt",
    BANK_DETAILS: "bankgegevens, codes of pincode gegeven",
    DIGID: "DigiD-gegevens gegeven",
    REMOTE_ACCESS: "toegang op afstand gegeven",
    CARD_HANDED: "bankpas meegegeven",
    ACCOUNT_CODE: "verificatiecode (WhatsApp e.d.) gegeven",
}

# What a scam message claims, not what the resident did.
_NOT_DAMAGE = re.compile(
    r"te ?veel betaald|already paid\?|\b(hij|zij|men|iemand) betaald (mijn|je|jouw|de|het|voor)\b"
)
# A participle followed by 'worden' describes what should happen, not what did.
_FUTURE_PASSIVE = re.compile(r"^\s+(mag |moet |moeten |zal |zullen |kan |gaat )?(te )?worden\b")
_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in PATTERNS.items()}
_REQUESTED = {kind: [re.compile(p) for p in patterns] for kind, patterns in REQUESTS.items()}
_DID_IT = re.compile(DID_IT)

_ACCOUNT_CONTEXT = re.compile(
    r"\b(whatsapp|whats app|whatsap|watsapp|wattsapp|app|6 cijfers|zes cijfers|6-cijferige|"
    r"zescijferige|verificatiecode|registratiecode|sms-code|smscode|sms|instagram|insta|"
    r"facebook|snapchat|tiktok|telegram|gmail|hotmail|outlook|account|contacten)\b"
)
# Apps whose own codes are meant ('whatsapp', not the word 'app' alone).
_NAMED_ACCOUNT = re.compile(
    r"\b(whatsapp|whats app|whatsap|watsapp|wattsapp|instagram|insta|facebook|snapchat|tiktok|"
    r"telegram|gmail|hotmail|outlook)\b"
)
_BANK_CONTEXT = re.compile(
    r"\b(bank\w*|pincode|pinkode|pin|pas|pasnummer|scanner|rekening\w*|ing|rabo\w*|abn|sns|"
    r"bunq|belfius|kbc|itsme|kaartlezer|digipass|visa|creditcard|internetbankieren)\b"
)
_REMOTE_CONTEXT = re.compile(r"\b(anydesk|any desk|teamviewer|team viewer|quick ?support)\b")
# A pasted message in the formal 'u' with no word of the resident's own: the scammer
# claims things ('uw betaling is voldaan', 'uw pas wordt opgehaald'), nobody did them.
_FORMAL = re.compile(r"\b(u|uw)\b")
_FIRST_PERSON = re.compile(r"\b(ik|mij|me|mijn|m'n|mn|we|wij)\b")
# 'ik had bijna betaald', 'als ik mijn DigiD had gegeven': nearly, or only imagined.
_NEARLY = re.compile(
    r"\b(had|hadden|was|zou|zouden)\b(\W+\w+){0,3}?\W+bijna\b|\bbijna\W+(had|was)\b"
)
_IMAGINED = re.compile(
    r"^\W*(als|stel dat|wat als|wat gebeurt er als|kan|kunnen|mag|zou|is het erg als)\b"
    r"|\bvolgens\b|\b(zegt|zei|beweert|beweerde|claimt)\W+(\w+\W+){0,2}?dat\W+ik\b"
)
# 'mijn rekening wordt leeggehaald als ...': a threat of what will happen.
_FUTURE_BEFORE = re.compile(r"\b(wordt|worden|zal|zullen|gaat|gaan)\W+(\w+\W+){0,3}?$")
# Money that came in ('er is geld op mijn rekening gestort') is not money paid.
_RECEIVED = re.compile(r"\bop (mijn|m'n|mn|onze) rekening (gestort|gezet|overgemaakt)\b")
# Details of a card, not the card itself ('alle gegevens van mijn visa kaart gegeven').
_CARD_DETAILS = re.compile(r"\b(gegevens|nummer|nummers|foto|code|cijfers) van (mijn|m'n|de)\W*$")
_WANTED = re.compile(
    r"\b(wilde|wou|wilden|vroeg|vroegen|wil|willen|vraagt|vragen|eiste|eisen)\b\W+"
    r"(\w+\W+){0,2}?(dat|of)\W+(ik|we|wij|hij|zij|ze)\b"
)
_GIFT_CARD = re.compile(
    r"\b(cadeaukaart\w*|cadeaubon\w*|giftcard\w*|gift card\w*|paysafe\w*|tegoedbon\w*|"
    r"(google ?play|itunes|steam|apple|bol)\W+(\w+\W+)?(kaart\w*|bon\w*|codes?))\b"
)
_NEGATION = re.compile(
    r"\b(niet|nie|niks|niets|geen|nooit|niemand|never|not|didn't|didnt|nothing|no)\b"
)
_CLAUSE_BREAK = re.compile(r"[.!?;,:\n]|\b(maar|but|want|toen|daarna|omdat|alleen)\b")
NEGATION_WINDOW = 5


def normalise(text: str) -> str:
    """Lower-case, strip accents (geïnstalleerd -> geinstalleerd), fold spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"[ \t]+", " ", text.lower())


def _negated(text: str, start: int) -> bool:
    """Is there a negation in the same clause within a few words before `start`?"""
    before = text[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    words = clause.split()[-NEGATION_WINDOW:]
    return any(_NEGATION.fullmatch(w.strip("'\"()")) for w in words)


def _negated_inside(match_text: str) -> bool:
    """A negation in the last clause of the match itself ('inloggen, ik heb niets ingevuld')."""
    clause = _CLAUSE_BREAK.split(match_text)[-1]
    return any(_NEGATION.fullmatch(w.strip("'\"()")) for w in clause.split())


def _wanted_only(text: str, start: int) -> bool:
    """'hij wilde dat ik een programma installeerde': asked for, not (yet) done."""
    before = text[max(0, start - 40) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    return bool(_WANTED.search(clause))


def _clause_before(text: str, start: int) -> str:
    return _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1]


def _counts(text: str, match: re.Match[str], kind: str = "") -> bool:
    clause = _clause_before(text, match.start())
    if _NEARLY.search(clause) or _IMAGINED.search(clause) or _FUTURE_BEFORE.search(clause):
        return False
    if kind == PAID and _RECEIVED.search(text[max(0, match.start() - 30) : match.end() + 5]):
        return False
    if kind == CARD_HANDED and _CARD_DETAILS.search(
        text[max(0, match.start() - 30) : match.start()]
    ):
        return False
    return not (
        _wanted_only(text, match.start())
        or _negated(text, match.start())
        or _negated_inside(match.group(0))
        or _FUTURE_PASSIVE.match(text[match.end() : match.end() + 30])
        or _NOT_DAMAGE.search(text[max(0, match.start() - 10) : match.end() + 10])
    )


def _matches(kind: str, text: str) -> bool:
    return any(
        _counts(text, match, kind)
        for pattern in _COMPILED[kind]
        for match in pattern.finditer(text)
    )


def _done_as_asked(text: str) -> set[str]:
    """'hij vroeg om de code voor te lezen, en dat heb ik gedaan': the request was done."""
    did = _DID_IT.search(text)
    if did is None or _negated(text, did.start()) or _negated_inside(did.group(0)):
        return set()
    before = text[: did.start()]
    return {
        kind
        for kind, patterns in _REQUESTED.items()
        if any(pattern.search(before) for pattern in patterns)
    }


def detect_damage(text: str | None) -> list[str]:
    """Kinds of damage the text says already happened, in urgent order."""
    if not text or not text.strip():
        return []
    norm = normalise(text)
    if _FORMAL.search(norm) and not _FIRST_PERSON.search(norm):
        return []
    found = {kind for kind in _COMPILED if _matches(kind, norm)} | _done_as_asked(norm)
    if REMOTE_ACCESS in found and _REMOTE_CONTEXT.search(norm) and not _BANK_CONTEXT.search(norm):
        found.discard(BANK_DETAILS)  # the code of AnyDesk itself, not a bank code
    if BANK_DETAILS in found and _GIFT_CARD.search(norm) and not _BANK_CONTEXT.search(norm):
        # The codes of gift cards bought for the scammer: that is money paid.
        found.discard(BANK_DETAILS)
        found.add(PAID)
    if BANK_DETAILS in found:
        if _ACCOUNT_CONTEXT.search(norm) and not _BANK_CONTEXT.search(norm):
            found.discard(BANK_DETAILS)
            found.add(ACCOUNT_CODE)
        elif DIGID in found and not _BANK_CONTEXT.search(norm):
            found.discard(BANK_DETAILS)
    if ACCOUNT_CODE in found and DIGID in found and not _NAMED_ACCOUNT.search(norm):
        found.discard(ACCOUNT_CODE)  # DigiD's own sms code
    return [kind for kind in DAMAGE_ORDER if kind in found]


def default_damage_for(intent: str, scam_type: str | None) -> str | None:
    """The damage a bare 'already_paid' / 'shared_details' implies."""
    if intent == "already_paid":
        return PAID
    if intent == "shared_details":
        if scam_type == "tech_support_scam":
            return REMOTE_ACCESS
        if scam_type == "account_takeover":
            return ACCOUNT_CODE
        return BANK_DETAILS
    return None


def order_damage(kinds: set[str] | list[str]) -> list[str]:
    return [kind for kind in DAMAGE_ORDER if kind in set(kinds)]


_DIGID_WORD = re.compile(r"\bdigi ?d\b")


def about_digid(text: str | None) -> bool:
    """The text names DigiD (a case's earlier messages, the organisation named)."""
    return bool(text) and bool(_DIGID_WORD.search(normalise(text or "")))


def in_digid_case(kinds: list[str], text: str | None, digid_case: bool) -> list[str]:
    """Damage read in the light of a DigiD case: 'ik heb mijn inloggegevens gegeven' after
    a fake DigiD message gave DigiD's login, not the bank's (calling the bank would be the
    wrong urgent step); an sms code given there is DigiD's own. A bank or an app named
    in the same message keeps its own reading."""
    norm = normalise(text or "")
    if not (digid_case or _DIGID_WORD.search(norm)) or _BANK_CONTEXT.search(norm):
        return kinds
    found = set(kinds)
    if BANK_DETAILS in found:
        found.discard(BANK_DETAILS)
        found.add(DIGID)
    if ACCOUNT_CODE in found and not _NAMED_ACCOUNT.search(norm):
        found.discard(ACCOUNT_CODE)
        found.add(DIGID)
    return order_damage(found)

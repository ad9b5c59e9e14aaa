"""Facts about a case that change the advice, read from the resident's own words.

What the resident already did (called the bank, blocked the card, only clicked),
that nothing happened yet ('ik heb nog niet betaald'), how they paid, and which
account was taken over. Plain regular expressions, no framework: the action
server uses them to keep a case across turns and not to ask what was told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.damage import normalise

# Things already done.
BANK_CALLED = "bank_called"
CARD_BLOCKED = "card_blocked"
POLICE_REPORTED = "police_reported"
CLICKED = "clicked"
DIGID_STOPPED = "digid_stopped"

# How the money went.
BANK_TRANSFER = "bank_transfer"
CREDIT_CARD = "credit_card"
GIFT_CARD = "gift_card"
CRYPTO = "crypto"
CASH = "cash"
# Payments the resident's bank may still stop or claw back.
BANK_PAYMENTS = frozenset({BANK_TRANSFER})
# Payments nobody can reverse: stop paying, keep the codes, report.
IRREVERSIBLE = frozenset({GIFT_CARD, CRYPTO, CASH})

# Accounts that can be taken over.
WHATSAPP = "whatsapp"
INSTAGRAM = "instagram"
FACEBOOK = "facebook"
EMAIL = "email"
DIGID = "digid"
PLATFORMS: tuple[str, ...] = (WHATSAPP, INSTAGRAM, FACEBOOK, EMAIL, DIGID)

_NEG = r"(niet|nie|niks|niets|geen|nooit|nog niet)"
_BANK = r"(bank|ing|rabo\w*|abn( amro)?|sns|asn|knab|bunq|triodos|regiobank|fraudeafdeling)"
_DONE_PATTERNS: dict[str, list[str]] = {
    # The resident called their own bank (not: 'er belde iemand van de bank').
    BANK_CALLED: [
        rf"\b{_BANK}\b(\W+\w+){{0,5}}?\W+(al|ook|net|meteen|direct|zelf|gelijk|toen|daarna)"
        r"\W+(\w+\W+){0,2}?(gebeld|opgebeld|ingelicht|gesproken|gemaild)\b",
        rf"\b(ik|we|wij)\W+(heb|hebben|had|hadden)\W+(\w+\W+){{0,3}}?{_BANK}\W+(\w+\W+){{0,3}}?"
        r"(gebeld|opgebeld|ingelicht|gesproken)\b",
        rf"\b(ik|we|wij)\W+(belde|belden)\W+(\w+\W+){{0,3}}?(de|mijn|m'n|mn|onze) {_BANK}\b",
        rf"\b{_BANK}\b(\W+\w+){{0,3}}?\W+(weet|weten) (het|ervan|al)\b",
    ],
    CARD_BLOCKED: [
        r"\b(pas|pasje|bankpas|kaart|creditcard|rekening|betaalpas)\b(\W+\w+){0,4}?\W+"
        r"(al |net |laten )?(geblokkeerd|blokkeren laten|laten blokkeren|gesperd|afgesloten)\b",
        r"\b(geblokkeerd|laten blokkeren)\b(\W+\w+){0,3}?\W+(pas|bankpas|kaart|rekening)\b",
    ],
    POLICE_REPORTED: [
        r"\b(aangifte|melding)\b(\W+\w+){0,3}?\W+(gedaan|gemaakt|ingediend)\b",
        r"\b(politie)\b(\W+\w+){0,3}?\W+(al |net )?(gebeld|ingelicht|geweest)\b",
        r"\bal (bij|naar) de politie\b",
    ],
    CLICKED: [
        r"\b(geklikt|klikte|aangeklikt|gedrukt op|tikte op|getikt op)\b",
        r"\b(op|naar)\b(\W+\w+){0,3}?\W+(link|linkje)\b(\W+\w+){0,2}?\W+(gegaan|geweest)\b",
        r"\berop (geklikt|gedrukt|getikt)\b",
        r"\b(op|naar) (de|die|een|het|dat)? ?(link|linkje|knop|knopje)\W+(\w+\W+){0,1}?"
        r"(gedrukt|geklikt|getikt|gegaan)\b",
        r"\b(link|linkje)\b(\W+\w+){0,3}?\W+(geopend|aangeklikt|geklikt)\b",
    ],
    DIGID_STOPPED: [
        r"\bdigi ?d\b(\W+\w+){0,3}?\W+(al |net |laten )?(gestopt|geblokkeerd|opgezegd|"
        r"laten stoppen|verwijderd|ingetrokken)\b",
    ],
}
# 'Nothing happened yet': the resident answers the triage question before it is asked.
# In their own voice ('ik heb nog niet betaald', 'maar niks ingevuld'), not in a relative
# clause ('mails die ik niet zelf heb verstuurd') or a quoted 'nog niet betaald'.
_NOT_YET_VERBS = (
    r"(betaald|betaalt|overgemaakt|overgeboekt|gestuurd|gestort|ingevuld|ingevult|gegeven|"
    r"gedaan|ingelogd|geinstalleerd|geklikt|gereageerd|opgestuurd|verstuurd|doorgegeven|"
    r"aangeklikt|geopend|teruggebeld|ingelegd|geinvesteerd|geinvesteert|overgezet)"
)
_NOT_YET = [
    rf"\bnog (niet|niks|niets|geen \w+)\b(\W+\w+){{0,3}}?\W+{_NOT_YET_VERBS}\b",
    rf"(?<!die )(?<!dat )(?<!wat )\b(ik|we|wij)\W+(heb|hebben|had|hadden)\W+(\w+\W+){{0,2}}?"
    rf"(niet|niks|niets|geen \w+)\W+(\w+\W+){{0,2}}?{_NOT_YET_VERBS}\b",
    rf"\b(maar|en|nee|ook) (niks|niets|geen \w+)\W+(\w+\W+){{0,1}}?{_NOT_YET_VERBS}\b",
    rf"^\W*(niks|niets|nee|nog niks|nog niets)\W+(\w+\W+){{0,1}}?{_NOT_YET_VERBS}\b",
    r"\b(nog )?(niks|niets) (mee )?gedaan\b",
    # 'ook geen bankgegevens hoor': the thing not given, without a verb.
    r"\b(geen|nooit)\W+(\w+\W+){0,1}?(bankgegevens|gegevens|codes?|pincode|wachtwoord|"
    r"inloggegevens|geld|cent|euro)\b(?!\W+(\w+\W+){0,3}?(maar|wel)\b)",
]
_PAYMENT_PATTERNS: dict[str, str] = {
    GIFT_CARD: r"\b(cadeaukaart\w*|cadeaubon\w*|giftcard\w*|gift card\w*|paysafe\w*|"
    r"tegoedbon\w*|itunes ?kaart\w*|google ?play ?kaart\w*|steam ?kaart\w*|bol ?cadeau\w*|"
    r"waardebon\w*|vouchers?|neosurf|tegoedkaart\w*|beltegoed)\b",
    CRYPTO: r"\b(bitcoins?|btc|crypto\w*|ethereum|usdt|tether|bitvavo|coinbase|binance|"
    r"wallet|bitcoinautomaat|bitcoin ?atm)\b",
    CREDIT_CARD: r"\b(creditcard\w*|credit card|visa|mastercard|american express|amex|"
    r"kaartnummer|cvc)\b",
    CASH: r"\b(contant|contanten|cash|baar geld)\b",
    BANK_TRANSFER: r"\b(overgemaakt|overgeboekt|overboeking|ideal|tikkie\w*|betaalverzoek|"
    r"rekeningnummer|iban|bankrekening|overgezet|bank-app|bankapp|betaallink)\b",
}
_PLATFORM_PATTERNS: dict[str, str] = {
    INSTAGRAM: r"\b(instagram|insta|ig-account|ig account)\b",
    FACEBOOK: r"\b(facebook|fb|messenger)\b",
    WHATSAPP: r"\b(whatsapp|whats app|whatsap|watsapp|wattsapp|app-account)\b",
    EMAIL: r"\b(e-?mail|mail|hotmail|gmail|outlook|ziggo-mail|kpn-mail|inbox|mailbox)\w*\b",
    DIGID: r"\bdigi ?d\b",
}
_CLAUSE = re.compile(r"[.!?;,:\n]|\b(maar|want|toen|daarna|omdat)\b")
_FORMAL = re.compile(r"\b(u|uw)\b")
_FIRST_PERSON = re.compile(r"\b(ik|mij|me|mijn|m'n|mn|we|wij|ons|onze)\b")
_COMPILED_DONE = {k: [re.compile(p) for p in ps] for k, ps in _DONE_PATTERNS.items()}
_COMPILED_NOT_YET = [re.compile(p) for p in _NOT_YET]
_COMPILED_PAYMENT = {k: re.compile(p) for k, p in _PAYMENT_PATTERNS.items()}
_COMPILED_PLATFORM = {k: re.compile(p) for k, p in _PLATFORM_PATTERNS.items()}
_NEGATED_DONE = re.compile(rf"\b{_NEG}\b(\W+\w+){{0,3}}?\W*$")


def _first_kind(patterns: dict[str, re.Pattern[str]], text: str | None) -> str | None:
    """The first kind (in the table's order) whose pattern the text matches."""
    if not text:
        return None
    norm = normalise(text)
    return next((kind for kind, pattern in patterns.items() if pattern.search(norm)), None)


def already_done(text: str | None) -> list[str]:
    """What the resident says they already did ('ik heb de bank al gebeld')."""
    if not text:
        return []
    norm = normalise(text)
    found = []
    for kind, patterns in _COMPILED_DONE.items():
        for pattern in patterns:
            match = pattern.search(norm)
            if match and not _negated(norm, match):
                found.append(kind)
                break
    return found


def _negated(text: str, match: re.Match[str]) -> bool:
    before = _CLAUSE.split(text[max(0, match.start() - 25) : match.start()])[-1]
    inside = match.group(0)
    return bool(_NEGATED_DONE.search(before)) or bool(re.search(rf"\b{_NEG}\b", inside))


def nothing_yet(text: str | None) -> bool:
    """'ik heb nog niet betaald', 'niks ingevuld': the resident says no damage is done."""
    if not text:
        return False
    norm = normalise(text)
    if _FORMAL.search(norm) and not _FIRST_PERSON.search(norm):
        return False  # a pasted 'uw boete is nog niet betaald' is the scammer speaking
    return any(p.search(norm) for p in _COMPILED_NOT_YET)


def payment_method(text: str | None) -> str | None:
    """How the resident paid, if the text says so (the first match in this order)."""
    return _first_kind(_COMPILED_PAYMENT, text)


def platform(text: str | None) -> str | None:
    """Which account the text is about: Instagram, Facebook, WhatsApp, e-mail or DigiD."""
    return _first_kind(_COMPILED_PLATFORM, text)


# How the scam reached the resident, where that changes the closing line.
CALL = "call"
LETTER = "letter"
_CONTACT_PATTERNS: dict[str, str] = {
    LETTER: r"\b(brief|briefje|per post|in de brievenbus|op papier|aangetekend|acceptgiro)\b",
    CALL: r"\b(belde|belden|gebeld|opgebeld|telefoontje|aan de lijn|beller|aan de telefoon|"
    r"hing op|ophangen|opgehangen|voicemail|ingesproken)\b",
}
_COMPILED_CONTACT = {k: re.compile(p) for k, p in _CONTACT_PATTERNS.items()}


def contact_kind(text: str | None) -> str | None:
    """LETTER or CALL when the text says the scam came on paper or by phone."""
    return _first_kind(_COMPILED_CONTACT, text)


@dataclass(frozen=True)
class Facts:
    """What is known of the case's circumstances: steps taken, payment, account, contact."""

    done: tuple[str, ...] = ()
    payment: str | None = None
    platform: str | None = None
    contact: str | None = None

    def read(self, text: str | None) -> Facts:
        """These facts updated with what the resident's new message says."""
        done = tuple(dict.fromkeys([*self.done, *already_done(text)]))
        # 'ik heb de bank al gebeld' says nothing of how the scam came.
        called_back = BANK_CALLED in done or POLICE_REPORTED in done
        return Facts(
            done=done,
            payment=payment_method(text) or self.payment,
            platform=platform(text) or self.platform,
            contact=self.contact or (None if called_back else contact_kind(text)),
        )

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

PAID = "paid"
BANK_DETAILS = "bank_details"
DIGID = "digid"
REMOTE_ACCESS = "remote_access"
CARD_HANDED = "card_handed"
ACCOUNT_CODE = "account_code"

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

_GIVEN = (
    r"(gegeven|ingevuld|ingevoerd|ingetypt|ingetikt|ingetoetst|ingegeven|doorgegeven|gestuurd|"
    r"doorgestuurd|opgestuurd|verteld|gezegd|opgegeven|genoemd|gedeeld|voorgelezen|afgegeven|"
    r"gescand|gezet|getypt|gegeve|ingevult|ingevoert|gestuurt|doorgegeve|gave|entered|sent|"
    r"shared|typed|told)"
)
_SECRET = (
    r"(pincode|pin|pin-code|inlog\w*|wachtwoord\w*|paswoord|codes?|identificatiecode|"
    r"inlogcode|bevestigingscode|beveiligingscode|responscode|signeercodes?|sms-code|smscode|"
    r"scanner|creditcard\w*|cvc\w*|kaartnummer|pas ?nummer|kaartgegevens|gebruikersnaam|"
    r"bankgegevens|rekeninggegevens|gegevens|cijfers achter\w*|password|details|login|"
    r"card number)"
)
_INSTALLED = (
    r"(geinstalleerd|geinstaleerd|gedownload|gedownloaded|installeerde|downloadde|"
    r"opgezet|op gezet|gezet|aangezet|installed|downloaded)"
)
_REMOTE_APP = (
    r"(anydesk|any desk|teamviewer|team viewer|quick ?support|rustdesk|supremo|ultraviewer)"
)
_DEVICE = r"(computer|laptop|pc|telefoon|mobiel|scherm|tablet|ipad|zaakcomputer)"
_CARD = r"(bankpas|pinpas|betaalpas|bankkaart|pas|pasje|kaart|creditcard)"

_PATTERNS: dict[str, list[str]] = {
    PAID: [
        r"\bover ?ge(maakt|maak|maakd|boekt|schreven|schreve|stort)\b",
        r"\bovergemaakt\b",
        r"\bover ?gezet\b",
        r"\b(naar|op) (een|de|die|hun|zijn) (veilige |nieuwe |andere )?(rekening|kluisrekening)"
        r"\W+(gezet|gestort|overgezet|gezet|gedaan)\b",
        r"\b\d+([.,]\d+)*\s*(euro|eur|€)?\s*(kwijt|armer|weg|lichter)\b",
        r"\b(geld|euro)\b(\W+\w+){0,2}?\W+af\W+(van|vanaf)\W+(mijn|m'n|mn|me|onze)\W+rekening\b",
        r"\bbetaald\b",
        r"\b(heb|hebben|had|heeft|al)\b(\W+\w+){0,6}?\W+betaalt\b",
        r"\b(maakte|boekte|schreef)\b(\W+\w+){0,6}?\W+over\b",
        r"\bgestort\b",
        r"\bafgeschreven\b",
        r"\bvoldaan\b",
        r"\b(gepaid|paid|transferred|gesent)\b",
        r"\b(sent|gesent|send)\b(\W+\w+){0,2}?\W+(money|bitcoins?|crypto|euro|\d+)\b",
        r"\b(betaling|transactie|overboeking)\b(\W+\w+){0,3}?\W+(gedaan|uitgevoerd|deed)\b",
        r"\b(deed|heb gedaan)\b(\W+\w+){0,2}?\W+(betaling|overboeking)\b",
        r"\bvan (mijn|m'n|mn|onze|zijn|haar) rekening (gehaald|afgehaald|gehaalt)\b",
        r"\bsaldo\b(\W+\w+){0,2}?\W+leeg\b",
        r"\bcontant geld\b(\W+\w+){0,3}?\W+(meegegeven|gegeven|afgegeven)\b",
        r"\b(geld|spaargeld|centen)\W+weg\b",
        r"\b(geld|spaargeld|centen)\W+(is|zijn|was|werd)\W+(\w+\W+){0,2}?(weg|kwijt|gestolen|"
        r"verdwenen)\b",
        r"\b(ben|zijn|is)\b(\W+\w+){0,4}?\W+(geld|spaargeld|euro)\W+kwijt\b",
        r"\brekening\b(\W+\w+){0,2}?\W+(is|werd|was)\W+(leeg|leeggehaald|geplunderd|leeggeroofd)\b",
        r"\b(hebben|heeft|hebben ze|heeft hij)\b(\W+\w+){0,3}?\W+(leeggehaald|leeggeroofd)\b",
        r"\b(geld|bitcoins?|crypto|euro|cadeaukaart(en)?|giftcards?|paysafe\w*|tegoedbon\w*)\b"
        r"(\W+\w+){0,3}?\W+(gestuurd|opgestuurd|verstuurd|overgemaakt|gestort|betaald)\b",
        r"\b(cadeaukaart(en)?|giftcards?|paysafe\w*)\b(\W+\w+){0,4}?\W+gekocht\b",
        r"\b(i|we) (have |already )?(paid|transferred|sent (the |them |him |her )?money)\b",
    ],
    CARD_HANDED: [
        rf"\b{_CARD}\b(\W+\w+){{0,6}}?\W+(meegegeven|afgegeven|opgehaald|meegenomen|overhandigd|"
        rf"gegeven aan|uitgeleend|verkocht|afgestaan)\b",
        # 'mijn bankpas aan een man gegeven', 'mn pas aan iemand gegeven voor 200 euro'
        # 'iemand bood 200 euro voor mijn bankpas en ik heb hem al gegeven'
        rf"\b{_CARD}\b(\W+\w+){{0,8}}?\W+(heb|had|hebben)\W+(ik\W+)?(hem|die|het|em)\W+"
        rf"(\w+\W+){{0,2}}?(gegeven|meegegeven|afgegeven|opgestuurd|gestuurd|uitgeleend|"
        rf"verkocht)\b",
        rf"\b{_CARD}\b(\W+\w+){{0,2}}?\W+aan\W+(\w+\W+){{0,5}}?(gegeven|gegeve|gegeeven)\b",
        rf"\b(koerier|iemand|man|vrouw)\b(\W+\w+){{0,6}}?\W+{_CARD}\b(\W+\w+){{0,3}}?\W+"
        rf"(opgehaald|meegenomen)\b",
        r"\bin een envelop\W+(gedaan|gestopt|gestoken)\b",
        rf"\b(langs geweest|langsgekomen|kwam langs)\b(\W+\w+){{0,3}}?\W+{_CARD}\b",
        rf"\b(kwam|is gekomen)\b(\W+\w+){{0,4}}?\W+{_CARD}\b(\W+\w+){{0,2}}?\W+(halen|ophalen)\b",
    ],
    REMOTE_ACCESS: [
        rf"\b{_REMOTE_APP}\b(\W+\w+){{0,6}}?\W+{_INSTALLED}\b",
        rf"\b{_INSTALLED}\b(\W+\w+){{0,6}}?\W+{_REMOTE_APP}\b",
        rf"\b(app|programma|programmaatje|software|appje)\b(\W+\w+){{0,5}}?\W+{_INSTALLED}\b",
        rf"\b{_INSTALLED}\b(\W+\w+){{0,3}}?\W+(app|programma|programmaatje|software|appje)\b",
        rf"\b(meegekeken|meekeek|overgenomen)\b(\W+\w+){{0,6}}?\W+{_DEVICE}\b",
        rf"\b{_DEVICE}\b(\W+\w+){{0,5}}?\W+(meegekeken|overgenomen|bediend)\b",
        r"\btoegang\W+(gegeven|gekregen|verleend)\b",
        r"\blaten meekijken\b",
        r"\b(had|kreeg|heeft|hadden|kregen)\W+(\w+\W+){0,2}?toegang\b",
        r"\bscherm\b(\W+\w+){0,2}?\W+gedeeld\b",
        rf"\b(zit|zitten|zat|zaten|kwam|kwamen|kon|konden)\b(\W+\w+){{0,2}}?\W+(op|in|bij)\W+"
        rf"(mijn|m'n|mn|onze|zijn|haar)\W+{_DEVICE}\b",
        rf"\bliet\b(\W+\w+){{0,4}}?\W+op\W+(mijn|m'n|mn|onze|zijn|haar)\W+{_DEVICE}\b",
        r"\b(gave|given|gaf)\b(\W+\w+){0,2}?\W+remote access\b",
    ],
    DIGID: [
        rf"\bdigi ?d\b(\W+\w+){{0,6}}?\W+({_GIVEN[1:-1]}|ingelogd|inloggen gedaan)\b",
        r"\b(ingelogd|logde in|ingevuld|ingevult)\b(\W+\w+){0,5}?\W+digi ?d\b",
    ],
    BANK_DETAILS: [
        rf"\b{_SECRET}\b(\W+\w+){{0,9}}?\W+{_GIVEN}\b",
        r"\b(die|dat|deze)\W+(heb|had)\W+(ik|hij|zij)\W+(\w+\W+){0,2}?(gegeven|ingevuld|"
        r"doorgegeven|doorgestuurd|verteld|gezegd|ingetypt)\b",
        rf"\b(gaf|gaven|gegeven|give|gave|typed|entered)\b(\W+\w+){{0,4}}?\W+{_SECRET}\b",
        r"\b(ingelogd|logde in|inlogde|logged in)\b(\W+\w+){0,6}?\W+"
        r"(link|site|pagina|website|nepsite)\b",
        r"\b(link|site|pagina|website|nepsite)\b(\W+\w+){0,6}?\W+(ingelogd|inlogde|logde)\b",
        r"\b(scanner|pas)\b(\W+\w+){0,4}?\W+(gebruikt|gescand)\b",
        r"\b(goedgekeurd|bevestigd|geaccordeerd)\b(\W+\w+){0,6}?\W+(app|bankapp|bank-app|"
        r"vingerafdruk|face ?id)\b",
        r"\b(app|appje|bankapp|bank-app)\b(\W+\w+){0,4}?\W+(goedgekeurd|bevestigd|geaccordeerd)\b",
    ],
}
# What a scam message claims, not what the resident did.
_NOT_DAMAGE = re.compile(
    r"te ?veel betaald|already paid\?|\b(hij|zij|men|iemand) betaald (mijn|je|jouw|de|het|voor)\b"
)
# A participle followed by 'worden' describes what should happen, not what did.
_FUTURE_PASSIVE = re.compile(r"^\s+(mag |moet |moeten |zal |zullen |kan |gaat )?(te )?worden\b")
_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in _PATTERNS.items()}

_ACCOUNT_CONTEXT = re.compile(
    r"\b(whatsapp|whats app|app|6 cijfers|zes cijfers|6-cijferige|verificatiecode|sms-code|"
    r"smscode|instagram|insta|facebook|snapchat|tiktok|account)\b"
)
_BANK_CONTEXT = re.compile(r"\b(bank|pincode|pin|pas|scanner|rekening|ing|rabo\w*|abn|sns)\b")
_WANTED = re.compile(
    r"\b(wilde|wou|wilden|vroeg|vroegen|wil|willen|vraagt|vragen|eiste|eisen)\b\W+"
    r"(\w+\W+){0,2}?(dat|of)\W+(ik|we|wij|hij|zij|ze)\b"
)
_GIFT_CARD = re.compile(
    r"\b(cadeaukaart\w*|cadeaubon\w*|giftcard\w*|gift card\w*|paysafe\w*|tegoedbon\w*|"
    r"(google ?play|itunes|steam|apple|bol)\W+(\w+\W+)?(kaart\w*|bon\w*|codes?))\b"
)
_NEGATION = re.compile(r"\b(niet|nie|niks|niets|geen|nooit|never|not|didn't|didnt|nothing|no)\b")
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


def _counts(text: str, match: re.Match[str]) -> bool:
    return not (
        _wanted_only(text, match.start())
        or _negated(text, match.start())
        or _negated_inside(match.group(0))
        or _FUTURE_PASSIVE.match(text[match.end() : match.end() + 30])
        or _NOT_DAMAGE.search(text[max(0, match.start() - 10) : match.end() + 10])
    )


def _matches(kind: str, text: str) -> bool:
    return any(
        _counts(text, match) for pattern in _COMPILED[kind] for match in pattern.finditer(text)
    )


def detect_damage(text: str | None) -> list[str]:
    """Kinds of damage the text says already happened, in urgent order."""
    if not text or not text.strip():
        return []
    norm = normalise(text)
    found = {kind for kind in _COMPILED if _matches(kind, norm)}
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

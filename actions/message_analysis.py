"""Warning signs in a suspicious message a resident pasted or described.

Names signs; never concludes that a message without signs is fine. Links are
reduced to their registered domain (common/link_facts.py), phone numbers are
parsed with phonenumbers, IBANs are validated with schwifty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from common.damage import normalise
from common.link_facts import (
    HELPLINE_NUMBERS,
    ODD_SUFFIXES,
    SHORTENERS,
    hosts,
    imitated_brand,
    registered_domain,
)
from common.masking import IBAN_PATTERN, Style, mask_iban, mask_phone

__all__ = ["Sign", "analyse", "imitated_brand", "worth_listing"]

URGENCY_WORDS: tuple[str, ...] = (
    "binnen 24 uur",
    "binnen 48 uur",
    "binnen 12 uur",
    "binnen 2 dagen",
    "vandaag nog",
    "onmiddellijk",
    "zo snel mogelijk",
    "laatste herinnering",
    "laatste kans",
    "laatste waarschuwing",
    "uiterlijk",
    "verloopt",
    "verlopen",
    "spoed",
    "dringend",
    "per direct",
    "direct",
    "voor middernacht",
    "nu nog",
    "asap",
    "urgent",
)
THREAT_WORDS: tuple[str, ...] = (
    "deurwaarder",
    "incasso",
    "beslag",
    "geblokkeerd",
    "blokkeren",
    "afgesloten",
    "boete",
    "aanmaning",
    "rechtszaak",
    "gerechtelijke",
    "extra kosten",
    "verhoogd",
    "strafrechtelijk",
    "arrestatie",
    "aanhouding",
    "openbaar maken",
    "verspreiden",
    "opgeschort",
    "verwijderd",
    "account wordt",
)
CODE_REQUEST = re.compile(
    r"\b(log (?:nu )?in|inloggen|login|bevestig (?:uw|je) gegevens|verifieer|verificatie|"
    r"pincode|wachtwoord|inlogcode|(?:de |uw |je )?code|gegevens (?:bijwerken|controleren|"
    r"aanvullen|verifi\w+)|identificeer|identificatie|vul (?:uw|je) gegevens)\b"
)
PAYMENT_REQUEST = re.compile(
    r"(\bbetaal\b|\bbetalen\b|\bovermaken\b|\bmaak\b.{0,30}\bover\b|openstaand bedrag|"
    r"verzendkosten|betaalverzoek|tikkie|€\s?\d|\d\s?euro\b|bitcoin)"
)
NEW_NUMBER = re.compile(
    r"(nieuw(e)? nummer|ander nummer|telefoon (is )?kapot|mobiel (is )?kapot|"
    r"sla (dit|mijn) (nieuwe )?nummer op|oude nummer|new number)"
)
# Money promised, not asked: a refund, an allowance, a prize. Not 'you must pay'.
REFUND_LURE = re.compile(
    r"\b(teruggave|terugbetaling|terug ?storting|restitutie|recht op|u ontvangt|je ontvangt|"
    r"jij ontvangt|uitbetaling|uitbetaald|tegoed|te veel betaald|geld terug|gewonnen|prijs)\b"
)
PAY_VERB = re.compile(r"\b(betaal|betalen|overmaken|voldoen|voldoe)\b|\bmaak\b.{0,30}\bover\b")
# A supplier's or landlord's account that 'changed': not a new phone number.
CHANGED_IBAN = re.compile(
    r"\b(rekeningnummer|iban|bankrekening|bankgegevens|betaalgegevens)\b.{0,50}"
    r"\b(gewijzigd|veranderd|aangepast|nieuw|vervangen)\b"
    r"|\bnieuwe? (rekeningnummer|iban|bankrekening|bankgegevens)\b"
)
PHONE_WORDS = re.compile(r"\b(telefoon|mobiel|gsm|whatsapp|appen|app|sim)\b")
QR_CODE = re.compile(r"\bqr[- ]?code\b|\bscan (de|deze) code\b")
PASTE_OPENERS = re.compile(
    r"^\s*(beste|geachte|hoi|hey|hallo|dag|dear|let op|uw |je |attentie|waarschuwing|"
    r"herinnering|melding|laatste)\b",
    re.I,
)


@dataclass(frozen=True)
class Sign:
    """One warning sign: the response that names it, and its slot values."""

    response: str
    values: dict[str, str] = field(default_factory=dict)


def _link_signs(host: str) -> list[Sign]:
    registered, _label, suffix = registered_domain(host)
    shown = registered.replace(".", "[.]")
    signs = [Sign("utter_sign_link", {"domain": shown})]
    if registered in SHORTENERS:
        signs.append(Sign("utter_sign_shortener", {"domain": shown}))
    if "xn--" in host or any(ord(ch) > 127 for ch in host):
        signs.append(Sign("utter_sign_punycode", {"domain": shown}))
    brand = imitated_brand(host)
    if brand:
        signs.append(Sign("utter_sign_lookalike", {"domain": shown, "brand": brand}))
    elif suffix.split(".")[-1] in ODD_SUFFIXES and registered not in SHORTENERS:
        signs.append(Sign("utter_sign_odd_domain", {"domain": shown}))
    return signs


def _phone_signs(text: str) -> list[Sign]:
    signs: list[Sign] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        number = match.number
        national = phonenumbers.national_significant_number(number)
        if ("0" + national) in HELPLINE_NUMBERS or national in HELPLINE_NUMBERS:
            continue
        shown = mask_phone(match.raw_string, Style.SHOWN_BACK)
        signs.append(Sign("utter_sign_phone", {"number": shown}))
        region = phonenumbers.region_code_for_number(number)
        if region and region != "NL":
            signs.append(Sign("utter_sign_phone_foreign", {"number": shown}))
        if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.PREMIUM_RATE:
            signs.append(Sign("utter_sign_phone_premium", {"number": shown}))
    return signs


def _iban_signs(text: str) -> list[Sign]:
    signs: list[Sign] = []
    for match in IBAN_PATTERN.finditer(text):
        raw = match.group(0)
        shown = mask_iban(raw, Style.SHOWN_BACK)
        try:
            iban = IBAN(raw)
        except SchwiftyException:
            signs.append(Sign("utter_sign_iban_invalid", {"iban": shown}))
            continue
        bank = iban.bank_name or "onbekende bank"
        signs.append(Sign("utter_sign_iban", {"iban": shown, "bank": bank}))
        if iban.country_code != "NL":
            signs.append(Sign("utter_sign_iban_foreign", {"iban": shown}))
    return signs


def _found_words(norm: str, words: tuple[str, ...]) -> list[str]:
    found = [w for w in words if re.search(rf"\b{re.escape(w)}\b", norm)]
    return [w for w in found if not any(w != other and w in other for other in found)]


def analyse(text: str | None) -> list[Sign]:
    """All warning signs in the text, links first."""
    if not text or not text.strip():
        return []
    norm = normalise(text)
    signs: list[Sign] = []
    for host in hosts(text):
        signs.extend(_link_signs(host))
    signs.extend(_phone_signs(text))
    signs.extend(_iban_signs(text))
    urgency = _found_words(norm, URGENCY_WORDS)
    if urgency:
        signs.append(Sign("utter_sign_urgency", {"words": "’, ‘".join(urgency[:2])}))
    threats = _found_words(norm, THREAT_WORDS)
    if threats:
        signs.append(Sign("utter_sign_threat", {"words": "’, ‘".join(threats[:2])}))
    if CODE_REQUEST.search(norm):
        signs.append(Sign("utter_sign_code_request"))
    refund = REFUND_LURE.search(norm)
    if refund:
        signs.append(Sign("utter_sign_refund"))
    if PAYMENT_REQUEST.search(norm) and (not refund or PAY_VERB.search(norm)):
        signs.append(Sign("utter_sign_payment_request"))
    changed_iban = CHANGED_IBAN.search(norm)
    if changed_iban:
        signs.append(Sign("utter_sign_changed_iban"))
    if NEW_NUMBER.search(norm) and (not changed_iban or PHONE_WORDS.search(norm)):
        signs.append(Sign("utter_sign_new_number"))
    if QR_CODE.search(norm):
        signs.append(Sign("utter_sign_qr"))
    return signs


_CONCRETE = {
    "utter_sign_link",
    "utter_sign_phone",
    "utter_sign_iban",
    "utter_sign_iban_invalid",
}


def worth_listing(text: str | None, signs: list[Sign]) -> bool:
    """List signs for a pasted message, or a description with concrete details."""
    if not signs or not text:
        return False
    if any(sign.response in _CONCRETE for sign in signs):
        return True
    return bool(PASTE_OPENERS.match(text)) or len({s.response for s in signs}) >= 2

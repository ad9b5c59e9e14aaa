"""Warning signs in a suspicious message a resident pasted or described.

Names signs; never concludes that a message without signs is fine. Links are
reduced to their registered domain with tldextract (bundled public-suffix
snapshot, no network), phone numbers are parsed with phonenumbers, IBANs are
validated with schwifty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
import tldextract
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from common.damage import normalise
from common.masking import EMAIL_PATTERN, IBAN_PATTERN, Style, mask_iban, mask_phone

# Official registered domains of organisations that criminals imitate. Used
# only to spot imitations; the assistant never tells a resident that a link
# is genuine.
BRANDS: dict[str, tuple[str, ...]] = {
    "ING": ("ing.nl", "ing.com"),
    "Rabobank": ("rabobank.nl", "rabobank.com"),
    "ABN AMRO": ("abnamro.nl", "abnamro.com"),
    "SNS": ("snsbank.nl", "sns.nl"),
    "ASN Bank": ("asnbank.nl",),
    "RegioBank": ("regiobank.nl",),
    "Triodos": ("triodos.nl", "triodos.com"),
    "Knab": ("knab.nl",),
    "bunq": ("bunq.com",),
    "Belastingdienst": ("belastingdienst.nl",),
    "CJIB": ("cjib.nl",),
    "DigiD": ("digid.nl",),
    "MijnOverheid": ("mijnoverheid.nl",),
    "Rijksoverheid": ("rijksoverheid.nl",),
    "Toeslagen": ("toeslagen.nl", "belastingdienst.nl"),
    "PostNL": ("postnl.nl", "postnl.com"),
    "DHL": ("dhl.nl", "dhl.com", "dhlparcel.nl"),
    "DPD": ("dpd.nl", "dpd.com"),
    "GLS": ("gls-info.nl", "gls-group.eu", "gls-group.com"),
    "UPS": ("ups.com",),
    "Tikkie": ("tikkie.me",),
    "Marktplaats": ("marktplaats.nl",),
    "Vinted": ("vinted.nl", "vinted.com"),
    "bol": ("bol.com",),
    "Politie": ("politie.nl",),
    "KPN": ("kpn.com", "kpn.nl"),
    "Ziggo": ("ziggo.nl",),
    "Microsoft": ("microsoft.com", "live.com", "office.com"),
    "Apple": ("apple.com", "icloud.com"),
    "WhatsApp": ("whatsapp.com",),
    "Eneco": ("eneco.nl",),
    "Vattenfall": ("vattenfall.nl",),
    "Essent": ("essent.nl",),
}
# Keywords that point to a brand inside a domain name (normalised, no spaces).
BRAND_KEYWORDS: dict[str, str] = {
    "rabobank": "Rabobank",
    "rabo": "Rabobank",
    "abnamro": "ABN AMRO",
    "snsbank": "SNS",
    "asnbank": "ASN Bank",
    "regiobank": "RegioBank",
    "triodos": "Triodos",
    "knab": "Knab",
    "bunq": "bunq",
    "belastingdienst": "Belastingdienst",
    "belasting": "Belastingdienst",
    "cjib": "CJIB",
    "digid": "DigiD",
    "mijnoverheid": "MijnOverheid",
    "rijksoverheid": "Rijksoverheid",
    "toeslagen": "Toeslagen",
    "postnl": "PostNL",
    "dhl": "DHL",
    "dpd": "DPD",
    "tikkie": "Tikkie",
    "marktplaats": "Marktplaats",
    "vinted": "Vinted",
    "politie": "Politie",
    "ziggo": "Ziggo",
    "microsoft": "Microsoft",
    "apple": "Apple",
    "icloud": "Apple",
    "whatsapp": "WhatsApp",
    "eneco": "Eneco",
    "vattenfall": "Vattenfall",
    "essent": "Essent",
}
# Short brand names that only count as a whole part of a domain (ing-pas.nl).
SHORT_BRAND_TOKENS: dict[str, str] = {
    "ing": "ING",
    "abn": "ABN AMRO",
    "sns": "SNS",
    "asn": "ASN Bank",
    "gls": "GLS",
    "ups": "UPS",
    "kpn": "KPN",
    "bol": "bol",
}
SHORTENERS: frozenset[str] = frozenset(
    {
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "is.gd",
        "ow.ly",
        "cutt.ly",
        "rebrand.ly",
        "shorturl.at",
        "tiny.cc",
        "rb.gy",
        "s.id",
        "t.ly",
        "buff.ly",
        "lnkd.in",
        "shorturl.com",
        "v.gd",
        "qrco.de",
        "tinu.be",
        "urlz.fr",
    }
)
ODD_SUFFIXES: frozenset[str] = frozenset(
    {
        "xyz",
        "top",
        "icu",
        "online",
        "site",
        "click",
        "link",
        "live",
        "buzz",
        "cfd",
        "sbs",
        "cyou",
        "rest",
        "monster",
        "work",
        "support",
        "info",
        "shop",
        "store",
        "app",
    }
)
# Helplines from shared/contacts.yml: never flagged as a number not to call.
HELPLINE_NUMBERS: frozenset[str] = frozenset(
    {"112", "113", "08000113", "09008844", "0887867372", "09000101", "0889001000", "08007000"}
)
# Websites from shared/contacts.yml that the assistant itself refers to.
HELPLINE_DOMAINS: frozenset[str] = frozenset(
    {
        "politie.nl",
        "fraudehelpdesk.nl",
        "slachtofferhulp.nl",
        "rvig.nl",
        "helpwanted.nl",
        "meldpunt-kinderporno.nl",
        "digid.nl",
        "113.nl",
        "afm.nl",
        "checkjeaanbieder.nl",
        "consuwijzer.nl",
        "juridischloket.nl",
        "kvk.nl",
        "digitaltrustcenter.nl",
        "ncsc.nl",
        "laatjenietinterneppen.nl",
    }
)
_HOMOGLYPHS = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s"})

_URL = re.compile(
    r"(?:https?://|hxxps?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?:/[^\s<>\"']*)?",
    re.I,
)

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


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # Bundled suffix-list snapshot only: never fetch from the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _registered_domain(host: str) -> tuple[str, str, str]:
    ext = _extractor()(host)
    domain = getattr(ext, "top_domain_under_public_suffix", None) or ext.registered_domain
    return domain or host, ext.domain, ext.suffix


def _edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (transpositions count as one)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev_prev: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev_prev[j - 2] + 1)
        prev_prev, prev = prev, cur
    return prev[-1]


def imitated_brand(host: str) -> str | None:
    """The brand a domain imitates, if it names one but is not that brand's domain."""
    host = host.lower().strip(".")
    registered, label, _suffix = _registered_domain(host)
    official = {d for domains in BRANDS.values() for d in domains}
    if registered in official:
        return None
    plain = host.replace("-", "").replace(".", "")
    folded = plain.translate(_HOMOGLYPHS)
    for keyword, brand in BRAND_KEYWORDS.items():
        if keyword in plain or keyword in folded:
            return brand
    tokens = re.split(r"[.-]", host.translate(_HOMOGLYPHS))
    for token in tokens:
        if token in SHORT_BRAND_TOKENS:
            return SHORT_BRAND_TOKENS[token]
    for keyword, brand in BRAND_KEYWORDS.items():
        if len(keyword) >= 5 and len(label) >= 5 and _edit_distance(label, keyword, 1) <= 1:
            return brand
    return None


def _hosts(text: str) -> list[str]:
    emails = {m.group(0).lower() for m in EMAIL_PATTERN.finditer(text)}
    hosts: list[str] = []
    for match in _URL.finditer(text):
        raw = match.group(0).rstrip(".,;:!?)")
        if any(raw.lower() in email for email in emails):
            continue
        host = re.sub(r"^(?:https?|hxxps?)://", "", raw, flags=re.I).split("/")[0]
        host = host.split("@")[-1].split(":")[0].lower()
        _, label, suffix = _registered_domain(host)
        if not suffix or not label or _registered_domain(host)[0] in HELPLINE_DOMAINS:
            continue
        if host not in hosts:
            hosts.append(host)
    return hosts


def _link_signs(host: str) -> list[Sign]:
    registered, _label, suffix = _registered_domain(host)
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
    for host in _hosts(text):
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

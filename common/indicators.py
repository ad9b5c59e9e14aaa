"""What describes the sender of a scam message, never the resident: link domains,
phone numbers and IBANs found in the scammer's text, and the organisation it pretends
to be. The gateway stores them for every message a resident pastes or sends as a
screenshot (bot/waves/), to see waves and to share confirmed indicators with the police.

The resident's own details are never an indicator: only the scam text is read (the
resident's words around it are not), and a number or IBAN the resident calls their own
anywhere in their words ('mijn nummer is ...', 'bel me op ...') is left out even if it
also appears in the scam text. Official domains and the helplines' numbers are no
indicators either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from common.link_facts import (
    BRAND_KEYWORDS,
    BRANDS,
    HELPLINE_NUMBERS,
    SHARED_HOSTS,
    SHORT_BRAND_TOKENS,
    SHORTENERS,
    URL_PATTERN,
    hosts,
    imitated_brand,
    owner_domain,
    registered_domain,
)
from common.masking import IBAN_PATTERN

DOMAIN, URL, PHONE, IBAN_KIND = "domain", "url", "phone", "iban"
KINDS = (DOMAIN, URL, PHONE, IBAN_KIND)

# 'mijn (eigen) nummer is', 'ons rekeningnummer:', 'bel me terug op': what follows within
# OWN_WINDOW characters is the resident's own.
_OWN_PHRASE = re.compile(
    r"\b(?:mijn|m'n|mn|onze|ons)\s+(?:eigen\s+)?"
    r"(?:tele?foon\s*nummer|telefoon|mobiele?\s*nummer|mobiel|gsm|06|nummer|"
    r"bank\s*rekening\s*nummer|rekening\s*nummer|bank\s*rekening|rekening|iban)\b"
    r"|\b(?:bel|bellen|bereik|app|sms)\s+(?:me|mij|ons)\s+(?:maar\s+|gerust\s+)?"
    r"(?:terug\s+)?(?:op|via|op nummer)\b"
    r"|\bik\s+ben\s+(?:bereikbaar|te bereiken)\s+(?:op|via)\b",
    re.I,
)
OWN_WINDOW = 40
# Short brand names count only as a whole word in capitals ('ING', not 'opening').
_SHORT_WORDS = re.compile(r"\b(" + "|".join(t.upper() for t in SHORT_BRAND_TOKENS) + r")\b")
_OFFICIAL = frozenset(d for domains in BRANDS.values() for d in domains)


@dataclass(frozen=True)
class Indicator:
    # domain (its owner's: 'evil.github.io') | url (a shortened link or one on a site
    # anyone can use, whole: 'wa.me/31612345678') | phone (E.164) | iban (compact)
    kind: str
    value: str
    # The organisation a lookalike domain imitates.
    lookalike: str | None = None
    shortener: bool = False


@dataclass(frozen=True)
class Described:
    indicators: tuple[Indicator, ...]
    # The organisation the message pretends to come from, if it names or imitates one.
    organisation: str | None


def describe(scam_text: str, own_words: str = "") -> Described:
    """The indicators of a scam text, without anything `own_words` calls the resident's
    own (the resident's words around it, and what they wrote before)."""
    own = own_values(own_words)
    found: list[Indicator] = []
    found += _links(scam_text)
    found += [i for i in _phones(scam_text) if i.value not in own]
    found += [i for i in _ibans(scam_text) if i.value not in own]
    unique = tuple(dict.fromkeys(found))
    return Described(unique, organisation(scam_text, unique))


def own_values(text: str) -> set[str]:
    """Phone numbers (E.164) and IBANs that the resident's words call their own. Never
    read from the scam text, where 'mijn nieuwe nummer' is the scammer's."""
    if not text:
        return set()
    values: set[str] = set()
    for match in _OWN_PHRASE.finditer(text):
        window = text[match.end() : match.end() + OWN_WINDOW]
        values |= {i.value for i in _phones(window)}
        values |= {i.value for i in _ibans(window)}
    return values


def organisation(text: str, indicators: tuple[Indicator, ...] = ()) -> str | None:
    """The imitated organisation: a lookalike link's first, else the first one named."""
    for indicator in indicators:
        if indicator.lookalike:
            return indicator.lookalike
    plain = _fold(text)
    named: list[tuple[int, str]] = []
    for keyword, brand in BRAND_KEYWORDS.items():
        if len(keyword) < 5:
            continue
        match = re.search(rf"\b{re.escape(keyword)}", plain)
        if match:
            named.append((match.start(), brand))
    for match in _SHORT_WORDS.finditer(text):
        named.append((match.start(), SHORT_BRAND_TOKENS[match.group(1).lower()]))
    return min(named)[1] if named else None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _links(text: str) -> list[Indicator]:
    found: list[Indicator] = []
    paths = {m.group(0).rstrip(".,;:!?)") for m in URL_PATTERN.finditer(text)}
    for host in hosts(text):
        if registered_domain(host)[0] in _OFFICIAL:
            continue
        domain = owner_domain(host)
        if domain in SHORTENERS or domain in SHARED_HOSTS:
            # The link itself is the indicator: every campaign uses the shortener or site.
            for raw in sorted(p for p in paths if _host_of(p) == host):
                found.append(Indicator(URL, _short_link(raw), shortener=True))
            continue
        found.append(Indicator(DOMAIN, domain, lookalike=imitated_brand(host)))
    return found


def _host_of(raw: str) -> str:
    bare = re.sub(r"^(?:https?|hxxps?)://", "", raw, flags=re.I)
    return bare.split("/")[0].split("@")[-1].split(":")[0].lower()


def _short_link(raw: str) -> str:
    bare = re.sub(r"^(?:https?|hxxps?)://", "", raw, flags=re.I)
    host, _, path = bare.partition("/")
    return host.lower() + ("/" + path if path else "")


def _phones(text: str) -> list[Indicator]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        national = phonenumbers.national_significant_number(match.number)
        if ("0" + national) in HELPLINE_NUMBERS or national in HELPLINE_NUMBERS:
            continue
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append(Indicator(PHONE, number))
    return found


def _ibans(text: str) -> list[Indicator]:
    found = []
    for match in IBAN_PATTERN.finditer(text):
        try:
            iban = IBAN(match.group(0))
        except SchwiftyException:
            continue  # a mistyped IBAN identifies no account
        found.append(Indicator(IBAN_KIND, iban.compact))
    return found

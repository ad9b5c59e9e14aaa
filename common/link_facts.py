"""Facts about links and senders that both environments read: the official domains
of organisations that criminals imitate, link shorteners, the helplines' own numbers
and sites, and how a host is reduced to its registered domain (tldextract's bundled
public-suffix snapshot, never the network).

The action server names warning signs with them (actions/message_analysis.py); the
gateway describes a scam message's sender with them (common/indicators.py). Used
only to spot imitations: nothing here says a link is genuine.
"""

from __future__ import annotations

import re
from functools import lru_cache

import tldextract

from common.masking import EMAIL_PATTERN

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

URL_PATTERN = re.compile(
    r"(?:https?://|hxxps?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?:/[^\s<>\"']*)?",
    re.I,
)


# Sites where anyone gets a page or a link under one domain: the domain says nothing of
# the sender (every WhatsApp or Google Forms scam would share it), so the whole link is
# what identifies one (common/indicators.py), as with a shortener.
SHARED_HOSTS: frozenset[str] = frozenset(
    {
        "wa.me",
        "t.me",
        "google.com",
        "forms.gle",
        "linktr.ee",
        "ipfs.io",
        "dropbox.com",
        "wetransfer.com",
        "sharepoint.com",
        "notion.site",
        "canva.com",
        "jotform.com",
        "typeform.com",
        "weebly.com",
        "wixsite.com",
    }
)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # Bundled suffix-list snapshot only: never fetch from the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=1)
def _owner_extractor() -> tldextract.TLDExtract:
    # The public suffix list's private part too: 'evil.github.io' and 'x.web.app' belong
    # to whoever made them, not to GitHub or Google.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def owner_domain(host: str) -> str:
    """The domain its owner registered, where hosting platforms count as suffixes."""
    ext = _owner_extractor()(host)
    return getattr(ext, "top_domain_under_public_suffix", None) or ext.registered_domain or host


def registered_domain(host: str) -> tuple[str, str, str]:
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
    registered, label, _suffix = registered_domain(host)
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


def hosts(text: str) -> list[str]:
    emails = {m.group(0).lower() for m in EMAIL_PATTERN.finditer(text)}
    hosts: list[str] = []
    for match in URL_PATTERN.finditer(text):
        raw = match.group(0).rstrip(".,;:!?)")
        if any(raw.lower() in email for email in emails):
            continue
        host = re.sub(r"^(?:https?|hxxps?)://", "", raw, flags=re.I).split("/")[0]
        host = host.split("@")[-1].split(":")[0].lower()
        _, label, suffix = registered_domain(host)
        if not suffix or not label or registered_domain(host)[0] in HELPLINE_DOMAINS:
            continue
        if host not in hosts:
            hosts.append(host)
    return hosts

"""The export of confirmed scam indicators for the police and the Fraudehelpdesk: a CSV for
their spreadsheets and a STIX 2.1 bundle for their threat-intelligence tools (MISP, OpenCTI
and the CERTs read STIX 2.1).

Only the scammer's side leaves the system: the indicator itself (a lookalike domain, a
shortened link, a phone number, an IBAN), when it was first and last reported, how many
messages and how many distinct residents reported it, the organisations it impersonated, the
kinds of scam and our wave ids. Nothing about a resident (no names, keys, conversations or
message texts) is in `SharedIndicator`, so nothing of the kind can end up in an export.

Pure functions without a database, so the coordinator's download, a scheduled share and the
tests all produce the same bytes for the same data; STIX ids are derived from the data (uuid5)
for the same reason, so a recipient who imports two exports updates its indicators instead of
getting duplicates.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from stix2 import Bundle, Identity, Indicator, Sighting

from common.indicators import DOMAIN, IBAN_KIND, KINDS, PHONE, URL

CSV_HEADER: tuple[str, ...] = (
    "Soort",
    "Waarde",
    "Eerst gezien",
    "Laatst gezien",
    "Meldingen",
    "Bewoners",
    "Organisatie",
    "Soort oplichting",
    "Golven",
)
# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Phone numbers and IBANs have no cyber-observable type in STIX 2.1, and STIX patterns can
# only name observable types. The spec's rule for a custom object type (STIX 2.0 part 1,
# 7.2.1; custom objects remain, deprecated, in STIX 2.1) is a name starting with "x-", then a
# source-unique identifier and the name, so a later STIX version cannot give it another
# meaning; stix2-validator checks exactly that in patterns ("custom-prefix") when it is told
# not to require extensions. We follow it rather than OpenCTI's unprefixed 'phone-number' and
# 'bank-account' (pycti/utils/constants.py), which fail that check, but keep OpenCTI's
# property names ('value', 'iban') so a recipient maps our type onto theirs with a rename.
# MISP has no pattern for either: its STIX 2.1 export turns phone-number and iban attributes
# into 'x-misp-attribute' custom objects (misp-stix, "Unmapped attribute types"), which cannot
# be an Indicator's pattern. The types appear only inside patterns, no such object is in the
# bundle, so no extension definition is needed.
PHONE_TYPE = "x-scamhelp-phone-number"
BANK_ACCOUNT_TYPE = "x-scamhelp-bank-account"

_PATTERNS = {
    DOMAIN: "domain-name:value",
    URL: "url:value",
    PHONE: f"{PHONE_TYPE}:value",
    IBAN_KIND: f"{BANK_ACCOUNT_TYPE}:iban",
}
_NAMES = {
    DOMAIN: "Domein van oplichters / scam domain",
    URL: "Link van oplichters / scam link",
    PHONE: "Telefoonnummer van oplichters / scam phone number",
    IBAN_KIND: "IBAN van oplichters / scam IBAN",
}
# Fixed: uuid5 ids from it stay the same from one export (and release) to the next.
_NAMESPACE = uuid.UUID("5d0c5e7e-2f1b-4c55-9b0e-6a1f3c1d9e15")
# The producer's Identity has one version: its id comes from its name, so its created date
# must not change between exports either.
_IDENTITY_CREATED = datetime(2026, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class SharedIndicator:
    kind: str  # common/indicators.py: KINDS (domain | url | phone | iban)
    value: str  # registrable domain, shortened link without scheme, E.164, compact IBAN
    first_seen: datetime  # aware UTC
    last_seen: datetime
    reports: int  # messages reported with it
    residents: int  # distinct residents who reported it (a count only)
    organisations: tuple[str, ...]  # impersonated organisations, e.g. ("PostNL",)
    scam_types: tuple[str, ...]  # e.g. ("phishing_message",)
    waves: tuple[int, ...]  # wave ids in our system


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("export times must be timezone-aware")
    return moment.astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sorted(indicators: Sequence[SharedIndicator]) -> list[SharedIndicator]:
    for indicator in indicators:
        if indicator.kind not in KINDS:
            raise ValueError(f"unknown indicator kind {indicator.kind!r}")
    return sorted(indicators, key=lambda i: (i.kind, i.value))


def _cell(text: str) -> str:
    # A leading apostrophe makes a spreadsheet show the cell as text instead of evaluating
    # it. A phone number '+31612345678' is data, not a formula, but gets the apostrophe too:
    # Excel and LibreOffice would otherwise read '+31...' as a formula or a number (dropping
    # the '+' and showing 3.16E+10). The apostrophe is the documented price of that guard.
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(indicators: Sequence[SharedIndicator]) -> str:
    """One ';'-separated row per indicator (Dutch spreadsheets), sorted by kind then value,
    times in ISO 8601 UTC. Text without a BOM: the caller adds one for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for i in _sorted(indicators):
        row = (
            i.kind,
            i.value,
            _iso(i.first_seen),
            _iso(i.last_seen),
            str(i.reports),
            str(i.residents),
            ", ".join(i.organisations),
            ", ".join(i.scam_types),
            ", ".join(str(w) for w in i.waves),
        )
        writer.writerow([_cell(c) for c in row])
    return out.getvalue()


def _literal(value: str) -> str:
    # STIX patterning string literals are single-quoted; a quote and a backslash inside are
    # escaped with a backslash (STIX patterning, string constants).
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern(indicator: SharedIndicator) -> str:
    value = indicator.value
    if indicator.kind == URL and not value.lower().startswith(("https://", "http://")):
        value = "https://" + value  # url:value is a full URL (RFC 3986), scheme included
    return f"[{_PATTERNS[indicator.kind]} = {_literal(value)}]"


def _description(i: SharedIndicator) -> str:
    parts = [f"Gemeld in {i.reports} berichten door {i.residents} bewoners"]
    english = [f"reported in {i.reports} messages by {i.residents} residents"]
    if i.organisations:
        parts.append("doet zich voor als " + ", ".join(i.organisations))
        english.append("impersonating " + ", ".join(i.organisations))
    if i.scam_types:
        parts.append("soort: " + ", ".join(i.scam_types))
        english.append("scam type: " + ", ".join(i.scam_types))
    if i.waves:
        parts.append("golven: " + ", ".join(str(w) for w in i.waves))
        english.append("waves: " + ", ".join(str(w) for w in i.waves))
    english_text = "; ".join(english)
    return "; ".join(parts) + ". / " + english_text[0].upper() + english_text[1:] + "."


def _id(stix_type: str, *key: str) -> str:
    # uuid5, not the UUIDv4 the spec recommends for SDOs and SROs (a SHOULD: stix2-validator
    # warns, code 103 'uuid-check'): the same indicator gets the same id in every export, as
    # OpenCTI does for its own Indicators (pycti Indicator.generate_id), so a re-import updates
    # the Indicator and its Sighting instead of counting the reports twice.
    return f"{stix_type}--{uuid.uuid5(_NAMESPACE, '|'.join((stix_type, *key)))}"


def to_stix(
    indicators: Sequence[SharedIndicator], now: datetime, producer: str = "Oplichting-hulpassistent"
) -> str:
    """A STIX 2.1 bundle: the producer's Identity, and per indicator an Indicator (its
    pattern, valid from the first report) and a Sighting of it (first and last report,
    count = messages), all created by that Identity. Serialised as JSON."""
    now = _utc(now)
    identity = Identity(
        id=_id("identity", producer),
        name=producer,
        identity_class="organization",
        created=_IDENTITY_CREATED,
        modified=_IDENTITY_CREATED,
    )
    objects: list[Identity | Indicator | Sighting] = [identity]
    for i in _sorted(indicators):
        first, last = _utc(i.first_seen), _utc(i.last_seen)
        # created is when we first knew it, so every export is a later version of the same
        # object (same id, same created, newer modified), as STIX versioning requires.
        modified = max(now, first, last)
        indicator = Indicator(
            id=_id("indicator", i.kind, i.value),
            created_by_ref=identity.id,
            created=first,
            modified=modified,
            name=f"{_NAMES[i.kind]}: {i.value}",
            description=_description(i),
            indicator_types=["malicious-activity"],
            pattern=pattern(i),
            pattern_type="stix",
            pattern_version="2.1",
            valid_from=first,
            **({"labels": sorted(set(i.scam_types))} if i.scam_types else {}),
        )
        sighting = Sighting(
            id=_id("sighting", i.kind, i.value),
            created_by_ref=identity.id,
            created=first,
            modified=modified,
            sighting_of_ref=indicator.id,
            first_seen=first,
            last_seen=last,
            count=i.reports,
            where_sighted_refs=[identity.id],
        )
        objects += [indicator, sighting]
    bundle_key = [now.isoformat(), *(o.id for o in objects)]
    bundle = Bundle(*objects, id=_id("bundle", *bundle_key))
    return bundle.serialize(pretty=True, ensure_ascii=False) + "\n"

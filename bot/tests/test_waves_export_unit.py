"""The export of confirmed indicators for the police and the Fraudehelpdesk
(bot/waves/export.py): the STIX 2.1 bundle passes stix2-validator, holds one Identity and one
Indicator and Sighting per indicator with its counts and dates, keeps its ids from one export
to the next; the CSV reads back with ';', guards against formulas and holds no resident data."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from stix2validator import ValidationOptions, validate_string

from bot.waves.export import (
    CSV_HEADER,
    SharedIndicator,
    pattern,
    to_csv,
    to_stix,
)

T0 = datetime(2026, 11, 2, 8, 15, tzinfo=timezone.utc)
T1 = datetime(2026, 11, 20, 17, 40, 5, tzinfo=timezone.utc)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
QUOTED_URL = "bit.ly/a'b\\c"


def _mix() -> list[SharedIndicator]:
    return [
        SharedIndicator(
            "phone", "+31612345678", T0, T1, 12, 9, ("PostNL",), ("phishing_message",), (3, 5)
        ),
        SharedIndicator("iban", "NL91ABNA0417164300", T0, T1, 4, 3, ("ING",), (), (5,)),
        SharedIndicator(
            "url", QUOTED_URL, T0 + timedelta(days=1), T1, 2, 2, (), ("phishing_message",), ()
        ),
        SharedIndicator(
            "domain",
            "postnl-bezorgen.top",
            T0,
            T1 + timedelta(hours=1),
            7,
            6,
            ("PostNL", "DHL"),
            ("phishing_message", "fake_delivery"),
            (3,),
        ),
    ]


def _objects(bundle: str, stix_type: str) -> list[dict]:
    return [o for o in json.loads(bundle)["objects"] if o["type"] == stix_type]


def _validate(bundle: str, **options: object):
    result = validate_string(bundle, ValidationOptions(**options) if options else None)
    print("errors:", result.errors)
    print("warnings:", *result.warnings, sep="\n  ")
    return result


def test_bundle_of_all_four_kinds_validates_with_only_uuid_warnings() -> None:
    result = _validate(to_stix(_mix(), NOW))

    assert result.is_valid
    assert result.errors == []
    # The only warnings: ids are uuid5 (deterministic), the spec recommends UUIDv4 (code 103).
    assert result.warnings
    assert all("{103}" in w and "is not a valid UUIDv4 ID" in w for w in result.warnings)


def test_bundle_passes_without_the_uuid_check_and_with_the_custom_prefix_check() -> None:
    bundle = to_stix(_mix(), NOW)
    assert _validate(bundle, disabled=["uuid-check"]).warnings == []
    # With 'extensions-use' off the validator checks custom types in patterns for an
    # 'x-<source>-' prefix; our phone and bank-account types have it.
    prefixed = _validate(bundle, disabled=["uuid-check", "extensions-use"])
    assert prefixed.is_valid and prefixed.errors == [] and prefixed.warnings == []


def test_patterns_per_kind_with_quote_and_backslash_escaped() -> None:
    by_kind = {i.kind: pattern(i) for i in _mix()}
    assert by_kind["domain"] == "[domain-name:value = 'postnl-bezorgen.top']"
    assert by_kind["url"] == "[url:value = 'https://bit.ly/a\\'b\\\\c']"
    assert by_kind["phone"] == "[x-scamhelp-phone-number:value = '+31612345678']"
    assert by_kind["iban"] == "[x-scamhelp-bank-account:iban = 'NL91ABNA0417164300']"
    with_scheme = dataclasses.replace(_mix()[2], value="http://bit.ly/Ab3x")
    assert pattern(with_scheme) == "[url:value = 'http://bit.ly/Ab3x']"


def test_one_identity_and_an_indicator_and_sighting_per_input_with_counts_and_dates() -> None:
    indicators = _mix()
    bundle = to_stix(indicators, NOW, producer="Test-producent")
    assert json.loads(bundle)["type"] == "bundle"

    (identity,) = _objects(bundle, "identity")
    assert identity["name"] == "Test-producent"
    assert identity["identity_class"] == "organization"
    stix_indicators = _objects(bundle, "indicator")
    sightings = _objects(bundle, "sighting")
    assert len(stix_indicators) == len(sightings) == len(indicators)
    assert len(json.loads(bundle)["objects"]) == 1 + 2 * len(indicators)

    by_pattern = {o["pattern"]: o for o in stix_indicators}
    by_ref = {s["sighting_of_ref"]: s for s in sightings}
    for shared in indicators:
        stix_indicator = by_pattern[pattern(shared)]
        assert stix_indicator["created_by_ref"] == identity["id"]
        assert stix_indicator["pattern_type"] == "stix"
        assert stix_indicator["indicator_types"] == ["malicious-activity"]
        assert stix_indicator["valid_from"] == shared.first_seen.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert shared.value in stix_indicator["name"]
        description = stix_indicator["description"]
        assert f"{shared.reports} berichten door {shared.residents} bewoners" in description
        assert f"{shared.reports} messages by {shared.residents} residents" in description
        for organisation in shared.organisations:
            assert organisation in description
        assert stix_indicator.get("labels", []) == sorted(shared.scam_types)

        sighting = by_ref[stix_indicator["id"]]
        assert sighting["created_by_ref"] == identity["id"]
        assert sighting["where_sighted_refs"] == [identity["id"]]
        assert sighting["count"] == shared.reports
        assert sighting["first_seen"] == shared.first_seen.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert sighting["last_seen"] == shared.last_seen.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_ids_stay_the_same_between_exports() -> None:
    first = to_stix(_mix(), NOW)
    later = to_stix(list(reversed(_mix())), NOW + timedelta(days=7))

    def ids(bundle: str, stix_type: str) -> list[str]:
        return [o["id"] for o in _objects(bundle, stix_type)]

    for stix_type in ("identity", "indicator", "sighting"):
        assert ids(first, stix_type) == ids(later, stix_type)
    assert len(set(ids(first, "indicator"))) == len(_mix())
    # A later export is a later version of the same objects: same created, newer modified.
    (early, *_), (late, *_) = _objects(first, "indicator"), _objects(later, "indicator")
    assert early["created"] == late["created"] and early["modified"] < late["modified"]
    assert to_stix(_mix(), NOW) == first
    other = dataclasses.replace(_mix()[0], value="+31687654321")
    assert _objects(to_stix([other], NOW), "indicator")[0]["id"] not in ids(first, "indicator")


def test_empty_export_is_a_valid_bundle_with_only_the_identity() -> None:
    bundle = to_stix([], NOW)
    result = _validate(bundle)
    assert result.is_valid and result.errors == []
    assert [o["type"] for o in json.loads(bundle)["objects"]] == ["identity"]


def test_csv_reads_back_with_semicolons_sorted_by_kind_and_value() -> None:
    indicators = _mix()
    text = to_csv(indicators)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))

    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 1 + len(indicators)
    expected = sorted(indicators, key=lambda i: (i.kind, i.value))
    assert [r[0] for r in rows[1:]] == ["domain", "iban", "phone", "url"]
    for row, shared in zip(rows[1:], expected, strict=True):
        value = row[1][1:] if shared.kind == "phone" else row[1]
        assert value == shared.value
        assert datetime.fromisoformat(row[2].replace("Z", "+00:00")) == shared.first_seen
        assert datetime.fromisoformat(row[3].replace("Z", "+00:00")) == shared.last_seen
        assert row[2].endswith("Z") and row[3].endswith("Z")
        assert (int(row[4]), int(row[5])) == (shared.reports, shared.residents)
        assert row[6] == ", ".join(shared.organisations)
        assert row[7] == ", ".join(shared.scam_types)
        assert row[8] == ", ".join(str(w) for w in shared.waves)
    assert not text.startswith("\ufeff")  # the caller adds the BOM


def test_phone_numbers_and_formula_cells_get_an_apostrophe() -> None:
    base = _mix()[1]
    risky = [
        dataclasses.replace(base, kind="phone", value="+31612345678"),
        dataclasses.replace(base, value="NL91", organisations=('=HYPERLINK("http://x")',)),
        dataclasses.replace(base, value="NL92", organisations=("-2+3",)),
        dataclasses.replace(base, value="NL93", organisations=("@SUM(A1)",)),
        dataclasses.replace(base, value="NL94", organisations=("\t=1",)),
        dataclasses.replace(base, value="NL95", organisations=("\r=1",)),
        dataclasses.replace(base, value="NL96", organisations=("Post=NL",)),
    ]
    rows = {r[1]: r for r in csv.reader(io.StringIO(to_csv(risky), newline=""), delimiter=";")}

    assert rows["'+31612345678"][0] == "phone"
    assert rows["NL91"][6] == '\'=HYPERLINK("http://x")'
    assert rows["NL92"][6] == "'-2+3"
    assert rows["NL93"][6] == "'@SUM(A1)"
    assert rows["NL94"][6] == "'\t=1"
    assert rows["NL95"][6] == "'\r=1"
    assert rows["NL96"][6] == "Post=NL"  # only a cell that starts with one


def test_export_holds_no_resident_data() -> None:
    fields = {f.name for f in dataclasses.fields(SharedIndicator)}
    assert fields == {
        "kind",
        "value",
        "first_seen",
        "last_seen",
        "reports",
        "residents",
        "organisations",
        "scam_types",
        "waves",
    }
    header = " ".join(CSV_HEADER).lower()
    for word in ("naam", "name", "e-mail", "adres", "sleutel", "key", "gesprek", "tekst"):
        assert word not in header
    text = to_csv(_mix()) + to_stix(_mix(), NOW)
    for word in ("resident_key", "conversation", "pseudonym", "sighting_text"):
        assert word not in text


def test_naive_times_and_unknown_kinds_are_refused() -> None:
    naive = dataclasses.replace(_mix()[0], first_seen=datetime(2026, 11, 2, 8, 15))
    with pytest.raises(ValueError):
        to_csv([naive])
    with pytest.raises(ValueError):
        to_stix([_mix()[0]], datetime(2026, 12, 1))
    with pytest.raises(ValueError):
        to_stix([dataclasses.replace(_mix()[0], kind="email")], NOW)

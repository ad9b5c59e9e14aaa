"""The synthetic wave stream itself (bot/tests/wave_stream.py): size, determinism, residents,
labels, numbers and the independence of the holdout wording."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from bot.tests import wave_stream_texts as texts
from bot.tests.wave_stream import DAYS, WAVES, Report, stream

VARIANTS = ("main", "holdout")
NL_PHONE = re.compile(r"(?<![\w+])(?:\+31[\s-]?6|06)(?:[\s-]?\d){8}(?!\d)")
UK_PHONE = re.compile(r"(?<![\w+])\+44(?:\s?\d){10}(?!\d)")
IBAN = re.compile(r"\bNL\d{2} ?[A-Z]{4}(?: ?\d){10}\b", re.IGNORECASE)
HOST = re.compile(r"\b([a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,6}))(?=/|\s|$)")


@pytest.fixture(scope="module", params=VARIANTS)
def reports(request: pytest.FixtureRequest) -> list[Report]:
    return stream(0, request.param)


def _phone_keys(text: str) -> set[str]:
    keys = set()
    for match in [*NL_PHONE.findall(IBAN.sub("", text)), *UK_PHONE.findall(text)]:
        digits = re.sub(r"\D", "", match)
        keys.add("0" + digits[2:] if digits.startswith("316") else digits)
    return keys


def _iban_ok(iban: str) -> bool:
    compact = re.sub(r"\s", "", iban).upper()
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def test_size_labels_and_time(reports: list[Report]) -> None:
    assert len(WAVES) == 12 and len(set(WAVES)) == 12
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", label) for label in WAVES)
    sizes = Counter(r.wave for r in reports)
    assert set(sizes) == {*WAVES, None}
    assert sum(sizes[label] for label in WAVES) >= 300
    assert sizes[None] >= 50
    assert all(8 <= sizes[label] <= 40 for label in WAVES)
    assert len({sizes[label] for label in WAVES}) >= 8  # waves of different sizes
    minutes = [r.minute for r in reports]
    assert minutes == sorted(minutes)
    assert 0 <= minutes[0] and minutes[-1] < DAYS * 1440
    assert minutes[-1] - minutes[0] > 25 * 1440
    last_week = (DAYS - 7) * 1440
    busy = [w for w in WAVES if sum(r.wave == w and r.minute >= last_week for r in reports) >= 5]
    assert len(busy) >= 3
    assert all(r.text.strip() for r in reports)
    one_offs = [r.text for r in reports if r.wave is None]
    assert len(set(one_offs)) == len(one_offs)


def test_same_seed_same_stream_other_seed_other_texts() -> None:
    for variant in VARIANTS:
        first = stream(0, variant)
        assert stream(0, variant) == first
        other = stream(1, variant)
        assert other != first
        assert Counter(r.wave for r in other) == Counter(r.wave for r in first)
        shared = {r.text for r in first} & {r.text for r in other}
        assert len(shared) < len(first) // 4
    assert stream(0, "main") == stream()
    with pytest.raises(ValueError):
        stream(0, "nope")


def test_residents(reports: list[Report]) -> None:
    assert all(re.fullmatch(r"r\d{3}", r.resident) for r in reports)
    by_wave: dict[str | None, list[str]] = defaultdict(list)
    for r in reports:
        by_wave[r.wave].append(r.resident)
    for label in WAVES:
        residents = by_wave[label]
        assert len(set(residents)) >= 3
        assert len(set(residents)) >= 0.85 * len(residents)  # mostly distinct
    repeats = [w for w in WAVES if len(set(by_wave[w])) < len(by_wave[w])]
    assert len(repeats) >= 3
    waves_of: dict[str, set[str]] = defaultdict(set)
    for r in reports:
        if r.wave:
            waves_of[r.resident].add(r.wave)
    assert sum(len(waves) >= 2 for waves in waves_of.values()) >= 3


def test_variation_within_waves(reports: list[Report]) -> None:
    for label in WAVES:
        wave_texts = [r.text for r in reports if r.wave == label]
        assert len(set(wave_texts)) >= 0.8 * len(wave_texts)  # a short form may recur
    short_waves = [r for r in reports if r.wave and not r.own_words and len(r.text.split()) < 8]
    short_ones = [r for r in reports if r.wave is None and len(r.text.split()) < 8]
    assert len(short_waves) >= 3 and len(short_ones) >= 3
    assert any(r.text == r.text.lower() and len(r.text) > 60 for r in reports)
    inline = [r for r in reports if r.own_words and r.own_words.split(" … ")[0] in r.text]
    assert len(inline) >= 20
    assert sum(bool(r.own_words) for r in reports) >= 60
    hosts = defaultdict(set)
    for r in reports:
        if r.wave:
            hosts[r.wave].update(HOST.findall(r.text.lower()))
    assert len(hosts["postnl-fee"]) >= 4  # a new domain every day or so
    bol_links = {w for r in reports if r.wave == "bol-prize" for w in r.text.split() if "/" in w}
    assert len(bol_links) >= 5  # shortened links, new for each report


def test_confusable_pairs(reports: list[Report]) -> None:
    def share(label: str, word: str) -> float:
        wave_texts = [r.text.lower() for r in reports if r.wave == label]
        return sum(bool(re.search(word, t)) for t in wave_texts) / len(wave_texts)

    for first, second, word in (
        ("postnl-fee", "postnl-address", r"\bpostnl"),
        ("ing-pass", "ing-update", r"\bing\b"),
        ("belasting-refund", "toeslagen-nabetaling", r"\b(?:belasting|toeslag)"),
    ):
        assert share(first, word) > 0.35 and share(second, word) > 0.35, (first, second)
    assert any("ing" in r.text.lower().split(":")[0] for r in reports if r.wave is None)


def test_stable_elements_and_valid_ibans(reports: list[Report]) -> None:
    ibans = [m for r in reports for m in IBAN.findall(r.text)]
    assert len(ibans) >= 20 and all(_iban_ok(iban) for iban in ibans)
    cjib_texts = [r.text for r in reports if r.wave == "cjib-fine"]
    cjib = {re.sub(r"\s", "", m).upper() for t in cjib_texts for m in IBAN.findall(t)}
    assert len(cjib) == 1
    update = set().union(*(_phone_keys(r.text) for r in reports if r.wave == "ing-update"))
    assert len(update - set().union(*(_phone_keys(r.own_words) for r in reports))) == 1


def test_own_numbers_are_not_scammer_numbers(reports: list[Report]) -> None:
    own: set[str] = set()
    scam: set[str] = set()
    for r in reports:
        own |= _phone_keys(r.own_words)
        text = r.text
        for part in filter(None, r.own_words.split(" … ")):
            text = text.replace(part, "")
        scam |= _phone_keys(text)
    assert len(own) >= 10 and len(scam) >= 4
    assert not own & scam
    assert any(key.startswith("44") for key in scam)


def test_holdout_wording_is_separate() -> None:
    def sentences(campaigns: dict[str, texts.Campaign]) -> set[str]:
        found = {s for c in campaigns.values() for alts in c.lines for s in alts}
        return found | {s for c in campaigns.values() for s in c.short}

    def words(sentence: str) -> set[str]:
        return set(re.findall(r"\w+", re.sub(r"\{\w+\}", "", sentence.lower())))

    assert set(texts.MAIN) == set(texts.HOLDOUT) == set(WAVES)
    main, holdout = sentences(texts.MAIN), sentences(texts.HOLDOUT)
    assert not main & holdout
    assert not set(texts.ONE_OFFS_MAIN) & set(texts.ONE_OFFS_HOLDOUT)
    for a in holdout:
        for b in main:
            overlap = len(words(a) & words(b)) / len(words(a) | words(b))
            assert overlap < 0.75, (a, b)
    main_texts = {r.text for r in stream(0, "main")}
    assert not main_texts & {r.text for r in stream(0, "holdout") if len(r.text.split()) >= 8}

"""The screenshot reader (bot/images/) over the whole rendered corpus: links and IBANs
recovered exactly, few character errors, every dark-mode picture readable. And the
metrics themselves (tools/image_metrics.py), so that a lenient metric cannot hide a
bad reader."""

from __future__ import annotations

import pytest

from bot.images.reader import Reading, read_image
from bot.tests.screenshots import fixtures
from bot.tests.screenshots.corpus import Shot
from tools.image_metrics import character_error_rate, domain_found, iban_found

pytestmark = pytest.mark.chromium

screenshot_corpus = fixtures.screenshot_corpus

TIMEOUT = 10.0
# Share of the images with links or IBANs whose every domain and IBAN is read exactly.
MIN_RECOVERED = 0.95
MAX_MEAN_CER = 0.05


@pytest.fixture(scope="module")
def readings(screenshot_corpus: list[Shot]) -> list[tuple[Shot, Reading]]:
    """Every image of the corpus read once."""
    return [(shot, read_image(shot.path.read_bytes(), TIMEOUT)) for shot in screenshot_corpus]


def recovered(shot: Shot, reading: Reading) -> bool:
    return all(domain_found(d, reading.text) for d in shot.message.domains) and all(
        iban_found(i, reading.text) for i in shot.message.ibans
    )


def test_links_and_ibans_are_recovered(readings: list[tuple[Shot, Reading]]) -> None:
    with_any = [(s, r) for s, r in readings if s.message.domains or s.message.ibans]
    assert len(with_any) >= 30
    assert any(s.message.ibans for s, _ in with_any)
    missed = [s.path.name for s, r in with_any if not recovered(s, r)]
    share = 1 - len(missed) / len(with_any)
    assert share >= MIN_RECOVERED, missed


def test_few_characters_are_misread(readings: list[tuple[Shot, Reading]]) -> None:
    rates = {s.path.name: character_error_rate(s.truth, r.text) for s, r in readings}
    mean = sum(rates.values()) / len(rates)
    worst = sorted(rates.items(), key=lambda item: item[1])[-5:]
    assert mean < MAX_MEAN_CER, worst


def test_every_dark_mode_picture_is_readable(readings: list[tuple[Shot, Reading]]) -> None:
    dark = [(s, r) for s, r in readings if s.style.endswith("-dark")]
    assert len(dark) >= 6
    unreadable = [(s.path.name, r.confidence, r.text[:80]) for s, r in dark if not r.readable]
    assert unreadable == []


# --- the metrics ----------------------------------------------------------------------------
TRUTH = "Betaal nu via postnl-kosten.nl"


def test_truth_inside_extra_text_has_no_errors() -> None:
    read = f"PostNL\n12:04\n{TRUTH}\nBeantwoorden 12:05"
    assert character_error_rate(TRUTH, read) == 0.0
    # Line breaks and runs of spaces count as one space.
    assert character_error_rate(TRUTH, "Betaal\nnu   via postnl-kosten.nl") == 0.0
    assert character_error_rate("", "wat dan ook") == 0.0


def test_errors_inside_the_stretch_are_counted() -> None:
    length = len(TRUTH)
    substituted = "Header Betaal nu vja postnl-kosten.nl Footer"
    assert character_error_rate(TRUTH, substituted) == pytest.approx(1 / length)
    inserted = "Betaal nu via poostnl-kosten.nl"
    assert character_error_rate(TRUTH, inserted) == pytest.approx(1 / length)
    deleted = "Betaal nu via postnlkosten.nl"
    assert character_error_rate(TRUTH, deleted) == pytest.approx(1 / length)
    both = "Betaal nu vja poostnl-kosten.nl"
    assert character_error_rate(TRUTH, both) == pytest.approx(2 / length)
    assert character_error_rate(TRUTH, "iets heel anders") > 0.5


def test_domain_found_accepts_a_subdomain_and_refuses_a_look_alike() -> None:
    domain = "postnl-kosten.nl"
    assert domain_found(domain, "Ga naar https://postnl-kosten.nl/betalen")
    assert domain_found(domain, "Ga naar https://WWW.POSTNL-KOSTEN.NL/betalen")
    assert domain_found(domain, "Ga naar login.postnl-kosten.nl nu")
    assert not domain_found(domain, "Ga naar mijnpostnl-kosten.nl nu")
    assert not domain_found(domain, "Ga naar postnl-kosten.nl.betaal.com nu")
    assert not domain_found(domain, "Ga naar postnl-kosten.com nu")
    assert not domain_found(domain, "Ga naar postnl-kosten. nl nu")
    assert not domain_found(domain, "Ga naar postnl kosten.nl nu")


def test_iban_found_needs_the_exact_characters() -> None:
    iban = "NL91 ABNA 0417 1643 00"
    assert iban_found(iban, "Maak over naar NL91 ABNA 0417 1643 00 vandaag")
    assert iban_found(iban, "Maak over naar NL91ABNA0417164300 vandaag")
    assert not iban_found(iban, "Maak over naar NL91 ABNA 0417 1643 0O vandaag")
    assert not iban_found(iban, "Maak over naar NL9l ABNA 0417 1643 00 vandaag")
    assert not iban_found(iban, "Maak over naar NL91 ABNA 0417 1643 01 vandaag")
    assert not iban_found(iban, "Maak over naar NL02 RABO 0123 4567 89 vandaag")

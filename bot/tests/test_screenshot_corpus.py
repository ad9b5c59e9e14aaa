"""The screenshot corpus generator (bot/tests/screenshots/): its messages, and the images
it renders in Chromium: counts, styles, scales, variants, sizes, themes and its cache."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PIL import Image, ImageStat
from schwifty import IBAN

from bot.tests.screenshots import fixtures
from bot.tests.screenshots.corpus import (
    PHONE_STYLES,
    STYLES,
    VARIANTS,
    Shot,
    render_corpus,
    viewport,
)
from bot.tests.screenshots.messages import BY_KEY, MESSAGES, SUBJECTS

pytestmark = pytest.mark.chromium

screenshot_corpus = fixtures.screenshot_corpus

KINDS = {"sms", "whatsapp", "email", "web"}
# The organisations' own domains: a link in the corpus must only look like them.
REAL_DOMAINS = {
    "ing.nl", "rabobank.nl", "abnamro.nl", "snsbank.nl", "asnbank.nl", "postnl.nl", "dhl.nl",
    "dpd.nl", "belastingdienst.nl", "toeslagen.nl", "cjib.nl", "digid.nl", "marktplaats.nl",
    "vinted.nl", "tikkie.me", "kpn.com", "ziggo.nl", "eneco.nl", "vattenfall.nl", "kvk.nl",
    "postcodeloterij.nl", "ah.nl",
}  # fmt: skip
# Mean brightness (0-255) that tells a dark theme from a light one.
DARK_BELOW = 70
LIGHT_ABOVE = 180


def grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


# --- the messages -------------------------------------------------------------------------
def test_messages_are_many_varied_and_unique() -> None:
    assert len(MESSAGES) >= 44
    assert len(BY_KEY) == len(MESSAGES), "duplicate keys"
    assert {message.kind for message in MESSAGES} == KINDS
    assert sum(bool(message.domains) for message in MESSAGES) >= 30
    assert sum(bool(message.ibans) for message in MESSAGES) >= 10
    phone_only = [m for m in MESSAGES if m.phones and not m.domains and not m.ibans]
    assert len(phone_only) >= 3
    assert len({message.text for message in MESSAGES}) == len(MESSAGES)
    emails = {message.key for message in MESSAGES if message.kind == "email"}
    assert emails == set(SUBJECTS)


def test_every_iban_validates_and_is_written_in_groups_of_four() -> None:
    for message in MESSAGES:
        for iban in message.ibans:
            parsed = IBAN(iban)  # raises on a wrong checksum or length
            assert parsed.country_code == "NL" and parsed.compact == iban
            assert grouped(iban) in message.text, (message.key, iban)


def test_links_use_look_alike_domains_that_are_in_the_text() -> None:
    for message in MESSAGES:
        for domain in message.domains:
            assert domain in message.text, (message.key, domain)
            assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}", domain), domain
            assert domain not in REAL_DOMAINS, domain
        for phone in message.phones:
            assert phone in message.text, (message.key, phone)
            assert re.sub(r"\D", "", phone).startswith(("0", "31")), phone
    forms = Counter(
        "https" if "https://" in m.text else "www" if "www." in m.text else "bare"
        for m in MESSAGES
        if m.domains
    )
    assert min(forms.values()) >= 5, forms


# --- the images -----------------------------------------------------------------------------
def test_corpus_covers_every_message_style_scale_and_variant(
    screenshot_corpus: list[Shot],
) -> None:
    shots = screenshot_corpus
    assert len(shots) >= 48
    assert {shot.message.key for shot in shots} == set(BY_KEY)
    assert len({shot.message.key for shot in shots}) >= 40
    styles = Counter(shot.style for shot in shots)
    assert set(styles) == set(STYLES) and min(styles.values()) >= 6, styles
    for style in PHONE_STYLES:
        assert {shot.scale for shot in shots if shot.style == style} == {2, 3}, style
    assert len({shot.scale for shot in shots}) >= 2
    variants = Counter(name for shot in shots for name in shot.variant)
    assert set(variants) == set(VARIANTS), variants
    assert len(shots) / 5 <= variants["status-bar"] <= len(shots) / 2, variants
    assert variants["second-bubble"] >= len(shots) / 8, variants
    assert variants["jpeg-blur"] >= len(shots) / 8, variants
    assert len({shot.path for shot in shots}) == len(shots)
    assert any(len({s.style for s in shots if s.message is m}) == 2 for m in MESSAGES)


def test_truth_is_the_bubbles_text(screenshot_corpus: list[Shot]) -> None:
    for shot in screenshot_corpus:
        if "second-bubble" in shot.variant:
            first, second = shot.truth.rsplit("\n", 1)
            assert first == shot.message.text and second.strip()
        else:
            assert shot.truth == shot.message.text
        assert shot.style.startswith(shot.message.kind)


def test_every_image_decodes_at_its_size(screenshot_corpus: list[Shot]) -> None:
    for shot in screenshot_corpus:
        with Image.open(shot.path) as picture:
            picture.load()
            expected = "JPEG" if "jpeg-blur" in shot.variant else "PNG"
            assert picture.format == expected, shot.path
            width, height = viewport(shot.style, shot.scale)
            assert picture.width == width * shot.scale, shot.path
            # The whole page: at least the screen, taller when a message scrolls.
            assert picture.height >= height * shot.scale, shot.path
            assert picture.height % shot.scale == 0, shot.path


def test_dark_styles_are_dark_and_light_ones_light(screenshot_corpus: list[Shot]) -> None:
    for shot in screenshot_corpus:
        with Image.open(shot.path) as picture:
            brightness = ImageStat.Stat(picture.convert("L")).mean[0]
        if shot.style.endswith("-dark"):
            assert brightness < DARK_BELOW, (shot.path, brightness)
        else:
            assert brightness > LIGHT_ABOVE, (shot.path, brightness)


def test_a_second_run_reuses_the_cache(screenshot_corpus: list[Shot]) -> None:
    out_dir = screenshot_corpus[0].path.parent
    before = {shot.path: shot.path.stat().st_mtime_ns for shot in screenshot_corpus}
    manifest = (out_dir / "manifest.json").stat().st_mtime_ns
    again = render_corpus(out_dir)
    assert again == screenshot_corpus
    assert {shot.path: shot.path.stat().st_mtime_ns for shot in again} == before
    assert (out_dir / "manifest.json").stat().st_mtime_ns == manifest

"""The widget's 'Privacy' link (bot/widget/widget-privacy.js) in Debian's Chromium against
a live gateway in front of the fake Rasa: by keyboard it opens the short text, a screen
reader hears it as an expanded disclosure with a labelled region, 'Download dit gesprek'
saves this conversation as text, Escape closes it again; axe finds nothing serious."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.tests.browser_helpers import serious_violations
from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import GREETING, FakeRasa, text
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)
from bot.tests.widget_client import marker

ANSWER = "Dank je. Klik niet op de link in dat bericht."


@pytest.fixture(scope="module")
def gateway(fake_rasa_server: FakeRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("privacy")
    with serve_gateway(fake_rasa_server.url, f"sqlite:///{folder / 'gateway.db'}", folder) as url:
        yield url


@pytest.fixture
def page(browser: Browser, gateway: str, fake_rasa: FakeRasa) -> Iterator[Page]:  # noqa: F811
    fake_rasa.on(re.compile("Ik kreeg een sms"), text(ANSWER))
    page = new_page(browser, gateway)
    try:
        yield page
    finally:
        page.context.close()


def test_the_privacy_text_and_the_download_by_keyboard(page: Page, tmp_path: Path) -> None:
    words = marker()
    page.goto("/demo")
    log = page.get_by_role("log")
    expect(log).to_contain_text(GREETING)
    box = page.get_by_role("textbox", name="Je bericht")
    box.fill(f"Ik kreeg een sms {words}")
    box.press("Enter")
    expect(log).to_contain_text(ANSWER)

    toggle = page.get_by_role("button", name="Privacy", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    panel = page.get_by_role("region", name="Wat we bewaren")
    expect(panel).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    assert toggle.get_attribute("aria-controls") == panel.get_attribute("id")
    for said in (
        "We bewaren je berichten",
        "wissen we alles vanzelf",
        "Een vrijwilliger leest je gesprek alleen als je om een mens vroeg.",
        "Verwijder dit gesprek",
    ):
        expect(panel).to_contain_text(said)
    assert serious_violations(page) == []

    download_button = panel.get_by_role("button", name="Download dit gesprek")
    with page.expect_download() as info:
        download_button.focus()
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "mijn-gesprek.txt"
    saved = tmp_path / "gesprek.txt"
    download.save_as(saved)
    transcript = saved.read_text(encoding="utf-8")
    assert f"Jij:\nIk kreeg een sms {words}" in transcript
    assert GREETING.split("\n")[0] in transcript and ANSWER in transcript
    expect(panel.get_by_role("status")).to_have_text(
        "Het gesprek staat in je downloads: mijn-gesprek.txt."
    )

    # Escape closes the text and gives the focus back to the link.
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert serious_violations(page) == []

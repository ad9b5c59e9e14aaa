"""The report draft's 'Kopieer' and 'Download als PDF' (bot/widget/widget-report.js) in a
real browser (Debian's Chromium) against a live gateway process in front of the fake
Rasa, which plays the report form: the controls come under the bubble that finished the
draft (also after a reload), copying works with the Clipboard API and falls back to a
selected text box when the page may not copy, and the PDF downloads with the facts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from bot import texts
from bot.tests.browser_helpers import serious_violations
from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import GREETING, FakeRasa
from bot.tests.report_helpers import FACTS, FINISHED_TEXT, pdf_text, plain, script_form
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)

KEY = "scamhelp.conversation"
GROUP = "Concept voor je aangifte"
COPIED = "Gekopieerd. Plak de tekst in het formulier van de politie, of in een mail aan jezelf."
# Copying refused, as a browser does without the permission or outside https.
NO_CLIPBOARD = """
Object.defineProperty(navigator, 'clipboard', {
  configurable: true,
  value: { writeText: function () { return Promise.reject(new Error('NotAllowedError')); } }
});
"""


@pytest.fixture(scope="module")
def gateway(fake_rasa_server: FakeRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("reports")
    with serve_gateway(fake_rasa_server.url, f"sqlite:///{folder / 'gateway.db'}", folder) as url:
        yield url


def almost_finished(gateway: str, fake: FakeRasa) -> tuple[str, str]:
    """A conversation that answered every question of the form but the last (over HTTP,
    as the widget does); its id and the last answer."""
    said = script_form(fake)
    with httpx.Client(base_url=gateway, timeout=30) as http:
        cid = http.post("/api/conversations", json={"campaign": "demo"}).json()["conversation_id"]
        for words in said[:-1]:
            response = http.post(f"/api/conversations/{cid}/messages", json={"text": words})
            assert response.status_code == 200, response.text
    return cid, said[-1]


def widget_page(browser: Browser, gateway: str, cid: str, **options: object) -> Page:  # noqa: F811
    """The demo page, continuing conversation `cid` (the widget keeps its id in
    sessionStorage)."""
    page = new_page(browser, gateway, **options)
    page.add_init_script(f"sessionStorage.setItem('{KEY}', '{cid}')")
    return page


def answer_last(page: Page, words: str) -> Locator:
    """Type the form's last answer; the draft's group under the bubble that finished it."""
    page.goto("/demo")
    log = page.get_by_role("log")
    expect(log).to_contain_text(GREETING)
    box = page.get_by_role("textbox", name="Je bericht")
    box.fill(words)
    box.press("Enter")
    group = log.get_by_role("group", name=GROUP)
    expect(group).to_have_count(1)
    return group


def finished_bubble(page: Page) -> Locator:
    return page.locator(".scamhelp-bot", has=page.get_by_role("group", name=GROUP))


def test_kopieer_copies_the_draft_and_the_pdf_downloads(
    browser: Browser,  # noqa: F811
    gateway: str,
    fake_rasa: FakeRasa,
    tmp_path: Path,
) -> None:
    cid, last = almost_finished(gateway, fake_rasa)
    page = widget_page(browser, gateway, cid, permissions=["clipboard-read", "clipboard-write"])
    try:
        group = answer_last(page, last)
        # Under the bubble with the draft's text, and under no other.
        bubble = finished_bubble(page)
        expect(bubble).to_have_count(1)
        expect(bubble.locator(".scamhelp-text")).to_have_text(FINISHED_TEXT)
        copy = group.get_by_role("button", name="Kopieer", exact=True)
        copy.focus()
        page.keyboard.press("Enter")  # by keyboard, as a screen-reader user would
        expect(group.get_by_role("status")).to_have_text(COPIED)
        assert page.evaluate("navigator.clipboard.readText()") == FINISHED_TEXT

        link = group.get_by_role("link", name="Download als PDF", exact=True)
        expect(link).to_have_attribute("download", "concept-aangifte.pdf")
        with page.expect_download() as info:
            link.focus()
            page.keyboard.press("Enter")
        download = info.value
        assert download.suggested_filename == "concept-aangifte.pdf"
        saved = tmp_path / "concept.pdf"
        download.save_as(saved)
        words = pdf_text(saved.read_bytes())
        for answer in FACTS.values():
            assert plain(answer) in words, answer
        assert "Waar doe je aangifte?" in words
        assert serious_violations(page) == []

        # After a reload the controls come back under the same bubble (GET messages).
        page.reload()
        expect(page.get_by_role("log")).to_contain_text("Dit is je concept.")
        expect(page.get_by_role("group", name=GROUP)).to_have_count(1)
        expect(finished_bubble(page).locator(".scamhelp-text")).to_have_text(FINISHED_TEXT)
    finally:
        page.context.close()


def test_without_the_clipboard_the_text_is_selected_for_the_resident(
    browser: Browser,  # noqa: F811
    gateway: str,
    fake_rasa: FakeRasa,
) -> None:
    cid, last = almost_finished(gateway, fake_rasa)
    page = widget_page(browser, gateway, cid)
    page.add_init_script(NO_CLIPBOARD)
    try:
        group = answer_last(page, last)
        group.get_by_role("button", name="Kopieer", exact=True).click()
        expect(group.get_by_role("status")).to_contain_text("Kopiëren lukte niet.")
        area = group.get_by_role("textbox", name="Tekst van je concept")
        expect(area).to_have_value(FINISHED_TEXT)
        expect(area).to_be_focused()
        selected = area.evaluate("a => [a.selectionStart, a.selectionEnd, a.value.length]")
        assert selected == [0, len(FINISHED_TEXT), len(FINISHED_TEXT)]
        assert serious_violations(page) == []

        # Erased meanwhile (another tab): the gateway's Dutch refusal, no stale text.
        with httpx.Client(base_url=gateway, timeout=30) as http:
            assert http.delete(f"/api/conversations/{cid}").status_code == 204
        group.get_by_role("button", name="Kopieer", exact=True).click()
        expect(group.get_by_role("status")).to_have_text(texts.UNKNOWN_CONVERSATION)
    finally:
        page.context.close()

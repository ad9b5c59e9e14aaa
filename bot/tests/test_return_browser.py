"""The personal return link in a real browser (Debian's Chromium) against a live gateway
and Rasa: the resident leaves after the hand-off, the volunteer answers, the link opened
in a NEW browser context brings the conversation back and a later reply arrives there."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from bot import texts
from bot.tests.browser_helpers import PHONE, add_account, log_in, serious_violations
from bot.tests.test_console_browser import agree_to_reading, type_message
from bot.tests.test_widget_browser import (
    browser,  # noqa: F401  (fixture)
    gateway,  # noqa: F401  (fixture)
    new_page,
    open_demo,
)
from bot.tests.widget_client import marker

ASK_HUMAN = "Ik wil met een vrijwilliger praten"
SAVE = "Bewaar deze link."


def no_horizontal_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for control in page.locator(".scamhelp-widget button:visible").all():
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_return_link_brings_the_conversation_to_a_new_browser(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    username = add_account(live_database_url)
    console = new_page(browser, gateway)
    resident = new_page(browser, gateway, viewport=PHONE)
    later = None
    try:
        log_in(console, username)
        log = open_demo(resident)
        type_message(resident, ASK_HUMAN)
        expect(log).to_contain_text(texts.CONSENT_QUESTION)
        expect(log).to_contain_text("Bewaar dan eerst de link")
        # Offered once, after what the hand-off said; with the words explained.
        link_box = resident.locator(".scamhelp-link")
        expect(link_box).to_contain_text(SAVE)
        expect(link_box).to_contain_text("Een link is een adres")
        expect(link_box.get_by_role("button", name="Kopieer de link")).to_be_visible()
        assert link_box.get_attribute("aria-live") == "polite"
        url = resident.locator(".scamhelp-link-url").inner_text()
        assert url.startswith(f"{gateway}/terug#") and len(url.split("#", 1)[1]) == 43
        no_horizontal_scroll(resident, PHONE["width"])

        agree_to_reading(log)
        note = f"Ik wacht op hulp {marker(6)}"
        type_message(resident, note)
        expect(log).to_contain_text(texts.STILL_WAITING)
        resident.context.close()  # the resident closes the tab

        row = console.locator("tr").filter(has_text=note)
        row.get_by_role("link").first.click()
        console.get_by_role("button", name="Zaak oppakken").click()
        first = f"Hoi, ik ben Anna ({marker(4)}). Ben je er nog?"
        console.get_by_label("Je antwoord aan de bewoner").fill(first)
        console.get_by_role("button", name="Verstuur").click()
        expect(console.locator("#messages")).to_contain_text(first)
        expect(console.locator("dl.facts")).to_contain_text("Laatst actief")

        # Another phone or computer: nothing shared but the link.
        later = new_page(browser, gateway, viewport=PHONE)
        later.goto(url)
        back = later.get_by_role("log")
        expect(back).to_contain_text(note)
        expect(back.locator(".scamhelp-volunteer")).to_contain_text(first)
        # The secret left the address bar; the conversation lives in this tab now.
        assert "#" not in later.url
        assert later.evaluate("sessionStorage.getItem('scamhelp.conversation')")
        second = f"Bel je bank op het nummer op je pas ({marker(4)})."
        console.get_by_label("Je antwoord aan de bewoner").fill(second)
        console.get_by_role("button", name="Verstuur").click()
        expect(back.locator(".scamhelp-volunteer").last).to_contain_text(second)
        no_horizontal_scroll(later, PHONE["width"])
        assert not serious_violations(later)
    finally:
        console.context.close()
        if later is not None:
            later.context.close()


def test_a_wrong_link_says_so_and_offers_a_new_conversation(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
) -> None:
    page = new_page(browser, gateway, viewport=PHONE)
    try:
        page.goto("/terug#" + "A" * 43)
        log = page.get_by_role("log")
        expect(log).to_contain_text(texts.RETURN_LINK_INVALID)
        assert not serious_violations(page)
        page.get_by_role("button", name="Begin een nieuw gesprek").click()
        expect(log).to_contain_text("Vertel in je eigen woorden wat er gebeurde")
        no_horizontal_scroll(page, PHONE["width"])
    finally:
        page.context.close()

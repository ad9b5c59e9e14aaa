"""The volunteer console and the widget together in a real browser (Debian's Chromium),
against a live gateway and Rasa: log in, an urgent case appears, claim, reply, the
resident's widget shows the reply; hand back, and the assistant answers again."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Locator, Page, expect

from bot import texts
from bot.tests.browser_helpers import add_account, log_in, serious_violations
from bot.tests.test_widget_browser import (
    PHISHING,
    browser,  # noqa: F401  (fixture)
    gateway,  # noqa: F401  (fixture)
    message_box,
    new_page,
    open_demo,
)
from bot.tests.widget_client import marker

PAID = "Ik heb net {amount} euro overgemaakt naar iemand die zich voordeed als mijn dochter"
ASK_HUMAN = "Praat met een vrijwilliger"


def type_message(page: Page, text: str) -> None:
    message_box(page).fill(text)
    page.keyboard.press("Enter")


def agree_to_reading(log: Locator) -> None:
    """The resident answers 'Mag een vrijwilliger meelezen?' with yes."""
    log.get_by_role("button", name=texts.CONSENT_YES_BUTTON).click()
    expect(log).to_contain_text(texts.CONSENT_GIVEN)


def test_volunteer_helps_a_resident_and_hands_back(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    username = add_account(live_database_url)
    console = new_page(browser, gateway)
    resident = new_page(browser, gateway)
    try:
        log_in(console, username)
        assert not serious_violations(console)

        # The resident reports damage and asks for a person.
        amount = str(uuid.uuid4().int % 900 + 100)
        log = open_demo(resident)
        type_message(resident, PAID.format(amount=amount))
        expect(log).to_contain_text("bel meteen je eigen bank")
        log.get_by_role("button", name=ASK_HUMAN).last.click()
        expect(log).to_contain_text(texts.CONSENT_QUESTION)
        expect(log).to_contain_text("Er is nu een vrijwilliger online")
        agree_to_reading(log)
        note = f"Het ging om {amount} euro, via WhatsApp"
        type_message(resident, note)
        expect(log).to_contain_text(texts.STILL_WAITING)

        # The urgent case appears in the open console without a reload, with an alert.
        expect(console.get_by_role("alert")).to_contain_text("Nieuwe dringende zaak")
        assert console.title().startswith("(!) ")
        row = console.locator("tr.urgent").filter(has_text=note)
        expect(row).to_contain_text("Dringend")
        row.get_by_role("link").click()
        expect(console.get_by_role("heading", level=1)).to_contain_text("Dringend")
        expect(console.locator("#messages")).to_contain_text(PAID.format(amount=amount))
        console.get_by_role("button", name="Zaak oppakken").click()
        expect(resident.get_by_role("log")).to_contain_text("Vrijwilliger Anna helpt je nu")
        assert not serious_violations(console)

        reply = f"Hoi, ik ben Anna ({marker(4)}). Heb je je bank al gebeld?"
        console.get_by_label("Je antwoord aan de bewoner").fill(reply)
        console.get_by_role("button", name="Verstuur").click()
        expect(log.locator(".scamhelp-volunteer")).to_contain_text(reply)

        # The resident answers; it shows up in the volunteer's open case page.
        type_message(resident, "Ja, de bank heeft de betaling gestopt")
        expect(console.locator("#messages")).to_contain_text("de bank heeft de betaling gestopt")

        console.get_by_label("Uitkomst").select_option("bank")
        console.get_by_role("button", name="Terug naar de assistent").click()
        console.get_by_role("button", name="Ja, terug naar de assistent").click()
        expect(console.get_by_role("heading", name="Wachtrij")).to_be_visible()
        expect(log).to_contain_text(texts.VOLUNTEER_HANDED_BACK)

        # The volunteer finished that case: a new message is a new case, with its own
        # damage question.
        type_message(resident, PHISHING)
        expect(log.locator(".scamhelp-bot").last).to_contain_text(
            re.compile("Heb je al op een link geklikt", re.IGNORECASE)
        )
        expect(log).to_contain_text(re.compile("Dit lijkt op phishing", re.IGNORECASE))
    finally:
        console.context.close()
        resident.context.close()


def test_pasted_html_stays_inert_in_the_console(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    username = add_account(live_database_url)
    console = new_page(browser, gateway)
    resident = new_page(browser, gateway)
    dialogs: list[str] = []
    console.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        log = open_demo(resident)
        type_message(resident, "Kan ik een mens spreken?")
        agree_to_reading(log)
        # Letters only: the list view masks a run of digits as a phone number.
        mark = marker(6)
        hostile = (
            f"{mark} <img src=x onerror=alert(1)> <script>alert(2)</script> "
            "https://ing-verify.example.com/login"
        )
        type_message(resident, hostile)
        expect(log).to_contain_text(texts.STILL_WAITING)

        log_in(console, username)
        console.locator("tr", has_text=mark).get_by_role("link").click()
        messages = console.locator("#messages")
        expect(messages).to_contain_text("<script>alert(2)</script>")
        expect(messages).to_contain_text("hxxps://ing-verify[.]example[.]com/login")
        assert messages.locator("img, script, a").count() == 0
        assert dialogs == []
    finally:
        console.context.close()
        resident.context.close()


def test_campaign_link_from_the_console_is_counted(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    team = new_page(browser, gateway)
    resident = new_page(browser, gateway)
    code = f"bieb-{marker(6)}"
    try:
        log_in(team, add_account(live_database_url, "Cas", "campaign"), landing="Cijfers")
        team.get_by_role("link", name="Campagnes").click()
        team.get_by_label("Naam").fill("Ouderen in de bibliotheek")
        team.get_by_label("Code (mag leeg: dan maken we er een)").fill(code)
        team.get_by_label("Doelgroep").select_option("ouderen")
        team.get_by_role("button", name="Campagne maken").click()
        row = team.locator(f'tr[data-campaign="{code}"]')
        link = row.locator(".web-link").inner_text()
        assert link == f"{gateway}/c/{code}"
        with team.expect_download() as download:
            row.get_by_role("link", name="Web (PNG)").click()
        assert download.value.suggested_filename.endswith(".png")
        assert not serious_violations(team)

        resident.goto(link)
        log = resident.get_by_role("log")
        expect(log).to_contain_text(texts.WELCOME_BY_GROUP["ouderen"])
        type_message(resident, PHISHING)
        expect(log).to_contain_text(re.compile("phishing", re.IGNORECASE))

        team.goto(f"/console/figures?campagne={code}")
        counted = team.locator("table.figures tr", has_text=code).first
        expect(counted).to_contain_text("< 5")  # one conversation: shown as '< 5'
        assert not serious_violations(team)
    finally:
        team.context.close()
        resident.context.close()

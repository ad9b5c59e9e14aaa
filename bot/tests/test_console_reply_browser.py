"""The case page like a helpdesk in a real browser (Debian's Chromium), against a live
gateway and Rasa: an unread marker on another page, sending without a reload and never
twice, a canned reply at the cursor, a draft that survives a session end, a phone-wide
page without horizontal scroll, and no serious accessibility problems."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from bot.tests.browser_helpers import PHONE, add_account, log_in, serious_violations
from bot.tests.console_helpers import PASSWORD
from bot.tests.test_console_browser import (
    ASK_HUMAN,
    PAID,
    agree_to_reading,
    type_message,
)
from bot.tests.test_widget_browser import (
    browser,  # noqa: F401  (fixture)
    gateway,  # noqa: F401  (fixture)
    new_page,
    open_demo,
)
from bot.tests.widget_client import marker
from tools.console_login import second_step_page

LONG_LINK = "https://" + "heel-lang-adres-" * 8 + ".example/betaal?code=" + "x" * 60


def open_case(console: Page, resident: Page, note: str, tag: str) -> int:
    """The resident hands off (damage, a person, consent) and writes note (with tag in it);
    the volunteer opens the case from the live queue and claims it. Returns the case id."""
    amount = str(uuid.uuid4().int % 900 + 100)
    log = open_demo(resident)
    type_message(resident, PAID.format(amount=amount))
    expect(log).to_contain_text("bel meteen je eigen bank")
    log.get_by_role("button", name=ASK_HUMAN).last.click()
    agree_to_reading(log)
    type_message(resident, note)
    console.locator("tr").filter(has_text=tag).get_by_role("link").first.click()
    console.get_by_role("button", name="Zaak oppakken").click()
    expect(console.get_by_label("Je antwoord aan de bewoner")).to_be_visible()
    return int(console.evaluate("document.body.dataset.case"))


def test_unread_send_canned_and_a_draft_after_the_session_ended(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    username = add_account(live_database_url)
    console = new_page(browser, gateway)
    resident = new_page(browser, gateway)
    try:
        log_in(console, username)
        tag = marker(6)
        case_id = open_case(console, resident, f"{tag}: het ging via {LONG_LINK}", tag)
        log = resident.get_by_role("log")
        assert not serious_violations(console)

        # On another page the volunteer still sees that the resident wrote.
        console.get_by_role("link", name="Standaardantwoorden").click()
        expect(console.get_by_role("heading", name="Standaardantwoorden")).to_be_visible()
        assert not serious_violations(console)
        type_message(resident, f"Bent u er nog? {marker(4)}")
        expect(console).to_have_title(re.compile(r"^\(1\) Standaardantwoorden"))
        expect(console.locator("#unread-badge")).to_have_text("1 nieuw")
        console.goto(f"/console/cases/{case_id}")
        expect(console.locator("#unread-badge")).to_be_hidden()
        expect(console).to_have_title(re.compile(r"^Zaak "))

        # Sending: no reload (a window variable survives), a double click is one message.
        console.evaluate("window.stayed = 'ja'")
        box = console.get_by_label("Je antwoord aan de bewoner")
        reply = f"Ik ben er, {marker(6)}."
        box.fill(reply)
        console.get_by_role("button", name="Verstuur").dblclick()
        expect(console.get_by_role("status").filter(has_text="Verstuurd.")).to_be_visible()
        expect(box).to_have_value("")
        expect(box).to_be_focused()
        expect(log.locator(".scamhelp-volunteer").filter(has_text=reply)).to_have_count(1)
        expect(console.locator("#messages .msg-volunteer").filter(has_text=reply)).to_have_count(1)
        assert console.evaluate("window.stayed") == "ja"
        with_keys = f"Met de toetsen, {marker(6)}."
        box.fill(with_keys)
        box.press("Control+Enter")
        expect(log.locator(".scamhelp-volunteer").filter(has_text=with_keys)).to_have_count(1)
        console.reload()
        expect(console.locator("#messages .msg-volunteer").filter(has_text=reply)).to_have_count(1)

        # A canned reply goes where the cursor is, and only on 'Invoegen'.
        box = console.get_by_label("Je antwoord aan de bewoner")
        box.fill("Hallo daar")
        box.evaluate("field => field.setSelectionRange(6, 6)")
        canned = console.get_by_label("Standaardantwoord")
        canned.focus()
        console.keyboard.press("ArrowDown")
        expect(box).to_have_value("Hallo daar")
        canned.select_option(index=1)
        chosen = canned.input_value()
        assert chosen
        expect(box).to_have_value("Hallo daar")
        console.get_by_role("button", name="Invoegen").click()
        expect(box).to_have_value("Hallo " + chosen + "daar")

        # The session ends while typing: a banner, the text kept, and back after log-in.
        draft = f"Concept {marker(6)}"
        with console.expect_response(lambda r: r.url.endswith("/draft") and r.ok):
            box.fill(draft)
        console.context.clear_cookies()
        box.press_sequentially(" en meer")
        banner = console.get_by_role("alert").filter(has_text="Je bent uitgelogd.")
        expect(banner).to_contain_text("Je tekst is bewaard.")
        expect(console.locator("#messages")).not_to_contain_text("Inloggen voor vrijwilligers")
        banner.get_by_role("link", name="Log opnieuw in.").click()
        console.get_by_label("Gebruikersnaam").fill(username)
        console.get_by_label("Wachtwoord").fill(PASSWORD)
        console.get_by_role("button", name="Inloggen").click()
        second_step_page(console, username)  # the code, and still back to the case
        expect(console.get_by_role("heading", level=1)).to_contain_text(f"Zaak {case_id}")
        box = console.get_by_label("Je antwoord aan de bewoner")
        with console.expect_response(lambda r: r.url.endswith("/draft") and r.ok):
            expect(box).to_have_value(draft + " en meer")
        console.reload()  # now from the server, not the browser's copy
        expect(console.get_by_label("Je antwoord aan de bewoner")).to_have_value(draft + " en meer")
        assert console.evaluate(f"localStorage.getItem('console.draft.{case_id}')") is None

        # On a phone: nothing wider than the screen.
        phone = new_page(browser, gateway, viewport=PHONE)
        try:
            log_in(phone, username)
            phone.goto(f"/console/cases/{case_id}")
            expect(phone.locator("#messages")).to_contain_text("heel-lang-adres")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            for name in ("Verstuur", "Invoegen", "Zaak afsluiten"):
                shown = phone.get_by_role("button", name=name).bounding_box()
                assert shown is not None and shown["x"] + shown["width"] <= 390, name
            phone.goto("/console/canned")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            phone.context.close()
    finally:
        console.context.close()
        resident.context.close()

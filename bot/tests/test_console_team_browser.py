"""The team, account and audit pages in a real browser (Debian's Chromium) against a
live gateway: a phone's width (390 px) without sideways scrolling, no serious axe
findings, and switching an account off only after ticking 'Ja, zet ... uit'."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from bot.tests.browser_helpers import (
    PHONE,
    add_account,
    fits_the_phone,
    log_in,
    serious_violations,
)
from bot.tests.test_widget_browser import (
    browser,  # noqa: F401  (fixture)
    gateway,  # noqa: F401  (fixture)
    new_page,
)


def test_team_account_and_audit_pages_fit_a_phone_and_pass_axe(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    coordinator = add_account(live_database_url, "Coco", "coordinator")
    volunteer = add_account(live_database_url)
    page = new_page(browser, gateway, viewport=PHONE)
    try:
        log_in(page, coordinator)
        page.get_by_role("link", name="Team en instellingen").click()
        expect(page.get_by_role("heading", name="Team en instellingen")).to_be_visible()
        fits_the_phone(page)
        assert not serious_violations(page)

        page.locator(f'tr[data-volunteer="{volunteer}"]').get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(volunteer)
        fits_the_phone(page)
        assert not serious_violations(page)
        page.get_by_label("Naam die bewoners zien").fill("Anna de Vries")
        page.get_by_role("button", name="Naam opslaan").click()
        expect(page.get_by_role("status")).to_have_text("De naam is nu Anna de Vries.")

        page.get_by_role("link", name="Mijn account").click()
        expect(page.get_by_role("heading", name="Mijn account")).to_be_visible()
        fits_the_phone(page)
        assert not serious_violations(page)

        page.get_by_role("link", name="Logboek").click()
        expect(page.get_by_role("heading", name="Logboek")).to_be_visible()
        page.get_by_label("Wat").select_option("change_name")
        page.get_by_label("Wie").select_option(coordinator)
        page.get_by_role("button", name="Tonen").click()
        expect(page.locator("table.cases")).to_contain_text(
            f"Naam van Anna de Vries ({volunteer}) gewijzigd: Anna → Anna de Vries"
        )
        fits_the_phone(page)
        assert not serious_violations(page)
    finally:
        page.context.close()


def test_switching_someone_off_asks_for_confirmation_first(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    coordinator = add_account(live_database_url, "Coco", "coordinator")
    volunteer = add_account(live_database_url)
    page = new_page(browser, gateway, viewport=PHONE)
    theirs = new_page(browser, gateway)
    try:
        log_in(theirs, volunteer)
        log_in(page, coordinator)
        page.goto("/console/team")
        page.locator(f'tr[data-volunteer="{volunteer}"]').get_by_role("link").click()
        page.get_by_label("Naam die bewoners zien").fill("Bram")
        page.get_by_role("button", name="Naam opslaan").click()
        expect(page.get_by_role("status")).to_have_text("De naam is nu Bram.")

        # Without the tick the browser does not send the form (no JavaScript needed).
        tick = page.get_by_label("Ja, zet Bram uit")
        page.get_by_role("button", name="Uitzetten").click()
        assert tick.evaluate("box => box.validity.valueMissing")
        expect(page.get_by_role("status")).to_have_text("De naam is nu Bram.")
        theirs.reload()
        expect(theirs.get_by_role("heading", name="Wachtrij")).to_be_visible()

        tick.check()
        page.get_by_role("button", name="Uitzetten").click()
        expect(page.get_by_role("status")).to_have_text(
            "Bram is uitgezet en kan niet meer inloggen."
        )
        expect(page.get_by_role("button", name="Weer aanzetten")).to_be_visible()
        fits_the_phone(page)
        assert not serious_violations(page)
        theirs.reload()
        expect(theirs.get_by_role("button", name="Inloggen")).to_be_visible()
    finally:
        page.context.close()
        theirs.context.close()

"""The figures page in a real browser (Debian's Chromium) on a phone-sized screen, against
a live gateway and Rasa: a campaign team member sees the campaign by name and
municipality, the visits apart from the conversations, no horizontal scroll, and no
serious accessibility problems."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from bot import texts
from bot.tests.browser_helpers import PHONE, add_account, log_in, serious_violations
from bot.tests.test_console_browser import type_message
from bot.tests.test_widget_browser import (
    PHISHING,
    browser,  # noqa: F401  (fixture)
    gateway,  # noqa: F401  (fixture)
    new_page,
)
from bot.tests.widget_client import marker


def test_figures_on_a_phone(
    browser: Browser,  # noqa: F811
    gateway: str,  # noqa: F811
    live_database_url: str,
) -> None:
    team = new_page(browser, gateway, viewport=PHONE)
    code = f"flyer-{marker(6)}"
    name = f"Laat je niet interneppen, Utrecht ({code})"
    try:
        log_in(team, add_account(live_database_url, "Cas", "campaign"), landing="Cijfers")
        team.goto("/console/campaigns")
        team.get_by_label("Naam").fill("Laat je niet interneppen")
        team.get_by_label("Code (mag leeg: dan maken we er een)").fill(code)
        team.get_by_label("Doelgroep").select_option("ouderen")
        team.get_by_label("Gemeente (mag leeg)").fill("Utrecht")
        team.get_by_role("button", name="Campagne maken").click()
        expect(team.locator(f'tr[data-campaign="{code}"]')).to_be_visible()

        # Two visits: one resident only opens the page, the other one writes.
        for writes in (False, True):
            resident = new_page(browser, gateway)
            try:
                resident.goto(f"/c/{code}")
                log = resident.get_by_role("log")
                expect(log).to_contain_text(texts.WELCOME_BY_GROUP["ouderen"][:40])
                if writes:
                    type_message(resident, PHISHING)
                    expect(log).to_contain_text(re.compile("phishing", re.IGNORECASE))
            finally:
                resident.context.close()

        team.goto("/console/figures")
        team.get_by_label("Campagne", exact=True).select_option(label=name)
        team.get_by_role("button", name="Toon").click()
        row = team.locator("table.figures tr", has_text=name).first
        expect(row).to_be_visible()
        expect(row.locator('td[data-label="Bezoeken"]')).to_have_text("< 5")
        expect(row.locator('td[data-label="Gesprekken"]')).to_have_text("< 5")
        expect(team.get_by_role("heading", name="Hoe snel helpen we?")).to_be_visible()
        # The table is a labelled card on a phone: its column name shows before the value.
        before = row.locator('td[data-label="Bezoeken"]').evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
        assert "Bezoeken" in before
        assert team.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for chart in team.locator(".chart svg").all():
            box = chart.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert not serious_violations(team)
    finally:
        team.context.close()

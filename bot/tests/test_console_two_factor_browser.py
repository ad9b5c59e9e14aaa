"""Two-factor set-up in a real browser (Debian's Chromium) against a live gateway process
in front of the fake Rasa: the first log-in shows the QR code and the secret, the secret
read off the page gives the code that confirms it, the ten recovery codes show once, and
the next log-in asks for a code. On a phone's screen, with no axe finding."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, expect

from bot.tests.browser_helpers import PHONE, add_account, fits_the_phone, log_in, violations
from bot.tests.cli_accounts import PASSWORD
from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import FakeRasa
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)
from tools.console_login import AUTHENTICATOR


@pytest.fixture(scope="module")
def live(
    fake_rasa_server: FakeRasa, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The gateway's address and its database."""
    folder: Path = tmp_path_factory.mktemp("two-factor")
    database = f"sqlite:///{folder / 'gateway.db'}"
    with serve_gateway(fake_rasa_server.url, database, folder) as url:
        yield url, database


def test_the_first_log_in_sets_up_the_app_from_the_qr_page(
    browser: Browser,  # noqa: F811
    live: tuple[str, str],
) -> None:
    url, database = live
    # A coordinator: the code whatever the volunteers' switch (the next test turns it off).
    username = add_account(database, "Bea", "coordinator")
    page = new_page(browser, url, viewport=PHONE)
    try:
        page.goto("/console/login")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", name="Inloggen met een code instellen")).to_be_visible()
        qr = page.locator("figure.qr svg")
        expect(qr).to_be_visible()
        box = qr.bounding_box()
        assert box is not None and 150 <= box["width"] <= PHONE["width"]
        shown = page.locator("#secret").inner_text()
        assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", shown.strip()), shown
        assert violations(page) == []
        fits_the_phone(page)

        # A wrong code first: a Dutch message, and the same secret to try again.
        totp, now = pyotp.TOTP("".join(shown.split())), int(time.time()) // 30
        taken = {totp.generate_otp(step) for step in range(now - 25, now + 5)}
        wrong = next(c for c in (f"{n:06d}" for n in range(10**6)) if c not in taken)
        page.get_by_label("Code uit je app").fill(wrong)
        page.get_by_role("button", name="Bevestigen").click()
        expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet.")
        assert page.locator("#secret").inner_text() == shown

        # The code from the secret as typed off the page (kept, so a later log-in in this
        # process does not use the same time step again).
        page.get_by_label("Code uit je app").fill(AUTHENTICATOR.set_up(username, shown))
        page.get_by_role("button", name="Bevestigen").click()
        expect(page.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
        codes = page.locator("#recovery-codes code").all_inner_texts()
        assert len(codes) == len(set(codes)) == 10
        assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes), codes
        expect(page.get_by_role("status")).to_contain_text("maar één keer")
        assert violations(page) == []
        fits_the_phone(page)
        page.get_by_role("button", name="Ik heb ze bewaard. Verder").click()
        expect(page.get_by_role("heading", name="Wachtrij", exact=True)).to_be_visible()

        # Logged out and in again: now the code page, once with a recovery code.
        page.get_by_role("button", name="Uitloggen").click()
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", name="Typ je code")).to_be_visible()
        assert violations(page) == []
        fits_the_phone(page)
        page.get_by_label("Code uit je app").fill(codes[0])
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("status")).to_contain_text("Je hebt nog 9 herstelcodes.")
        page.get_by_role("button", name="Uitloggen").click()
        log_in(page, username)  # the helper: the app's code for the next time step
    finally:
        page.context.close()


def test_the_switch_the_reset_and_new_codes_in_the_browser(
    browser: Browser,  # noqa: F811
    live: tuple[str, str],
) -> None:
    """The coordinator's switch and reset and a volunteer's new recovery codes, on the
    pages they sit on: no axe finding, nothing wider than a phone."""
    url, database = live
    chris = add_account(database, "Chris", "coordinator")
    anna = add_account(database, "Anna")
    coordinator = new_page(browser, url, viewport=PHONE)
    volunteer = new_page(browser, url, viewport=PHONE)
    try:
        log_in(volunteer, anna)
        volunteer.goto("/console/account")
        expect(volunteer.get_by_text("Aan, nog 10 herstelcodes")).to_be_visible()
        assert violations(volunteer) == []
        fits_the_phone(volunteer)
        volunteer.get_by_label("Code uit je app").fill(AUTHENTICATOR.code(anna))
        volunteer.get_by_role("button", name="Nieuwe herstelcodes maken").click()
        expect(volunteer.locator("#recovery-codes li")).to_have_count(10)
        assert violations(volunteer) == []

        log_in(coordinator, chris)
        coordinator.goto("/console/team")
        switch = coordinator.locator("#two-factor-switch")
        expect(switch.get_by_label("Ja, wachtwoord en code (aangeraden)")).to_be_checked()
        assert violations(coordinator) == []
        fits_the_phone(coordinator)
        switch.get_by_label("Nee, alleen een wachtwoord").check()
        switch.get_by_role("button", name="Opslaan").click()
        expect(coordinator.get_by_role("status")).to_contain_text("Instellingen opgeslagen.")
        expect(switch.get_by_label("Nee, alleen een wachtwoord")).to_be_checked()

        coordinator.get_by_role("link", name=re.compile("Anna")).first.click()
        reset = coordinator.locator("#reset-two-factor")
        expect(reset).to_be_visible()
        assert violations(coordinator) == []
        fits_the_phone(coordinator)
        reset.get_by_label("Ja, wis de code van Anna").check()
        reset.get_by_role("button", name="Code wissen").click()
        expect(coordinator.get_by_role("status")).to_contain_text("is overal uitgelogd")
        # Anna's session ended; with the switch off she comes back with her password.
        volunteer.goto("/console")
        expect(volunteer.get_by_role("heading", name="Inloggen voor vrijwilligers")).to_be_visible()
        log_in(volunteer, anna)
    finally:
        coordinator.context.close()
        volunteer.context.close()

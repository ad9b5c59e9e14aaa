"""Two-factor log-in, the coordinator's and the account's side, over HTTP against the
gateway (fake Rasa; SQLite and PostgreSQL): the volunteers' switch (coordinators and
campaign accounts cannot skip the code), the reset (audited, sessions end, a new
set-up), new recovery codes on one's own account, and `python -m bot reset-2fa`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.console import auth, two_factor
from bot.helpdesk.audit_texts import describe
from bot.models import AuditEntry
from bot.tests.cli_accounts import _environment
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import (
    HTML,
    add_user,
    console_client,
    csrf_of,
    login,
    page_csrf,
    password_step,
)
from bot.tests.console_security_helpers import (
    refused_to_log_in,
    set_cookie_headers,
    volunteer_named,
)
from bot.tests.fake_rasa import FakeRasa
from bot.tests.two_factor_helpers import (
    RECOVERY,
    code_at,
    code_step,
    never_valid,
    send_code,
    sessions_of,
    set_up,
    step_now,
)
from tools.console_login import CODE_PAGE, SETUP_PAGE
from tools.rasa_processes import ROOT


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


# --- who must, and the switch -------------------------------------------------------------
async def test_the_switch_off_lets_volunteers_in_with_the_password_only(app: FastAPI) -> None:
    await add_user(app, "anna")
    await add_user(app, "chris", "coordinator")
    await add_user(app, "cato", "campaign")
    async with console_client(app) as coordinator:
        assert (await login(coordinator, "chris")).status_code == 303
        team = (await coordinator.get("/console/team", headers=HTML)).text
        assert 'name="volunteer_two_factor" value="on" checked' in team
        csrf = await page_csrf(coordinator, "/console/team")
        bad = await coordinator.post("/console/team/two-factor", data={"csrf": csrf})
        assert bad.status_code == 303
        assert "Kies aan of uit" in (await coordinator.get("/console/team", headers=HTML)).text
        done = await coordinator.post(
            "/console/team/two-factor", data={"csrf": csrf, "volunteer_two_factor": "off"}
        )
        assert done.status_code == 303
        team = (await coordinator.get("/console/team", headers=HTML)).text
        assert 'name="volunteer_two_factor" value="off" checked' in team
    async with console_client(app) as volunteer:
        first = await password_step(volunteer, "anna")
        assert first.status_code == 303 and first.headers["location"] == "/console"
        assert (await volunteer.get("/console", headers=HTML)).status_code == 200
    assert (await volunteer_named(app, "anna")).failed_logins == 0
    # Coordinators and campaign accounts cannot skip it.
    for name in ("chris", "cato"):
        async with console_client(app) as browser:
            first = await password_step(browser, name)
            assert first.headers["location"] in (CODE_PAGE, SETUP_PAGE), name
            assert not set_cookie_headers(first, auth.SESSION_COOKIE), name
            assert refused_to_log_in(await browser.get("/console/figures", headers=HTML))
    async with console_client(app) as campaign:
        assert (await login(campaign, "cato")).headers["location"] == "/console/figures"
    async with app.state.gateway.sessions() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert "Inloggen met code voor vrijwilligers: aan → uit" in {describe(e) for e in entries}


# --- the coordinator's reset, one's own new codes, the command line -----------------------
async def test_the_reset_ends_the_sessions_is_audited_and_means_a_new_set_up(
    app: FastAPI,
) -> None:
    await add_user(app, "anna")
    await add_user(app, "chris", "coordinator")
    async with (
        console_client(app) as phone,
        console_client(app) as laptop,
        console_client(app) as coordinator,
    ):
        assert (await login(phone, "anna")).status_code == 303
        assert (await login(laptop, "anna")).status_code == 303
        assert await sessions_of(app, "anna") == 2
        assert (await login(coordinator, "chris")).status_code == 303
        anna = await volunteer_named(app, "anna")
        here = f"/console/team/volunteers/{anna.id}"
        shown = await coordinator.get(here, headers=HTML)
        assert "Code wissen" in shown.text and "Ingesteld" in shown.text
        csrf = csrf_of(shown.text)
        reset_url = f"{here}/two-factor/reset"
        unconfirmed = await coordinator.post(reset_url, data={"csrf": csrf})
        assert unconfirmed.headers["location"] == here
        assert "Vink eerst aan" in (await coordinator.get(here, headers=HTML)).text
        assert await sessions_of(app, "anna") == 2
        no_token = await coordinator.post(reset_url, data={"bevestig": "ja"})
        assert no_token.status_code == 400
        done = await coordinator.post(reset_url, data={"csrf": csrf, "bevestig": "ja"})
        assert done.headers["location"] == here
        notice = (await coordinator.get(here, headers=HTML)).text
        assert "is overal uitgelogd" in notice and "Nog niet ingesteld" in notice
        assert await sessions_of(app, "anna") == 0
        assert refused_to_log_in(await phone.get("/console", headers=HTML))
        anna = await volunteer_named(app, "anna")
        assert anna.totp_secret is None and anna.totp_last_step is None
        async with app.state.gateway.sessions() as session:
            assert await two_factor.recovery_left(session, anna.id) == 0
            entries = (await session.scalars(select(AuditEntry))).all()
        assert (
            "Code voor inloggen van Anna (anna) gewist, stelt een nieuwe app in: "
            "2 sessies beëindigd"
        ) in {describe(e) for e in entries}
        audit_page = (await coordinator.get("/console/audit", headers=HTML)).text
        assert "Code voor inloggen van Anna (anna) gewist" in audit_page
    async with console_client(app) as browser:
        again = await password_step(browser, "anna")
        assert again.headers["location"] == SETUP_PAGE


async def test_a_volunteer_makes_new_recovery_codes_after_a_code(app: FastAPI) -> None:
    await add_user(app, "anna")
    async with console_client(app) as browser:
        secret, old_codes = await set_up(browser, "anna")
        account = (await browser.get("/console/account", headers=HTML)).text
        assert "Aan, nog 10 herstelcodes" in account
        csrf = csrf_of(account)
        wrong = await browser.post(
            "/console/account/recovery-codes", data={"csrf": csrf, "code": never_valid(secret)}
        )
        assert wrong.headers["location"] == "/console/account"
        assert two_factor.WRONG in (await browser.get("/console/account", headers=HTML)).text
        made = await browser.post(
            "/console/account/recovery-codes",
            data={"csrf": csrf, "code": code_at(secret, step_now() + 1)},
        )
        assert made.status_code == 200
        new_codes = RECOVERY.findall(made.text)
        assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    async with console_client(app) as browser:
        assert (await code_step(browser, "anna", old_codes[0])).status_code == 401
        assert (await send_code(browser, new_codes[0])).status_code == 303


def reset_2fa(database_url: str, username: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "reset-2fa", username],
        env=_environment(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


async def test_the_command_line_is_the_way_back_for_a_locked_out_coordinator(
    app: FastAPI, database_url: str
) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as browser:
        secret, _ = await set_up(browser, "chris")
    async with console_client(app) as browser:
        assert (await code_step(browser, "chris", never_valid(secret))).status_code == 401
        for _ in range(3):
            await send_code(browser, never_valid(secret))
        assert (await send_code(browser, never_valid(secret))).status_code == 429
    done = reset_2fa(database_url, "Chris")
    assert done.returncode == 0, done.stderr
    assert "Second factor of Chris reset (1 session(s) ended)" in done.stdout
    chris = await volunteer_named(app, "chris")
    assert chris.totp_secret is None and chris.locked_until is None
    async with console_client(app) as browser:
        assert (await password_step(browser, "chris")).headers["location"] == SETUP_PAGE
    async with app.state.gateway.sessions() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert any(
        describe(e).startswith("Code voor inloggen van Chris (chris) gewist")
        and "via de opdrachtregel" in describe(e)
        for e in entries
    )
    unknown = reset_2fa(database_url, "niemand")
    assert unknown.returncode != 0 and "Er is geen account niemand." in unknown.stderr

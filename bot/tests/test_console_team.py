"""Team and account management over HTTP against the gateway (fake Rasa; SQLite and
PostgreSQL): names and roles, the last coordinator, password resets and self-service
changes that end sessions, names whatever their case, switching off with a confirmation,
archiving accounts and campaigns."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.console import auth
from bot.models import AuditEntry, ConsoleSession, Volunteer
from bot.tests.cli_accounts import create_user_async
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, PASSWORD, add_user, console_client, csrf_of, login
from bot.tests.console_security_helpers import (
    error_of,
    refused_to_log_in,
    volunteer_named,
    with_cookie,
)
from bot.tests.fake_rasa import FakeRasa

NEW_PASSWORD = "nog-een-lang-wachtwoord-7"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


async def logged_in(app: FastAPI, username: str, password: str = PASSWORD) -> httpx.AsyncClient:
    browser = console_client(app)
    response = await login(browser, username, password)
    assert response.status_code == 303, response.text
    return browser


@contextlib.asynccontextmanager
async def signed_in(app: FastAPI, username: str) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as browser:
        assert (await login(browser, username)).status_code == 303
        yield browser


async def send(
    browser: httpx.AsyncClient, path: str, page: str = "/console/account", **data: str
) -> httpx.Response:
    """Post a console form (with the CSRF token of `page`); the page it leads to."""
    shown = await browser.get(page, headers=HTML)
    assert shown.status_code == 200, (page, shown.status_code)
    response = await browser.post(path, data={"csrf": csrf_of(shown.text), **data})
    assert response.status_code == 303, (path, response.status_code, response.text)
    return await browser.get(response.headers["location"], headers=HTML)


async def change(
    browser: httpx.AsyncClient, volunteer_id: int, action: str, **data: str
) -> httpx.Response:
    path = f"/console/team/volunteers/{volunteer_id}"
    return await send(browser, path, "/console/team", action=action, **data)


async def audit_rows(app: FastAPI, action: str) -> list[tuple[str | None, str | None]]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(
            select(AuditEntry.subject, AuditEntry.detail)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]


async def session_count(app: FastAPI, volunteer_id: int) -> int:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(
            select(ConsoleSession.token_hash).where(ConsoleSession.volunteer_id == volunteer_id)
        )
        return len(rows.all())


def notice_of(html: str) -> str:
    start = html.index('role="status">') + len('role="status">')
    return html[start : html.index("</p>", start)]


# --- names and roles ----------------------------------------------------------------------
async def test_coordinator_changes_a_role_and_a_name_and_the_log_says_so(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    anna = await volunteer_named(app, "anna")
    async with signed_in(app, "chris") as chris:
        page = await change(chris, anna.id, "role", role="coordinator")
        assert notice_of(page.text) == "Anna is nu coördinator."
        page = await change(chris, anna.id, "name", display_name="  Anna   de Vries ")
        assert notice_of(page.text) == "De naam is nu Anna de Vries."
        refused = await change(chris, anna.id, "role", role="baas")
        assert "Kies een rol" in error_of(refused.text)
        empty = await change(chris, anna.id, "name", display_name="   ")
        assert error_of(empty.text) == "Vul een naam in."
        audit_page = (await chris.get("/console/audit", headers=HTML)).text
    changed = await volunteer_named(app, "anna")
    assert (changed.role, changed.display_name) == ("coordinator", "Anna de Vries")
    assert await audit_rows(app, "change_role") == [("Anna (anna)", "vrijwilliger → coördinator")]
    assert await audit_rows(app, "change_name") == [
        ("Anna de Vries (anna)", "Anna → Anna de Vries")
    ]
    assert "Rol van Anna (anna): vrijwilliger → coördinator" in audit_page
    assert "Naam van Anna de Vries (anna) gewijzigd: Anna → Anna de Vries" in audit_page


async def test_the_last_active_coordinator_cannot_demote_or_switch_off_themselves(
    app: FastAPI,
) -> None:
    await add_user(app, "chris", "coordinator")
    chris_id = (await volunteer_named(app, "chris")).id
    last = "Je bent de laatste actieve coördinator. Maak eerst iemand anders coördinator."
    async with signed_in(app, "chris") as chris:
        for action, data in (
            ("role", {"role": "volunteer"}),
            ("deactivate", {"bevestig": "ja"}),
            ("archive", {"bevestig": "ja"}),
        ):
            page = await change(chris, chris_id, action, **data)
            assert error_of(page.text) == last, action
        still = await volunteer_named(app, "chris")
        assert (still.role, still.active, still.archived_at) == ("coordinator", True, None)

        # With a second coordinator, Chris may step down (and lands on their own account).
        await add_user(app, "dana", "coordinator")
        page = await change(chris, chris_id, "role", role="volunteer")
        assert page.status_code == 200 and "Mijn account" in page.text
        assert notice_of(page.text) == "Chris is nu vrijwilliger."
        assert (await chris.get("/console/team", headers=HTML)).status_code == 403
    assert (await volunteer_named(app, "chris")).role == "volunteer"


# --- passwords ----------------------------------------------------------------------------
async def test_a_password_reset_ends_every_session_and_lifts_a_lock_out(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    anna_id = (await volunteer_named(app, "anna")).id
    laptop, phone = await logged_in(app, "anna"), await logged_in(app, "anna")
    old_cookies = [b.cookies.get(auth.SESSION_COOKIE) for b in (laptop, phone)]
    assert await session_count(app, anna_id) == 2
    async with console_client(app) as stranger:  # locks Anna's account
        for n in range(app.state.gateway.settings.max_failed_logins):
            await login(stranger, "anna", f"fout-{n}")
    assert (await volunteer_named(app, "anna")).locked_until is not None
    async with signed_in(app, "chris") as chris:
        page = await change(chris, anna_id, "password", password=NEW_PASSWORD)
        assert notice_of(page.text) == (
            "Nieuw wachtwoord voor Anna opgeslagen; 2 sessies beëindigd."
        )
        short = await change(chris, anna_id, "password", password="kort")
        assert "minstens 12 tekens" in error_of(short.text)
    assert await session_count(app, anna_id) == 0
    for cookie in old_cookies:  # the old cookies get the log-in page
        assert cookie and refused_to_log_in(await with_cookie(app, cookie))
    reset = await volunteer_named(app, "anna")
    assert reset.locked_until is None and reset.failed_logins == 0
    assert await audit_rows(app, "reset_password") == [
        ("Anna (anna)", "2 sessies beëindigd, blokkade opgeheven")
    ]
    async with console_client(app) as again:
        assert (await login(again, "anna")).status_code == 401
        assert (await login(again, "anna", NEW_PASSWORD)).status_code == 303
    for browser in (laptop, phone):
        await browser.aclose()


async def test_every_role_changes_its_own_password_and_other_sessions_end(app: FastAPI) -> None:
    for name, role in (("anna", "volunteer"), ("chris", "coordinator"), ("cora", "campaign")):
        await add_user(app, name, role)
        me = await volunteer_named(app, name)
        here, elsewhere = await logged_in(app, name), await logged_in(app, name)
        other_cookie = elsewhere.cookies.get(auth.SESSION_COOKIE)
        account = (await here.get("/console/account", headers=HTML)).text
        assert 'href="/console/account"' in account and "Wachtwoord wijzigen" in account
        for current, new, repeat, error in (
            (
                "verkeerd-wachtwoord",
                NEW_PASSWORD,
                NEW_PASSWORD,
                "Je huidige wachtwoord klopt niet.",
            ),
            (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "De twee nieuwe wachtwoorden zijn niet"),
            (PASSWORD, "kort", "kort", "Kies een wachtwoord van minstens 12 tekens."),
            (PASSWORD, PASSWORD, PASSWORD, "anders is dan je huidige"),
        ):
            page = await send(
                here, "/console/account/password", current=current, new=new, repeat=repeat
            )
            assert error in error_of(page.text), (name, error)
        assert await session_count(app, me.id) == 2  # nothing changed yet
        page = await send(
            here,
            "/console/account/password",
            current=PASSWORD,
            new=NEW_PASSWORD,
            repeat=NEW_PASSWORD,
        )
        assert notice_of(page.text) == (
            "Je wachtwoord is gewijzigd. Op je andere apparaten ben je nu uitgelogd."
        )
        # This session stays; the other one is gone.
        assert (await here.get("/console/account", headers=HTML)).status_code == 200
        assert other_cookie and refused_to_log_in(await with_cookie(app, other_cookie))
        assert await session_count(app, me.id) == 1
        async with console_client(app) as fresh:
            assert (await login(fresh, name)).status_code == 401
            assert (await login(fresh, name, NEW_PASSWORD)).status_code == 303
        for browser in (here, elsewhere):
            await browser.aclose()
    own = await audit_rows(app, "change_own_password")
    assert [subject for subject, _ in own] == ["Anna (anna)", "Chris (chris)", "Cora (cora)"]
    assert all(detail == "andere sessies: 1 sessie beëindigd" for _, detail in own)


# --- names whatever their case ------------------------------------------------------------
async def test_names_are_one_name_whatever_their_case(app: FastAPI, database_url: str) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "vol3")
    async with signed_in(app, "chris") as chris:
        page = await send(
            chris,
            "/console/team/volunteers",
            "/console/team",
            username="Vol3",
            display_name="Tweede",
            role="volunteer",
            password=PASSWORD,
        )
        assert error_of(page.text) == "Die gebruikersnaam bestaat al."
    async with app.state.gateway.sessions() as session:
        names = (await session.execute(select(Volunteer.username))).scalars().all()
    assert sorted(names) == ["chris", "vol3"]
    # Log-in ignores the case of the name (not of the password).
    async with console_client(app) as browser:
        assert (await login(browser, " VOL3 ")).status_code == 303
        assert "Vol3 (" in (await browser.get("/console", headers=HTML)).text
    async with console_client(app) as browser:
        assert (await login(browser, "Vol3", PASSWORD.upper())).status_code == 401

    # The command line refuses too, with a reason and a failing exit code.
    done = await create_user_async(database_url, "VOL3", role=None)
    assert done.returncode == 1, done
    assert "Die gebruikersnaam bestaat al: vol3" in done.stderr
    assert (await volunteer_named(app, "vol3")).display_name == "Vol3"  # untouched


# --- switching off, with a confirmation ---------------------------------------------------
async def test_switching_off_needs_the_confirmation(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    anna_id = (await volunteer_named(app, "anna")).id
    anna = await logged_in(app, "anna")
    async with signed_in(app, "chris") as chris:
        member = (await chris.get(f"/console/team/volunteers/{anna_id}", headers=HTML)).text
        assert 'name="bevestig" value="ja" required> Ja, zet Anna uit' in member
        for data in ({}, {"bevestig": ""}, {"bevestig": "nee"}):
            page = await change(chris, anna_id, "deactivate", **data)
            assert error_of(page.text) == "Vink eerst aan dat je Anna echt wilt uitzetten."
        assert (await volunteer_named(app, "anna")).active
        assert (await anna.get("/console", headers=HTML)).status_code == 200
        assert await audit_rows(app, "deactivate_user") == []

        page = await change(chris, anna_id, "deactivate", bevestig="ja")
        assert notice_of(page.text) == "Anna is uitgezet en kan niet meer inloggen."
        assert not (await volunteer_named(app, "anna")).active
        assert refused_to_log_in(await anna.get("/console", headers=HTML))
        assert await session_count(app, anna_id) == 0
        assert "Weer aanzetten" in page.text
        page = await change(chris, anna_id, "activate")
        assert notice_of(page.text) == "Anna kan weer inloggen."
    await anna.aclose()
    assert await audit_rows(app, "deactivate_user") == [("Anna (anna)", None)]
    assert await audit_rows(app, "activate_user") == [("Anna (anna)", None)]


async def test_an_archived_account_cannot_log_in_and_leaves_the_list(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    anna_id = (await volunteer_named(app, "anna")).id
    anna = await logged_in(app, "anna")
    async with signed_in(app, "chris") as chris:
        refused = await change(chris, anna_id, "archive")
        assert "echt wilt archiveren" in error_of(refused.text)
        page = await change(chris, anna_id, "archive", bevestig="ja")
        assert notice_of(page.text) == "Anna is gearchiveerd."
        assert refused_to_log_in(await anna.get("/console", headers=HTML))
        team = (await chris.get("/console/team", headers=HTML)).text
        assert 'data-volunteer="anna"' not in team
        assert "Toon gearchiveerde accounts (1)" in team
        everyone = (await chris.get("/console/team?archief=1", headers=HTML)).text
        assert 'data-volunteer="anna"' in everyone and "Gearchiveerd" in everyone
        log = (await chris.get("/console/audit", headers=HTML)).text
        assert "Anna (anna) gearchiveerd" in log and "Anna (anna) uitgezet" in log
        # Not even a right password gets in; the name stays taken.
        async with console_client(app) as browser:
            assert (await login(browser, "anna")).status_code == 401
        refused = await change(chris, anna_id, "activate")
        assert error_of(refused.text) == "Haal dit account eerst uit het archief."
        page = await change(chris, anna_id, "unarchive")
        assert "uit het archief gehaald" in notice_of(page.text)
    await anna.aclose()
    archived = await volunteer_named(app, "anna")
    assert archived.archived_at is None and not archived.active


# --- campaigns ----------------------------------------------------------------------------
async def test_an_archived_campaign_leaves_the_list_and_its_link_still_works(
    app: FastAPI,
) -> None:
    await add_user(app, "cora", "campaign")
    async with signed_in(app, "cora") as cora:
        made = await send(
            cora,
            "/console/campaigns",
            "/console/campaigns",
            name="Ouderen bibliotheek",
            code="ouderen-2026",
            target_group="ouderen",
        )
        assert 'data-campaign="ouderen-2026"' in made.text
        here = "/console/campaigns/ouderen-2026"
        refused = await send(cora, f"{here}/archive", here, action="archive")
        assert "wilt archiveren" in error_of(refused.text)
        assert 'data-campaign="ouderen-2026"' in (await cora.get("/console/campaigns")).text
        done = await send(cora, f"{here}/archive", here, action="archive", bevestig="ja")
        assert "De links en QR-codes blijven werken." in notice_of(done.text)
        listed = (await cora.get("/console/campaigns", headers=HTML)).text
        assert 'data-campaign="ouderen-2026"' not in listed
        assert "Toon gearchiveerde campagnes (1)" in listed
        shown = (await cora.get("/console/campaigns?archief=1", headers=HTML)).text
        assert 'data-campaign="ouderen-2026"' in shown and "(gearchiveerd)" in shown
        qr = await cora.get(f"{here}/qr/web.svg")
        assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg")
        back = await send(cora, f"{here}/archive", here, action="unarchive")
        assert notice_of(back.text) == "De campagne staat weer in de lijst."
        landing = await cora.get("/c/ouderen-2026")
        assert landing.status_code == 200 and "ouderen-2026" in landing.text
    assert await audit_rows(app, "archive_campaign") == [
        ("Ouderen bibliotheek (ouderen-2026)", None)
    ]
    assert await audit_rows(app, "add_campaign") == [("Ouderen bibliotheek (ouderen-2026)", None)]


async def test_the_landing_link_of_an_archived_campaign_keeps_its_code(app: FastAPI) -> None:
    await add_user(app, "cora", "campaign")
    async with signed_in(app, "cora") as cora:
        await send(
            cora,
            "/console/campaigns",
            "/console/campaigns",
            name="Markt",
            code="markt",
            target_group="algemeen",
            municipality="Utrecht",
        )
        await send(
            cora,
            "/console/campaigns/markt/archive",
            "/console/campaigns/markt",
            action="archive",
            bevestig="ja",
        )
        landing = (await cora.get("/c/markt")).text
    # Still the campaign's own page: its municipality shows, the code goes to the widget.
    assert "Gemeente Utrecht" in landing and 'data-campaign="markt"' in landing

"""Console sessions (issue 18), against the real app on SQLite and PostgreSQL: idle
sessions end after SESSION_IDLE_MINUTES, their last use is written at most every ~20
seconds; a volunteer sees where they are logged in and ends another session; a
coordinator ends one or all of a volunteer's sessions, and the audit log says so."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from html import unescape

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from bot.console import auth
from bot.console.session_use import USE_WRITE_SECONDS, describe_browser
from bot.helpdesk.audit_texts import describe
from bot.helpdesk.retention import run_retention
from bot.models import AuditEntry, ConsoleSession, utcnow
from bot.settings import Settings
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, csrf_of, login
from bot.tests.console_security_helpers import (
    error_of,
    refused_to_log_in,
    session_row,
    volunteer_named,
)
from bot.tests.fake_rasa import FakeRasa
from bot.tests.workers import WAIT_SECONDS, EventReader, served

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
_REF = re.compile(r'name="sessie" value="([0-9a-f]{24})"')
_NOTICE = re.compile(r'<p class="notice" role="status">(.*?)</p>', re.S)


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


async def browser_of(app: FastAPI, username: str, user_agent: str) -> httpx.AsyncClient:
    browser = console_client(app)
    browser.headers["User-Agent"] = user_agent
    assert (await login(browser, username)).status_code == 303
    assert (await browser.get("/console/account", headers=HTML)).status_code == 200
    return browser


def refs(html: str) -> list[str]:
    return _REF.findall(html)


def notice_of(html: str) -> str:
    found = _NOTICE.search(html)
    assert found, "no notice on the page"
    return found.group(1)


async def post(browser: httpx.AsyncClient, path: str, page: str, **data: str) -> httpx.Response:
    """A form of `page` (its CSRF token), and the page the answer leads to."""
    shown = await browser.get(page, headers=HTML)
    response = await browser.post(path, data={"csrf": csrf_of(shown.text), **data})
    assert response.status_code == 303, (path, response.status_code)
    return await browser.get(response.headers["location"], headers=HTML)


async def used_at(app: FastAPI, browser: httpx.AsyncClient) -> object:
    row = await session_row(app, browser.cookies.get(auth.SESSION_COOKIE))
    assert row is not None
    return row.last_used_at


async def move_use_back(app: FastAPI, browser: httpx.AsyncClient, seconds: float) -> None:
    token_hash = auth.read_cookie(app.state.settings, browser.cookies[auth.SESSION_COOKIE])
    async with app.state.gateway.sessions() as session:
        await session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.token_hash == token_hash)
            .values(last_used_at=utcnow() - timedelta(seconds=seconds))
        )
        await session.commit()


async def audit_texts(app: FastAPI, *actions: str) -> list[str]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(
            select(AuditEntry).where(AuditEntry.action.in_(actions)).order_by(AuditEntry.id)
        )
        return [describe(entry) for entry in rows.scalars()]


# --- idle sessions --------------------------------------------------------------------
def test_the_idle_time_is_thirty_minutes_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SESSION_IDLE_MINUTES", raising=False)
    assert Settings(pseudonym_key="k", session_secret="s").session_idle_minutes == 30
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "5")
    assert Settings(pseudonym_key="k", session_secret="s").session_idle_minutes == 5


async def test_an_idle_session_ends_and_its_last_use_is_written_sparingly(app: FastAPI) -> None:
    await add_user(app, "anna")
    idle = app.state.settings.session_idle_minutes
    browser = await browser_of(app, "anna", FIREFOX)
    try:
        first = await used_at(app, browser)
        assert first is not None
        # Page after page within the write interval: no new write.
        for _ in range(3):
            assert (await browser.get("/console", headers=HTML)).status_code == 200
        assert await used_at(app, browser) == first
        # Past it, the use is written again.
        await move_use_back(app, browser, USE_WRITE_SECONDS + 5)
        assert (await browser.get("/console", headers=HTML)).status_code == 200
        assert await used_at(app, browser) > first  # type: ignore[operator]

        # Used a minute short of the idle time: still logged in.
        await move_use_back(app, browser, (idle - 1) * 60)
        assert (await browser.get("/console", headers=HTML)).status_code == 200
        # Not used for longer than the idle time: refused like no session, and deleted.
        cookie = browser.cookies[auth.SESSION_COOKIE]
        await move_use_back(app, browser, idle * 60 + 1)
        assert refused_to_log_in(await browser.get("/console", headers=HTML))
        assert await session_row(app, cookie) is None
        answer = await browser.get("/console/unread", headers={"Accept": "application/json"})
        assert answer.status_code == 401
    finally:
        await browser.aclose()


async def test_the_retention_job_deletes_idle_sessions(app: FastAPI) -> None:
    await add_user(app, "anna")
    idle = app.state.settings.session_idle_minutes
    async with console_client(app) as used, console_client(app) as left:
        for browser in (used, left):
            assert (await login(browser, "anna")).status_code == 303
        await move_use_back(app, left, idle * 60 + 1)
        await run_retention(app.state.gateway)
        assert await session_row(app, used.cookies[auth.SESSION_COOKIE]) is not None
        assert await session_row(app, left.cookies[auth.SESSION_COOKIE]) is None


# --- the browser's name ---------------------------------------------------------------
def test_the_browser_is_named_coarsely() -> None:
    assert describe_browser(FIREFOX) == "Firefox op Windows"
    assert describe_browser(IPHONE) == "Mobile Safari op iOS"
    assert describe_browser(ANDROID) == "Chrome Mobile op Android"
    for unknown in ("", "python-httpx/0.28", "x" * 2000):
        assert describe_browser(unknown) == "Onbekende browser"


# --- a volunteer's own sessions -------------------------------------------------------
async def test_a_volunteer_sees_where_they_are_logged_in_and_ends_another_session(
    app: FastAPI,
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    laptop = await browser_of(app, "anna", FIREFOX)
    phone = await browser_of(app, "anna", IPHONE)
    bram = await browser_of(app, "bram", ANDROID)
    try:
        page = (await laptop.get("/console/account", headers=HTML)).text
        assert "Waar ben je ingelogd?" in page
        assert "Firefox op Windows <strong>(dit apparaat)</strong>" in page
        assert "Mobile Safari op iOS" in page and "Chrome Mobile" not in page  # not Bram's
        # Neither the full User-Agent nor the token hash reaches the page or the table.
        assert "Gecko/20100101" not in page
        laptop_hash = auth.read_cookie(app.state.settings, laptop.cookies[auth.SESSION_COOKIE])
        assert laptop_hash and laptop_hash not in page
        row = await session_row(app, phone.cookies[auth.SESSION_COOKIE])
        assert row is not None and row.browser == "Mobile Safari op iOS"
        (phone_ref,) = refs(page)  # only the other session has a button

        # This device cannot be ended here (that is 'Uitloggen'); a wrong one is gone.
        phone_page = (await phone.get("/console/account", headers=HTML)).text
        (laptop_ref,) = refs(phone_page)
        mine = await post(
            laptop, "/console/account/sessions/end", "/console/account", sessie=laptop_ref
        )
        assert "Dit is het apparaat dat je nu gebruikt" in error_of(mine.text)
        bram_ref = refs((await bram.get("/console/account", headers=HTML)).text)
        assert bram_ref == []  # Bram has one session: his own, without a button
        for wrong in ("0" * 24, "", "<script>"):
            gone = await post(
                laptop, "/console/account/sessions/end", "/console/account", sessie=wrong
            )
            assert "Die sessie bestaat niet meer" in error_of(gone.text)

        done = await post(
            laptop, "/console/account/sessions/end", "/console/account", sessie=phone_ref
        )
        assert notice_of(done.text) == "Je bent uitgelogd op Mobile Safari op iOS."
        assert refs(done.text) == []
        assert refused_to_log_in(await phone.get("/console", headers=HTML))
        assert (await laptop.get("/console", headers=HTML)).status_code == 200
        assert (await bram.get("/console", headers=HTML)).status_code == 200
        (text,) = await audit_texts(app, "end_own_session")
        assert text.startswith(
            "Eigen sessie op een ander apparaat beëindigd: Mobile Safari op iOS, ingelogd "
        )
    finally:
        for browser in (laptop, phone, bram):
            await browser.aclose()


# --- a coordinator and a volunteer's sessions -----------------------------------------
async def test_a_coordinator_ends_one_or_all_of_a_volunteers_sessions(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    await add_user(app, "bram")
    anna_id = (await volunteer_named(app, "anna")).id
    bram_id = (await volunteer_named(app, "bram")).id
    member = f"/console/team/volunteers/{anna_id}"
    end = f"{member}/sessions/end"
    chris = await browser_of(app, "chris", FIREFOX)
    devices = [await browser_of(app, "anna", agent) for agent in (FIREFOX, IPHONE, ANDROID)]
    bram = await browser_of(app, "bram", ANDROID)
    try:
        page = (await chris.get(member, headers=HTML)).text
        assert "Waar is Anna ingelogd?" in page and "3 sessies" in page
        for name in ("Firefox op Windows", "Mobile Safari op iOS", "Chrome Mobile op Android"):
            assert name in page
        assert "(dit apparaat)" not in page
        # The buttons of the three sessions, and the one for all of them.
        anna_refs = refs(page)
        assert len(anna_refs) == 3 and 'value="alle"' in page

        # Bram's session is not Anna's: his reference ends nothing on her page.
        bram_ref = refs((await chris.get(f"/console/team/volunteers/{bram_id}", headers=HTML)).text)
        assert len(bram_ref) == 1
        gone = await post(chris, end, member, sessie=bram_ref[0])
        assert "Die sessie bestaat niet meer" in error_of(gone.text)
        assert (await bram.get("/console", headers=HTML)).status_code == 200

        # One session: the phone's.
        phone_ref = next(
            ref
            for ref in anna_refs
            if f'value="{ref}">\n        <button type="submit" aria-label="Log uit op Mobile Safari'
            in page
        )
        done = await post(chris, end, member, sessie=phone_ref)
        assert notice_of(done.text) == "Anna is uitgelogd op Mobile Safari op iOS."
        assert "2 sessies" in done.text
        assert refused_to_log_in(await devices[1].get("/console", headers=HTML))
        for still in (devices[0], devices[2]):
            assert (await still.get("/console", headers=HTML)).status_code == 200

        # All of them: not without the ticked box.
        refused = await post(chris, end, member, sessie="alle")
        assert unescape(error_of(refused.text)) == "Vink eerst aan: 'Ja, log Anna overal uit'."
        assert (await devices[0].get("/console", headers=HTML)).status_code == 200
        done = await post(chris, end, member, sessie="alle", bevestig="ja")
        assert notice_of(done.text) == "Anna is overal uitgelogd (2 sessies beëindigd)."
        assert "Anna is nu nergens ingelogd." in done.text
        for device in devices:
            assert refused_to_log_in(await device.get("/console", headers=HTML))
        assert (await volunteer_named(app, "anna")).last_seen_at is None  # not online
        assert (await bram.get("/console", headers=HTML)).status_code == 200
        assert (await chris.get("/console", headers=HTML)).status_code == 200

        texts = await audit_texts(app, "end_session", "end_all_sessions")
        assert texts[0].startswith(
            "Anna (anna) uitgelogd op één apparaat: Mobile Safari op iOS, ingelogd "
        )
        assert texts[1] == "Anna (anna) overal uitgelogd: 2 sessies beëindigd"
        audit_page = (await chris.get("/console/audit", headers=HTML)).text
        assert "Anna (anna) overal uitgelogd: 2 sessies beëindigd" in audit_page

        # A coordinator's own sessions are on their account page, not here.
        chris_id = (await volunteer_named(app, "chris")).id
        own = (await chris.get(f"/console/team/volunteers/{chris_id}", headers=HTML)).text
        assert refs(own) == [] and "Je eigen sessies zie je bij" in own
    finally:
        for browser in (chris, *devices, bram):
            await browser.aclose()


async def test_an_ended_session_also_ends_its_open_event_stream(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.events.KEEP_ALIVE_SECONDS", 0.05)  # checked at each one
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    anna_id = (await volunteer_named(app, "anna")).id
    chris = await browser_of(app, "chris", FIREFOX)
    try:
        async with served(app) as anna:
            assert (await login(anna, "anna")).status_code == 303
            async with anna.stream("GET", "/console/events", headers=HTML) as response:
                assert response.status_code == 200
                stream = EventReader(response)
                for _ in range(3):  # open, and kept alive
                    assert await stream.line() is not None
                member = f"/console/team/volunteers/{anna_id}"
                await post(chris, f"{member}/sessions/end", member, sessie="alle", bevestig="ja")
                # It ends soon (keep-alives alone would go on for ever).
                lines = await asyncio.wait_for(stream.rest(), WAIT_SECONDS)
            assert lines[-1] in ("", ": keep-alive")
            refused = await anna.get("/console/unread", headers={"Accept": "application/json"})
            assert refused.status_code == 401
    finally:
        await chris.aclose()


async def test_a_volunteer_cannot_end_someone_elses_sessions(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna")
    await add_user(app, "bram")
    chris = await browser_of(app, "chris", FIREFOX)
    anna = await browser_of(app, "anna", IPHONE)
    bram = await browser_of(app, "bram", ANDROID)
    try:
        anna_id = (await volunteer_named(app, "anna")).id
        page = (await chris.get(f"/console/team/volunteers/{anna_id}", headers=HTML)).text
        (anna_ref,) = refs(page)
        csrf = csrf_of((await bram.get("/console/account", headers=HTML)).text)
        refused = await bram.post(
            f"/console/team/volunteers/{anna_id}/sessions/end",
            data={"csrf": csrf, "sessie": "alle", "bevestig": "ja"},
            headers=HTML,
        )
        assert refused.status_code == 403 and "niet voor jouw rol" in refused.text
        # Her reference through his own account page ends nothing either.
        gone = await post(
            bram, "/console/account/sessions/end", "/console/account", sessie=anna_ref
        )
        assert "Die sessie bestaat niet meer" in error_of(gone.text)
        assert (await anna.get("/console", headers=HTML)).status_code == 200
    finally:
        for browser in (chris, anna, bram):
            await browser.aclose()

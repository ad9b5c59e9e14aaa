"""Console sessions against the real app, on SQLite and PostgreSQL: session fixation,
cookie flags, lock-out."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.console import auth
from bot.console.access import CSRF_FIELD
from bot.models import Volunteer, utcnow
from bot.tests.console_helpers import (
    HTML,
    PASSWORD,
    add_user,
    console_client,
    login,
    page_csrf,
)
from bot.tests.console_security_helpers import (
    error_of,
    plant,
    refused_to_log_in,
    session_row,
    set_cookie_headers,
    with_cookie,
)


# --- session fixation ---------------------------------------------------------------------
async def test_planted_session_cookies_are_refused_and_replaced(app: FastAPI) -> None:
    await add_user(app, "anna")
    settings = app.state.gateway.settings
    other_key = replace(settings, session_secret="x" * 32)
    planted = {
        "garbage": "vast-gekozen-door-de-aanvaller",
        "signed with another key": auth._signer(other_key).dumps("attacker-token"),
        "signed, never issued": auth._signer(settings).dumps("attacker-token"),
    }
    for label, cookie in planted.items():
        assert refused_to_log_in(await with_cookie(app, cookie)), label
        async with console_client(app) as browser:
            plant(browser, cookie)
            assert (await login(browser, "anna")).status_code == 303
            issued = browser.cookies.get(auth.SESSION_COOKIE)
            assert issued and issued != cookie, label
            assert (await browser.get("/console", headers=HTML)).status_code == 200
        assert refused_to_log_in(await with_cookie(app, cookie)), label


async def test_logging_in_always_starts_a_new_session_and_ends_the_old_one(
    app: FastAPI,
) -> None:
    await add_user(app, "anna")
    await add_user(app, "mallory")
    async with console_client(app) as attacker, console_client(app) as victim:
        # The attacker's own valid session, planted in the victim's browser.
        await login(attacker, "mallory")
        mallory_cookie = attacker.cookies.get(auth.SESSION_COOKIE)
        assert mallory_cookie and await session_row(app, mallory_cookie) is not None
        plant(victim, mallory_cookie)
        assert "Mallory (" in (await victim.get("/console", headers=HTML)).text
        assert (await login(victim, "anna")).status_code == 303
        anna_cookie = victim.cookies.get(auth.SESSION_COOKIE)
        assert anna_cookie and anna_cookie != mallory_cookie
        # The planted session is gone; the attacker cannot ride along on Anna's log-in.
        assert await session_row(app, mallory_cookie) is None
        assert refused_to_log_in(await attacker.get("/console", headers=HTML))
        assert refused_to_log_in(await with_cookie(app, mallory_cookie))
        page = await with_cookie(app, anna_cookie)
        assert page.status_code == 200 and "Anna (" in page.text and "Mallory" not in page.text

        # Logging in again (same user) also replaces the cookie and ends the old session.
        assert (await login(victim, "anna")).status_code == 303
        again = victim.cookies.get(auth.SESSION_COOKIE)
        assert again and again != anna_cookie
        assert refused_to_log_in(await with_cookie(app, anna_cookie))

        # Log-out ends the session: the old cookie value is refused afterwards.
        csrf = await page_csrf(victim)
        out = await victim.post("/console/logout", data={CSRF_FIELD: csrf})
        assert refused_to_log_in(out)
        removal = set_cookie_headers(out, auth.SESSION_COOKIE)
        assert removal and ("max-age=0" in removal[0].lower() or "expires=" in removal[0].lower())
        assert await session_row(app, again) is None
        assert refused_to_log_in(await with_cookie(app, again))
        async with console_client(app) as replay:
            refused = await replay.post(
                "/console/cases/1/claim",
                data={CSRF_FIELD: csrf},
                headers={"Cookie": f"{auth.SESSION_COOKIE}={again}"},
            )
        assert refused.status_code == 401


@pytest.mark.parametrize("scheme", ["http", "https"])
async def test_console_cookies_are_http_only_and_same_site_strict(
    app: FastAPI, scheme: str
) -> None:
    await add_user(app, "anna")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"{scheme}://gateway") as browser:
        form = await browser.get("/console/login")
        logged_in = await login(browser, "anna")
    headers = set_cookie_headers(form, auth.LOGIN_CSRF_COOKIE) + set_cookie_headers(
        logged_in, auth.SESSION_COOKIE
    )
    assert len(headers) == 2
    for header in headers:
        attributes = {part.strip().split("=")[0].lower(): part for part in header.split(";")}
        assert "httponly" in attributes, header
        assert attributes.get("samesite", "").lower().endswith("strict"), header
        assert attributes.get("path", "").lower().endswith("/console"), header
        assert ("secure" in attributes) is (scheme == "https"), header


# --- lock-out -----------------------------------------------------------------------------
async def test_lock_out_after_five_wrong_passwords(app: FastAPI) -> None:
    await add_user(app, "anna")
    settings = app.state.gateway.settings
    assert settings.max_failed_logins == 5
    async with console_client(app) as browser:
        # Four wrong, then right: the count starts again.
        for _ in range(4):
            assert (await login(browser, "anna", "verkeerd-wachtwoord")).status_code == 401
        assert (await login(browser, "anna")).status_code == 303

    async with console_client(app) as browser:
        wrong = [await login(browser, "anna", f"verkeerd-{n}") for n in range(5)]
        assert {r.status_code for r in wrong} == {401}
        unknown = await login(browser, "niemand-bekend", PASSWORD)
        assert unknown.status_code == 401
        assert error_of(unknown.text) == error_of(wrong[0].text)  # no hint which one is wrong
        assert "gebruikersnaam of wachtwoord klopt niet" in error_of(unknown.text)

        # After five wrong passwords in a row even the right one is refused.
        locked = await login(browser, "anna")
        assert locked.status_code == 429
        message = error_of(locked.text)
        assert "Te vaak een verkeerd wachtwoord" in message and "15 minuten" in message
        assert not set_cookie_headers(locked, auth.SESSION_COOKIE)

        # A name without an account locks the same way: no way to test which names exist.
        ghost = f"niemand-{uuid.uuid4().hex[:8]}"
        tries = [await login(browser, ghost, f"gok-{n}") for n in range(6)]
        assert [r.status_code for r in tries] == [401] * 5 + [429]
        assert error_of(tries[-1].text) == message
        assert browser.cookies.get(auth.SESSION_COOKIE) is None
        assert (await login(browser, "anna", "nog-een-poging")).status_code == 429

        # Until the lock ends.
        async with app.state.gateway.sessions() as session:
            anna = (
                await session.execute(select(Volunteer).where(Volunteer.username == "anna"))
            ).scalar_one()
            assert anna.locked_until is not None
            anna.locked_until = utcnow() - timedelta(seconds=1)
            await session.commit()
        assert (await login(browser, "anna")).status_code == 303
        assert (await browser.get("/console", headers=HTML)).status_code == 200

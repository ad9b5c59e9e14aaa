"""What the two-factor tests share: codes computed with pyotp from the secret the set-up
page shows, and the log-in steps done by hand (test_console_two_factor*.py)."""

from __future__ import annotations

import re
import time

import httpx
import pyotp
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.console import two_factor
from bot.models import ConsoleSession
from bot.tests.console_helpers import csrf_of, password_step
from bot.tests.console_security_helpers import volunteer_named
from tools.console_login import AUTHENTICATOR, CODE_PAGE, SETUP_PAGE, START

SECRET = re.compile(r'<code id="secret" class="secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")


def step_now() -> int:
    return int(time.time()) // two_factor.STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def never_valid(secret: str) -> str:
    """A six-digit code that is no code of this secret in any step the server looks at."""
    now = step_now()
    taken = {code_at(secret, s) for s in range(now - 25, now + 5)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in taken)


def expired(secret: str) -> str:
    """The code of a step a minute or two ago, unlike any code still accepted (also
    when the clock passes into the next step meanwhile)."""
    now = step_now()
    fresh = {code_at(secret, s) for s in range(now - 1, now + 3)}
    return next(
        code_at(secret, s) for s in range(now - 3, now - 10, -1) if code_at(secret, s) not in fresh
    )


async def sessions_of(app: FastAPI, username: str) -> int:
    volunteer = await volunteer_named(app, username)
    async with app.state.gateway.sessions() as session:
        count = await session.scalar(
            select(func.count()).where(ConsoleSession.volunteer_id == volunteer.id)
        )
    return int(count or 0)


async def setup_page(browser: httpx.AsyncClient, username: str) -> tuple[str, str, str]:
    """Password, then the set-up page: (its HTML, the secret as shown, its CSRF token)."""
    first = await password_step(browser, username)
    assert (first.status_code, first.headers["location"]) == (303, SETUP_PAGE)
    page = await browser.get(SETUP_PAGE)
    assert page.status_code == 200
    found = SECRET.search(page.text)
    assert found, "no secret on the set-up page"
    return page.text, found.group(1), csrf_of(page.text)


async def set_up(browser: httpx.AsyncClient, username: str) -> tuple[str, list[str]]:
    """The whole first log-in by hand: (the secret, the ten recovery codes)."""
    _, shown, csrf = await setup_page(browser, username)
    secret = "".join(shown.split())
    # Through the helpers' authenticator, so a later `login` knows this secret.
    codes_page = await browser.post(
        SETUP_PAGE, data={"csrf": csrf, "code": AUTHENTICATOR.set_up(username, shown)}
    )
    assert codes_page.status_code == 200, codes_page.text
    codes = RECOVERY.findall(codes_page.text)
    started = await browser.post(START, data={"csrf": csrf_of(codes_page.text)})
    assert started.status_code == 303 and started.headers["location"] == "/console"
    return secret, codes


async def code_step(browser: httpx.AsyncClient, username: str, code: str) -> httpx.Response:
    first = await password_step(browser, username)
    assert (first.status_code, first.headers["location"]) == (303, CODE_PAGE), first.text
    page = await browser.get(CODE_PAGE)
    return await browser.post(CODE_PAGE, data={"csrf": csrf_of(page.text), "code": code})


async def send_code(browser: httpx.AsyncClient, code: str) -> httpx.Response:
    """Another code on the code page the browser is at."""
    page = await browser.get(CODE_PAGE)
    return await browser.post(CODE_PAGE, data={"csrf": csrf_of(page.text), "code": code})

"""Shared helpers of the console security tests (test_console_access.py,
test_console_sessions.py, test_console_xss.py)."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.console import auth
from bot.models import Case, ConsoleSession, Volunteer
from bot.tests.console_helpers import (
    HTML,
    console_client,
)

# The only console routes anyone may use without logging in: the password, and the
# second step, which only the pending cookie opens (bot/api/routes/login_steps.py).
PUBLIC = {("GET", "/console/login"), ("POST", "/console/login")}
SECOND_STEP = {
    ("GET", "/console/login/code"),
    ("POST", "/console/login/code"),
    ("GET", "/console/login/setup"),
    ("POST", "/console/login/setup"),
    ("POST", "/console/login/start"),
}
PUBLIC |= SECOND_STEP
PATH_PARAMETER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
IBAN = "NL91ABNA0417164300"
_ERROR = re.compile(r'<p class="error" role="alert">(.*?)</p>', re.S)


# --- helpers ------------------------------------------------------------------------------
async def volunteer_named(app: FastAPI, username: str) -> Volunteer:
    async with app.state.gateway.sessions() as session:
        return (
            await session.execute(select(Volunteer).where(Volunteer.username == username))
        ).scalar_one()


async def bare_cases(app: FastAPI, count: int) -> list[int]:
    """Open cases without a conversation (as after the retention job): cheap to race on."""
    async with app.state.gateway.sessions() as session:
        made = [Case(channel="widget", scam_type="phishing") for _ in range(count)]
        session.add_all(made)
        await session.commit()
        return [case.id for case in made]


async def session_row(app: FastAPI, cookie: str | None) -> ConsoleSession | None:
    if not cookie:
        return None
    token_hash = auth.read_cookie(app.state.gateway.settings, cookie)
    if token_hash is None:
        return None
    async with app.state.gateway.sessions() as session:
        return await session.get(ConsoleSession, token_hash)


async def csrf_of_session(app: FastAPI, browser: httpx.AsyncClient) -> str:
    """The CSRF token of the browser's session (from the database: the campaign role
    has no page with a form yet)."""
    row = await session_row(app, browser.cookies.get(auth.SESSION_COOKIE))
    assert row is not None, "not logged in"
    return row.csrf_token


def plant(browser: httpx.AsyncClient, value: str) -> None:
    browser.cookies.set(auth.SESSION_COOKIE, value, domain="gateway.local", path="/console")


async def with_cookie(app: FastAPI, cookie: str, path: str = "/console") -> httpx.Response:
    """A request that carries only this session cookie (a stolen or replayed one)."""
    async with console_client(app) as other:
        return await other.get(path, headers={**HTML, "Cookie": f"{auth.SESSION_COOKIE}={cookie}"})


def refused_to_log_in(response: httpx.Response) -> bool:
    """To the log-in page, perhaps with the page to return to afterwards (local only)."""
    location = response.headers.get("location", "")
    return response.status_code == 303 and (
        location == "/console/login" or location.startswith("/console/login?terug=/console")
    )


def set_cookie_headers(response: httpx.Response, name: str) -> list[str]:
    return [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]


def error_of(html: str) -> str:
    match = _ERROR.search(html)
    assert match, "no error message on the page"
    return match.group(1).strip()

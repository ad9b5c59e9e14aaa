"""Console access against the real app, on SQLite and PostgreSQL: every console route
refuses anonymous requests and the wrong roles (found by walking the route table), and
CSRF on every form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import select

from bot.console import auth, pending
from bot.console.access import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, Require
from bot.models import AuditEntry, ConsoleSession, Volunteer
from bot.tests.conftest import fake_gateway
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
    password_step,
    start,
)
from bot.tests.console_security_helpers import (
    PATH_PARAMETER,
    PUBLIC,
    SECOND_STEP,
    csrf_of_session,
    error_of,
    refused_to_log_in,
    set_cookie_headers,
)
from bot.tests.fake_rasa import FakeRasa
from tools.console_login import CODE_PAGE, SETUP_PAGE


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
    # The case extras (bot/api/routes/casework.py): their roles are walked below too.
    assert {
        "/console/unread",
        "/console/cases/{case_id}/state",
        "/console/cases/{case_id}/draft",
        "/console/cases/{case_id}/notes",
        "/console/cases/{case_id}/correct",
        "/console/cases/{case_id}/report-draft",
        "/console/cases/{case_id}/report-draft/send",
        "/console/canned",
        "/console/canned/{reply_id}",
        "/console/canned/{reply_id}/archive",
        "/console/corrections.csv",
    } <= paths
    roles = {(route.path, route.methods): route.roles for route in routes}
    assert roles[("/console/canned", ("GET",))] == {"volunteer", "coordinator"}
    assert roles[("/console/canned", ("POST",))] == {"coordinator"}
    assert roles[("/console/corrections.csv", ("GET",))] == {"coordinator"}
    assert roles[("/console/unread", ("GET",))] == {"volunteer", "coordinator"}
    # The resident's report draft on a case (issue 16): read, correct, send.
    for methods in (("GET",), ("POST",)):
        assert roles[("/console/cases/{case_id}/report-draft", methods)] == {
            "volunteer",
            "coordinator",
        }
    assert roles[("/console/cases/{case_id}/report-draft/send", ("POST",))] == {
        "volunteer",
        "coordinator",
    }
    # Team, account and audit pages (issue 12, item 7), with the roles each lets in.
    expected_roles = {
        "/console/team/volunteers/{volunteer_id}": {"coordinator"},
        "/console/audit.csv": {"coordinator"},
        "/console/account": set(auth.ROLES),
        "/console/account/password": set(auth.ROLES),
        # Where someone is logged in (issue 18): one's own, and a team member's.
        "/console/account/sessions/end": set(auth.ROLES),
        "/console/team/volunteers/{volunteer_id}/sessions/end": {"coordinator"},
        "/console/campaigns/{code}/archive": {"coordinator", "campaign"},
        # What is going around (issue 15): campaign accounts see only counts on the list.
        "/console/waves": set(auth.ROLES),
        "/console/waves/{wave_id}": {"volunteer", "coordinator"},
        "/console/waves/{wave_id}/confirm": {"volunteer", "coordinator"},
        "/console/waves/{wave_id}/merge": {"volunteer", "coordinator"},
        "/console/waves/{wave_id}/sightings/{sighting_id}/split": {"volunteer", "coordinator"},
        "/console/waves/{wave_id}/sightings/{sighting_id}/keep": {"volunteer", "coordinator"},
        "/console/waves/{wave_id}/warning": {"coordinator"},
        "/console/waves/export.csv": {"coordinator"},
        "/console/waves/export.stix.json": {"coordinator"},
    }
    for path, roles in expected_roles.items():
        assert path in paths, path
        assert {r.roles for r in routes if r.path == path} == {frozenset(roles)}, path
    # The case lists for case work, the team view of the cases for coordinators only.
    roles = {route.path: route.roles for route in routes}
    for path in ("/console/closed", "/console/queue"):
        assert roles[path] == {"volunteer", "coordinator"}, path
    for path in (
        "/console/overview",
        "/console/overview/cases/{case_id}/reassign",
        "/console/overview/cases/{case_id}/return",
    ):
        assert roles[path] == {"coordinator"}, path
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


# --- half logged in: the password, not yet the code -----------------------------------------
async def test_half_logged_in_reaches_no_console_route(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    """Between the password and the code a browser holds only the pending cookie: every
    console route refuses it as it refuses a stranger, also when the pending value is
    put where the session cookie goes; and no session exists for it."""
    async with fake_gateway(database_url, fake_rasa) as (app, _), AsyncExitStack() as stack:
        routes = console_routes(app)
        halves: list[tuple[str, str]] = []  # (where it stands, its pending cookie)
        for role in auth.ROLES:
            await add_user(app, f"half-{role}", role)
            await add_user(app, f"set-{role}", role)
            # Set up before (logged in once, then out): the second time it needs a code.
            done = await stack.enter_async_context(console_client(app))
            assert (await login(done, f"set-{role}")).status_code == 303
            for name, page in ((f"half-{role}", SETUP_PAGE), (f"set-{role}", CODE_PAGE)):
                browser = await stack.enter_async_context(console_client(app))
                first = await password_step(browser, name)
                assert (first.status_code, first.headers["location"]) == (303, page)
                assert not set_cookie_headers(first, auth.SESSION_COOKIE)
                cookie = browser.cookies.get(pending.PENDING_COOKIE)
                assert cookie
                halves.append((f"{role} at {page}", cookie))
        async with app.state.gateway.sessions() as session:
            half_ids = select(Volunteer.id).where(Volunteer.username.startswith("half-"))
            assert not await session.scalar(
                select(ConsoleSession.token_hash).where(ConsoleSession.volunteer_id.in_(half_ids))
            )
        anonymous = await stack.enter_async_context(console_client(app))
        checks = 0
        for route in routes:
            for method in route.methods:
                for label, cookie in halves:
                    for name in (pending.PENDING_COOKIE, auth.SESSION_COOKIE):
                        headers = {"Accept": "text/html", "Cookie": f"{name}={cookie}"}
                        response = await anonymous.request(method, route.url(), headers=headers)
                        where = (method, route.path, label, name, response.status_code)
                        if method == "GET":
                            assert refused_to_log_in(response), where
                        else:
                            assert response.status_code == 401, where
                        checks += 1
        # The second step's own pages refuse a browser without the pending cookie.
        for method, path in SECOND_STEP:
            response = await anonymous.request(method, path, headers=HTML)
            assert response.status_code == 401, (method, path)
            assert "Log opnieuw in" in error_of(response.text)
    print(f"half-logged-in checks: {checks} ({len(routes)} console routes)")
    assert checks >= len(routes) * len(halves) * 2


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
            assert not actions & {"settings", "add_user", "add_user:coordinator"}
        # ...and the right token works (it was the only difference).
        assert (await anna.post(claim, data={CSRF_FIELD: mine})).headers["location"] == (
            f"/console/cases/{case.id}"
        )
        assert (await case_of(app, cid)).status == "claimed"
        done = await chris.post(
            "/console/team/settings",
            data={CSRF_FIELD: coordinator, "hours": "za 10:00-11:00", "retention": "2"},
        )
        assert done.headers["location"] == "/console/team"
        shown = (await chris.get("/console/team", headers=HTML)).text
        assert 'role="status">Instellingen opgeslagen.' in shown


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


PHISHING = "Geef je wachtwoord aan de helpdesk via 06-11223344"


async def test_no_page_shows_a_notice_or_error_from_the_url(app: FastAPI) -> None:
    """Notices come from the volunteer's server-side session, never from the query
    string: a link with ?fout= or ?ok= shows nothing, on every console page."""
    # Every page (the event stream never ends, and sends no page).
    routes = [r for r in console_routes(app) if "GET" in r.methods and r.path != "/console/events"]
    for role in auth.ROLES:
        await add_user(app, f"url-{role}", role)
    shown = 0
    async with AsyncExitStack() as stack:
        for role in auth.ROLES:
            browser = await stack.enter_async_context(console_client(app))
            assert (await login(browser, f"url-{role}")).status_code == 303
            for route in routes:
                if role not in route.roles:
                    continue
                query = {"fout": PHISHING, "ok": PHISHING, "error": PHISHING, "notice": PHISHING}
                response = await browser.get(route.url(), params=query, headers=HTML)
                assert "wachtwoord aan de helpdesk" not in response.text, (role, route.path)
                shown += 1
    assert shown >= len(routes)

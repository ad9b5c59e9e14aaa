"""Security headers on every route (bot/console/security_headers.py), found by walking
the app's route table and static mounts the way test_console_access.py walks it: every
route and method, anonymous and logged in, for an http and an https PUBLIC_URL. HSTS
only with https; no framing of the console and the resident pages; the widget's script
and API still usable from another site's page (CORS). The headers do not depend on the
database: SQLite only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from bot.console.security_headers import HSTS, serves_https
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login
from bot.tests.console_security_helpers import PATH_PARAMETER
from bot.tests.fake_rasa import FakeRasa
from bot.tests.test_console_access import _route_table

HOST_SITE = "https://www.gemeente-voorbeeld.nl"
SWITCHED_OFF = ("camera", "microphone", "geolocation", "payment", "usb")
# Routes that never end when they are found (an open event stream): only anonymously.
STREAMS = {"/console/events"}
# What the test expects by itself (not the module's own list): pages of the resident
# that are never framed, and the console.
RESIDENT_PAGES = {"/demo", "/terug", "/c/{code}", "/c/1"}


def expected_kind(path: str) -> str:
    if path == "/console" or path.startswith(("/console/", "/assets/console/")):
        return "console"
    return "resident_page" if path in RESIDENT_PAGES else "widget"


@pytest.fixture(params=["http://127.0.0.1:8000", "https://hulp.gemeente-voorbeeld.nl"])
async def app(
    request: pytest.FixtureRequest, sqlite_url: str, fake_rasa: FakeRasa
) -> AsyncIterator[FastAPI]:
    async with fake_gateway(sqlite_url, fake_rasa, public_url=request.param) as (application, _):
        yield application


def check(method: str, path: str, response: httpx.Response, https: bool) -> int:
    """The headers this response must carry for its path; how many were checked."""
    where = (method, path, response.status_code)
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", where
    policy = headers.get("permissions-policy", "")
    assert all(f"{feature}=()" in policy for feature in SWITCHED_OFF), where
    hsts = HSTS["Strict-Transport-Security"]
    assert headers.get("strict-transport-security") == (hsts if https else None), where
    frames = headers.get("content-security-policy", "")
    kind = expected_kind(path)
    if kind == "console":
        assert "frame-ancestors 'none'" in frames and "default-src 'self'" in frames, where
        assert headers.get("x-frame-options") == "DENY", where
        assert headers.get("referrer-policy") == "no-referrer", where
    elif kind == "resident_page":
        assert "frame-ancestors 'none'" in frames, where
        assert headers.get("x-frame-options") == "DENY", where
        # The return link's page keeps its own stricter one.
        expected = "no-referrer" if path == "/terug" else "strict-origin-when-cross-origin"
        assert headers.get("referrer-policy") == expected, where
    else:
        # Loaded and called by other sites' pages: no framing rules, no CSP of ours.
        assert "x-frame-options" not in headers and not frames, where
        assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", where
    return 1


def static_files(app: FastAPI) -> list[str]:
    """A URL for every file of every static mount, and one that is not there."""
    urls = []
    for route in _route_table(app):
        mount = getattr(route, "original_route", route)
        files = getattr(mount, "app", None)
        if not isinstance(files, StaticFiles) or files.directory is None:
            continue
        folder = Path(files.directory)
        found = sorted(p for p in folder.rglob("*") if p.is_file())
        assert found, f"{mount.path}: an empty mount checks nothing"
        urls += [f"{mount.path}/{p.relative_to(folder).as_posix()}" for p in found]
        urls.append(f"{mount.path}/niet-bestaand.js")
    return urls


async def test_every_route_and_static_file_carries_the_headers(app: FastAPI) -> None:
    https = app.state.settings.public_url.startswith("https://")
    assert serves_https(app.state.settings.public_url) is https
    await add_user(app, "coordinator-walk", "coordinator")
    routes = [
        (route.path, sorted(route.methods))
        for route in _route_table(app)
        if getattr(route, "methods", None)
    ]
    paths = {path for path, _ in routes}
    # The walk must see every kind of route (a walk that finds nothing checks nothing).
    assert {"/console", "/console/account", "/api/conversations", "/demo", "/terug"} <= paths
    assert {"/c/{code}", "/telegram/webhook", "/health", "/console/login"} <= paths
    checks = 0
    async with console_client(app) as anonymous, console_client(app) as coordinator:
        assert (await login(coordinator, "coordinator-walk")).status_code == 303
        for path, methods in routes:
            url = PATH_PARAMETER.sub("1", path)
            for method in methods:
                browsers = [anonymous]
                if path.startswith("/console") and path not in STREAMS:
                    browsers.append(coordinator)
                for browser in browsers:
                    response = await browser.request(method, url, headers=HTML)
                    checks += check(method, path, response, https)
            # A preflight from a municipality's page, as the widget's API calls make.
            if path.startswith("/api/"):
                preflight = await anonymous.options(
                    url,
                    headers={
                        "Origin": HOST_SITE,
                        "Access-Control-Request-Method": methods[0],
                        "Access-Control-Request-Headers": "content-type",
                    },
                )
                assert preflight.status_code == 200, (path, preflight.status_code)
                assert preflight.headers["access-control-allow-origin"] == "*"
                checks += check("OPTIONS", path, preflight, https)
        files = static_files(app)
        assert any(url.startswith("/widget/") for url in files)
        assert any(url.startswith("/assets/console/") for url in files)
        for url in files:
            response = await anonymous.get(url)
            assert response.status_code == (404 if "niet-bestaand" in url else 200), url
            checks += check("GET", url, response, https)
        # Unknown paths too (the 404 of the console and of the rest).
        for url in ("/console/niet-bestaand", "/niet-bestaand", "/api/niet-bestaand"):
            checks += check("GET", url, await anonymous.get(url, headers=HTML), https)
    print(f"header checks: {checks} ({len(routes)} routes, {len(files)} static files)")
    assert checks > len(routes) + len(files)


async def test_the_widget_still_works_from_another_sites_page(app: FastAPI) -> None:
    """What a municipality's page does: load the script, open a conversation, send."""
    https = app.state.settings.public_url.startswith("https://")
    origin = {"Origin": HOST_SITE}
    async with console_client(app) as site:
        script = await site.get("/widget/widget.js", headers={**origin, "Referer": HOST_SITE})
        assert script.status_code == 200
        # nosniff blocks a script of the wrong type: it must be served as JavaScript.
        assert "javascript" in script.headers["content-type"]
        assert "cross-origin-resource-policy" not in script.headers
        opened = await site.post("/api/conversations", json={"campaign": "demo"}, headers=origin)
        assert opened.status_code == 201
        assert opened.headers["access-control-allow-origin"] == "*"
        cid = opened.json()["conversation_id"]
        sent = await site.post(
            f"/api/conversations/{cid}/messages", json={"text": "hallo"}, headers=origin
        )
        assert sent.status_code == 200 and sent.headers["access-control-allow-origin"] == "*"
        for response in (script, opened, sent):
            check("GET", "/widget/widget.js", response, https)


@pytest.mark.parametrize(
    ("public_url", "https"),
    [
        ("https://hulp.gemeente-voorbeeld.nl", True),
        ("HTTPS://hulp.gemeente-voorbeeld.nl/", True),
        (" https://hulp.gemeente-voorbeeld.nl:8443 ", True),
        ("http://hulp.gemeente-voorbeeld.nl", False),
        ("http://127.0.0.1:8000", False),
        ("https://", False),
        ("https:hulp.gemeente-voorbeeld.nl", False),
        ("hulp.gemeente-voorbeeld.nl", False),
        ("", False),
        ("https://[::1", False),
    ],
)
def test_hsts_only_for_a_real_https_address(public_url: str, https: bool) -> None:
    assert serves_https(public_url) is https

"""The console's security headers (bot/console/security_headers.py): on every console
page and asset, and not on the widget API, whose answers other sites' pages read; the
demo page is not framed, but gets no console CSP either (test_security_headers.py walks
every route)."""

from __future__ import annotations

import httpx

from bot.console.security_headers import CONSOLE_HEADERS
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa
from bot.tests.widget_client import open_chat, send


async def test_console_pages_and_assets_carry_the_headers_and_the_widget_api_does_not(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa) as (_, http):
        for path in ("/console/login", "/console", "/assets/console/console.css"):
            response = await http.get(path, headers={"Accept": "text/html"})
            assert response.status_code in (200, 303), path
            for name, value in CONSOLE_HEADERS.items():
                assert response.headers.get(name) == value, (path, name)
        cid, _ = await open_chat(http)
        answer = await send(http, cid, text="hallo")
        assert "Content-Security-Policy" not in answer.headers
        assert "X-Frame-Options" not in answer.headers
        demo = await http.get("/demo")
        assert demo.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert demo.headers["X-Frame-Options"] == "DENY"


async def test_a_console_error_page_carries_them_too(sqlite_url: str, fake_rasa: FakeRasa) -> None:
    async with fake_gateway(sqlite_url, fake_rasa) as (_, http):
        response: httpx.Response = await http.get("/console/niet-bestaand")
        assert response.status_code == 404
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"

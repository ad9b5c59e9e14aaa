"""The widget on another site's page, in Debian's Chromium, with the security headers of
bot/console/security_headers.py: a municipality's page (its own origin) loads the
script from the gateway, which answers through its API (CORS), with nothing blocked
(nosniff, Permissions-Policy) and no error in the page; the same page cannot frame the
console or the resident pages (frame-ancestors, X-Frame-Options)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.tests.conftest import serve_gateway
from bot.tests.fake_rasa import GREETING, FakeRasa
from bot.tests.test_widget_browser import browser, new_page  # noqa: F401  (fixture)
from tools.rasa_processes import free_port

WIDGET_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Gemeente Voorbeeld</title><link rel="icon" href="data:,"></head>
<body><h1>Gemeente Voorbeeld</h1>
<script src="{gateway}/widget/widget.js" data-gateway="{gateway}" data-campaign="demo"
        defer></script></body></html>"""
FRAMING_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Ingelijst</title><link rel="icon" href="data:,"></head><body>
<iframe id="console" src="{gateway}/console/login" title="console"></iframe>
<iframe id="demo" src="{gateway}/demo" title="demo"></iframe>
<iframe id="health" src="{gateway}/health" title="health"></iframe></body></html>"""


@pytest.fixture(scope="module")
def gateway(fake_rasa_server: FakeRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("cross-origin")
    with serve_gateway(fake_rasa_server.url, f"sqlite:///{folder / 'gateway.db'}", folder) as url:
        yield url


@pytest.fixture(scope="module")
def host_site(gateway: str) -> Iterator[str]:
    """A municipality's own site: another host and port than the gateway's."""
    pages = {
        "/": WIDGET_PAGE.format(gateway=gateway),
        "/ingelijst": FRAMING_PAGE.format(gateway=gateway),
    }

    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # 'localhost', not the gateway's '127.0.0.1': another site, not only another port.
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def page(browser: Browser, host_site: str, fake_rasa: FakeRasa) -> Iterator[Page]:  # noqa: F811
    page = new_page(browser, host_site)
    try:
        yield page
    finally:
        page.context.close()


def test_the_widget_works_on_another_sites_page(page: Page, gateway: str) -> None:
    errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    loaded: list[str] = []
    page.on(
        "response",
        lambda r: loaded.append(r.url) if r.url.startswith(gateway) and r.ok else None,
    )
    page.goto("/")
    log = page.get_by_role("log")
    expect(log).to_contain_text(GREETING)
    box = page.get_by_role("textbox", name="Je bericht")
    box.fill("hallo daar")
    box.press("Enter")
    expect(log).to_contain_text("Antwoord op: hallo daar")
    assert f"{gateway}/widget/widget.js" in loaded
    assert any(url.startswith(f"{gateway}/api/conversations") for url in loaded)
    assert not failed, failed
    assert not errors, errors


def test_the_console_and_the_demo_cannot_be_framed_by_another_site(
    page: Page, gateway: str
) -> None:
    shown: list[str] = []
    page.on("response", lambda r: shown.append(r.url) if r.url.startswith(gateway) else None)
    page.goto("/ingelijst")  # waits for the load event: the frames' answers are in
    assert {f"{gateway}/console/login", f"{gateway}/demo"} <= set(shown)  # asked, then refused
    urls = sorted(frame.url for frame in page.frames[1:])
    # The gateway's health answer may be framed (nothing says otherwise): framing works
    # here, and the two refused frames stay empty: no log-in form, no widget.
    assert f"{gateway}/health" in urls
    refused = [url for url in urls if url != f"{gateway}/health"]
    assert len(refused) == 2 and all(
        url in ("", "about:blank") or url.startswith("chrome-error://") for url in refused
    ), urls
    assert page.frame_locator("#console").locator("input").count() == 0
    assert page.frame_locator("#demo").get_by_role("log").count() == 0

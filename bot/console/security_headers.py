"""Security headers on every response of the gateway, as a plain ASGI middleware:
Starlette's BaseHTTPMiddleware (``@app.middleware("http")``) runs each request through a
task group and memory streams, a cost every widget message would pay. Here a response
costs one pass over its header list and a few appended byte strings.

- everywhere: `X-Content-Type-Options: nosniff`, a `Permissions-Policy` that switches
  off camera, microphone, location, payment, USB and the like (the widget's screenshot
  button is a file input and needs none of them), and HSTS only when PUBLIC_URL is
  https (never on an http deployment, where it would lock browsers out);
- the console (pages and assets): a strict CSP with `frame-ancestors 'none'`,
  `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` and no caching;
- the resident pages (a campaign's landing page, the demo, the return link's page):
  not to be framed either (`frame-ancestors 'none'`, `X-Frame-Options: DENY`);
- the widget (its script and the API it calls from a municipality's own pages):
  `Referrer-Policy: strict-origin-when-cross-origin`, no framing rules and no CSP, as
  other sites' pages load and call it (CORS).

A page that sets one of these headers itself keeps its own value."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONSOLE_PATHS = ("/console", "/assets/console")
# Resident pages that are only ever opened as a page of their own, never in a frame.
RESIDENT_PAGES = ("/c/", "/demo", "/terug")
CONSOLE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)
EVERYWHERE = {
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
RESIDENT_PAGE_HEADERS = {
    **EVERYWHERE,
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
WIDGET_HEADERS = {**EVERYWHERE, "Referrer-Policy": "strict-origin-when-cross-origin"}
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


def serves_https(public_url: str) -> bool:
    """True only for a well-formed https address with a host: HSTS on anything else
    (an http deployment, a typo) would make browsers refuse it for a year."""
    try:
        parts = urlsplit(public_url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and bool(parts.hostname)


def _encoded(headers: dict[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((name.lower().encode(), value.encode()) for name, value in headers.items())


def kind_of(path: str) -> str:
    if path.startswith(CONSOLE_PATHS):
        return "console"
    if path.startswith(RESIDENT_PAGES):
        return "resident_page"
    return "widget"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        extra = HSTS if https else {}
        self.by_kind = {
            "console": _encoded({**EVERYWHERE, **CONSOLE_HEADERS, **extra}),
            "resident_page": _encoded({**RESIDENT_PAGE_HEADERS, **extra}),
            "widget": _encoded({**WIDGET_HEADERS, **extra}),
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = self.by_kind[kind_of(scope["path"])]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(pair for pair in wanted if pair[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

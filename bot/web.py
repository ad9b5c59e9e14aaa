"""The gateway web app: widget API, server-sent events, widget files, console, campaign pages."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from telegram import Update

from bot import texts
from bot.campaigns import landing
from bot.console import campaign_pages
from bot.console import routes as console
from bot.conversations import Gateway, GatewayError
from bot.db import make_engine, make_sessions, migrate
from bot.events import EventHub, event_stream
from bot.helpdesk.retention import retention_loop
from bot.masking import install_log_masking
from bot.rasa_client import RasaClient
from bot.settings import Settings
from bot.telegram_channel import TelegramChannel

logger = logging.getLogger(__name__)
WIDGET = Path(__file__).resolve().parent / "widget"
CONSOLE_ASSETS = Path(__file__).resolve().parent / "console" / "static"
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


class NewConversation(BaseModel):
    campaign: str | None = Field(default=None, max_length=64)


class ResidentMessage(BaseModel):
    text: str | None = None
    payload: str | None = Field(default=None, max_length=512)


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


class BodyLimit:
    """Refuse request bodies over the limit (413), whatever the Content-Length says."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await error(413, "too_large", texts.BODY_TOO_LARGE)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await error(413, "too_large", texts.BODY_TOO_LARGE)(scope, receive, send)


class _TooLarge(Exception):
    pass


async def start_telegram(gateway: Gateway, settings: Settings) -> TelegramChannel:
    """Long polling locally; a webhook with a secret token when TELEGRAM_WEBHOOK_URL is set."""
    channel = TelegramChannel.build(gateway, settings.telegram_token, settings.telegram_base_url)
    application = channel.application
    await application.initialize()
    await application.start()
    if settings.telegram_webhook_url:
        await application.bot.set_webhook(
            settings.telegram_webhook_url, secret_token=settings.telegram_webhook_secret or None
        )
        logger.info("Telegram: webhook at %s", settings.telegram_webhook_url)
    else:
        assert application.updater is not None
        await application.updater.start_polling()
        logger.info("Telegram: long polling")
    return channel


async def stop_telegram(channel: TelegramChannel) -> None:
    application = channel.application
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    await application.stop()
    await application.shutdown()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_log_masking()  # uvicorn's handlers exist by now
        await asyncio.to_thread(migrate, settings.database_url)
        engine = make_engine(settings.database_url)
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        gateway = Gateway(settings, make_sessions(engine), rasa, EventHub())
        app.state.gateway = gateway
        console.attach(app, gateway)
        app.state.telegram = None
        if settings.telegram_token:
            app.state.telegram = await start_telegram(gateway, settings)
        else:
            logger.info("TELEGRAM_TOKEN is not set: the gateway runs without Telegram.")
        jobs = [
            asyncio.create_task(gateway.recovery_loop()),
            asyncio.create_task(retention_loop(gateway)),
        ]
        try:
            yield
        finally:
            if app.state.telegram is not None:
                await stop_telegram(app.state.telegram)
            for job in jobs:
                job.cancel()
            for job in jobs:
                with contextlib.suppress(asyncio.CancelledError):
                    await job
            await rasa.close()
            await engine.dispose()

    app = FastAPI(
        title="Scam-help gateway",
        description="Widget API of the Dutch scam-help assistant (docs/gateway-api.md).",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Content-Type"],
    )

    def gateway(request: Request) -> Gateway:
        return request.app.state.gateway

    @app.middleware("http")
    async def console_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        if request.url.path.startswith(("/console", "/assets/console")):
            for name, value in CONSOLE_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    console.install(app)
    campaign_pages.install(app)
    app.include_router(landing.router)

    @app.exception_handler(GatewayError)
    async def gateway_error(_: Request, exc: GatewayError) -> JSONResponse:
        return error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def unreadable(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error(400, "unreadable", texts.UNREADABLE)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/essential-advice")
    async def essential_advice() -> dict[str, Any]:
        return {
            "messages": [{"role": "bot", "text": t, "buttons": []} for t in texts.ESSENTIAL_ADVICE]
        }

    @app.post("/api/conversations", status_code=201)
    async def open_conversation(
        request: Request, body: NewConversation | None = None
    ) -> dict[str, Any]:
        campaign = body.campaign if body else None
        gateway(request).allow_client(request.client.host if request.client else None)
        conversation, messages = await gateway(request).open(
            "widget", channel_user_id=str(uuid.uuid4()), campaign=campaign
        )
        return {"conversation_id": conversation.id, "messages": messages}

    @app.post("/api/conversations/{conversation_id}/messages")
    async def send_message(
        request: Request, conversation_id: str, body: ResidentMessage
    ) -> dict[str, Any]:
        if (body.text is None) == (body.payload is None):
            raise GatewayError(400, "unreadable", texts.UNREADABLE)
        service = gateway(request)
        service.allow_client(request.client.host if request.client else None)
        outcome = await service.receive(conversation_id, body.text, body.payload)
        return {
            "messages": outcome.messages,
            "degraded": outcome.degraded,
            "resident_message": outcome.resident_message,
            "erased": outcome.erased,
        }

    @app.get("/api/conversations/{conversation_id}/messages")
    async def list_messages(
        request: Request, conversation_id: str, after: int = 0
    ) -> dict[str, Any]:
        return {"messages": await gateway(request).messages(conversation_id, after)}

    @app.delete("/api/conversations/{conversation_id}", status_code=204)
    async def erase(request: Request, conversation_id: str) -> Response:
        await gateway(request).erase(conversation_id)
        return Response(status_code=204)

    @app.get("/api/conversations/{conversation_id}/events")
    async def events(request: Request, conversation_id: str) -> StreamingResponse:
        hub_gateway = gateway(request)
        if not await hub_gateway.exists(conversation_id):
            raise GatewayError(404, "unknown_conversation", texts.UNKNOWN_CONVERSATION)
        return event_stream(request, hub_gateway.hub, conversation_id, ": verbonden\n\n")

    @app.post("/telegram/webhook", include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        channel: TelegramChannel | None = request.app.state.telegram
        if channel is None or not settings.telegram_webhook_secret:
            return Response(status_code=404)
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given, settings.telegram_webhook_secret):
            return Response(status_code=403)
        try:
            update = Update.de_json(await request.json(), channel.application.bot)
        except (ValueError, TypeError, KeyError):
            return Response(status_code=400)
        await channel.application.update_queue.put(update)
        return Response(status_code=200)

    app.mount("/widget", StaticFiles(directory=WIDGET), name="widget")
    app.mount("/assets/console", StaticFiles(directory=CONSOLE_ASSETS), name="console-assets")
    return app

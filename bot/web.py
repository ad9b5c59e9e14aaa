"""The app factory: it assembles the routers (bot/api/routes/), the middleware and the
error envelope (bot/api/errors.py), and the lifespan that builds the gateway, the desk,
the team and, when TELEGRAM_TOKEN is set, the Telegram channel. Routes receive those
through bot/api/deps.py."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from bot.api.errors import BodyLimit, install_error_handlers
from bot.api.routes import (
    account,
    audit,
    campaigns,
    casework,
    console,
    login_steps,
    overview,
    sessions,
    team,
    telegram,
    two_factor_admin,
    waves,
    widget,
)
from bot.console.access import ConsoleRefusal
from bot.console.pages import back_to, render
from bot.console.returns import safe_return
from bot.console.security_headers import SecurityHeaders, serves_https
from bot.conversation.gateway import Gateway
from bot.db import make_engine, make_sessions, migrate
from bot.helpdesk.canned import CannedReplies
from bot.helpdesk.desk import Desk, DeskError
from bot.helpdesk.holding import Holding
from bot.helpdesk.retention import retention_loop
from bot.helpdesk.team import Team
from bot.keyrotation.job import rotation_loop
from bot.masking import install_log_masking
from bot.rasa_client import RasaClient
from bot.scaleout.priority import yield_cpu_to_rasa
from bot.scaleout.state import shared_state
from bot.settings import Settings
from common.gc_freeze import freeze_startup_objects

logger = logging.getLogger(__name__)
WIDGET = Path(__file__).resolve().parent / "widget"
CONSOLE_ASSETS = Path(__file__).resolve().parent / "console" / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_log_masking()  # uvicorn's handlers exist by now
        await asyncio.to_thread(migrate, settings.database_url)
        engine = make_engine(settings.database_url)
        rasa = RasaClient(
            settings.rasa_replica_urls,
            settings.rasa_timeout_seconds,
            probe_seconds=settings.rasa_probe_seconds,
        )
        # REDIS_URL / PostgreSQL: what several workers share (bot/scaleout/).
        database = make_sessions(engine)
        shared = shared_state(settings, database)
        await shared.start()
        gateway = Gateway(settings, database, rasa, shared.hub, shared)
        app.state.gateway = gateway
        app.state.desk = Desk(gateway)
        app.state.holding = Holding(gateway)
        app.state.team = Team(gateway.config, settings.presence_seconds, app.state.holding)
        app.state.canned = CannedReplies(rasa)
        app.state.telegram = None
        if settings.telegram_token:
            app.state.telegram = await telegram.start_telegram(gateway, settings)
        else:
            logger.info("TELEGRAM_TOKEN is not set: the gateway runs without Telegram.")
        jobs = [
            asyncio.create_task(gateway.recovery_loop()),
            asyncio.create_task(retention_loop(gateway)),
            asyncio.create_task(app.state.holding.idle_loop()),
            asyncio.create_task(rotation_loop(gateway)),
        ]
        if len(rasa.replicas) > 1:
            jobs.append(asyncio.create_task(rasa.probe_loop()))
        yield_cpu_to_rasa(settings.nice)
        if settings.gc_freeze:
            frozen = freeze_startup_objects()  # short collections (common/gc_freeze.py)
            logger.info("%d objects of the start-up kept out of the garbage collector", frozen)
        try:
            yield
        finally:
            if app.state.telegram is not None:
                await telegram.stop_telegram(app.state.telegram)
            for job in jobs:
                job.cancel()
            for job in jobs:
                with contextlib.suppress(asyncio.CancelledError):
                    await job
            await rasa.close()
            await shared.close()
            await engine.dispose()

    app = FastAPI(
        title="Scam-help gateway",
        description="Widget API of the Dutch scam-help assistant (docs/gateway-api.md).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Content-Type"],
    )

    app.add_middleware(SecurityHeaders, https=serves_https(settings.public_url))

    install_error_handlers(app)

    @app.exception_handler(ConsoleRefusal)
    async def refused(request: Request, exc: ConsoleRefusal) -> Response:
        if exc.status == 303:
            # Back to this page after logging in (a local console path only).
            back = safe_return(request.url.path)
            return back_to(f"/console/login?terug={back}" if back else "/console/login")
        return render("refused.html", exc.status, message=exc.message)

    @app.exception_handler(DeskError)
    async def desk_refused(request: Request, exc: DeskError) -> Response:
        return render("refused.html", exc.status, message=exc.message)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    for router in (
        widget.router,
        widget.pages,
        telegram.router,
        console.router,
        login_steps.router,
        casework.router,
        overview.router,
        team.router,
        account.router,
        sessions.router,
        two_factor_admin.router,
        audit.router,
        campaigns.router,
        campaigns.public,
        waves.router,
    ):
        app.include_router(router)
    app.mount("/widget", StaticFiles(directory=WIDGET), name="widget")
    app.mount("/assets/console", StaticFiles(directory=CONSOLE_ASSETS), name="console-assets")
    return app

"""Starting the gateway: `python -m bot serve` runs GATEWAY_WORKERS uvicorn worker
processes on one port, each building its app with `create_app()` from the same
environment. One worker (the default) runs in this process; with more, uvicorn's
supervisor forks them and starts a new one when one dies, and each worker listens on a
socket of its own so the kernel spreads the connections (bot/scaleout/balanced.py).

Several workers share their state through PostgreSQL and Redis (bot/scaleout/state.py),
so more than one is refused without both, in Dutch and English, rather than running
workers that each keep their own rate limits and event streams."""

from __future__ import annotations

import logging

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from bot.db import async_url
from bot.scaleout.balanced import balanced_workers, reuse_port_socket
from bot.settings import Settings

logger = logging.getLogger("uvicorn.error")
APP = "bot.web:create_app"


def refusal(settings: Settings) -> str | None:
    """Why these settings cannot start GATEWAY_WORKERS workers (None: they can)."""
    if settings.workers < 1:
        return (
            f"GATEWAY_WORKERS={settings.workers} is geen aantal. Gebruik 1 of meer.\n"
            f"GATEWAY_WORKERS={settings.workers} is not a count. Use 1 or more."
        )
    missing = []
    if settings.workers > 1 and not async_url(settings.database_url).startswith("postgresql"):
        missing.append("DATABASE_URL (postgresql://...)")
    if settings.workers > 1 and not settings.redis_url:
        missing.append("REDIS_URL (redis://...)")
    if not missing:
        return None
    return (
        f"GATEWAY_WORKERS={settings.workers} kan alleen met PostgreSQL en Redis: daar "
        f"delen de workers gesprekken, meldingen en limieten. Zet ook {' en '.join(missing)}, "
        "of laat GATEWAY_WORKERS weg voor één worker.\n"
        f"GATEWAY_WORKERS={settings.workers} needs PostgreSQL and Redis, where the workers "
        f"share conversations, events and limits: also set {' and '.join(missing)}, or leave "
        "GATEWAY_WORKERS out for one worker."
    )


def serve(settings: Settings) -> None:
    """Run the gateway until stopped. The app is named by its import path (a factory),
    the one way uvicorn can build it in each worker process."""
    options = {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "log_level": "info",
        "access_log": settings.access_log,
    }
    if settings.workers == 1:
        uvicorn.run(APP, **options)
        return
    config = uvicorn.Config(APP, **options)
    with balanced_workers() as balanced:
        if not balanced:
            sock = config.bind_socket()
        else:
            try:
                sock = reuse_port_socket(settings.host, settings.port)
            except OSError as error:  # as uvicorn does when its own bind fails
                logger.error(error)
                raise SystemExit(STARTUP_FAILURE) from None
            logger.info(
                "Uvicorn running on http://%s:%d, %d workers on a socket each (Press CTRL+C "
                "to quit)",
                settings.host,
                sock.getsockname()[1],
                settings.workers,
            )
        try:
            Multiprocess(config, sockets=[sock]).run()
        except KeyboardInterrupt:
            pass

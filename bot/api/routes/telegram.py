"""Telegram, wired in one place: the channel is built and started here (long polling
locally, a webhook with a secret token when TELEGRAM_WEBHOOK_URL is set), its senders
are connected to the gateway (replies delivered later, the volunteers' group alert),
and the webhook route hands updates to python-telegram-bot."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging

from fastapi import APIRouter, Request
from fastapi.responses import Response
from telegram import Update

from bot.conversation.gateway import Gateway
from bot.settings import Settings
from bot.telegram_channel import CHANNEL, TelegramChannel

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
# With several workers, how often a worker that does not poll asks for the turn.
POLLING_TURN_SECONDS = 10.0
# The polling turn's task of each channel (several workers, long polling).
_turns: dict[int, asyncio.Task[None]] = {}


def connect(gateway: Gateway, channel: TelegramChannel) -> None:
    """Replies for Telegram residents (a volunteer's, a recovered one) go out through
    the channel, and urgent-case alerts to the volunteers' Telegram group."""
    gateway.deliverers[CHANNEL] = channel.deliver_later
    gateway.notifier.group_sender = channel.send_to_group


async def start_telegram(gateway: Gateway, settings: Settings) -> TelegramChannel:
    channel = TelegramChannel.build(gateway, settings.telegram_token, settings.telegram_base_url)
    connect(gateway, channel)
    application = channel.application
    await application.initialize()
    await application.start()
    if settings.telegram_webhook_url:
        await application.bot.set_webhook(
            settings.telegram_webhook_url, secret_token=settings.telegram_webhook_secret or None
        )
        logger.info("Telegram: webhook at %s", settings.telegram_webhook_url)
    elif settings.workers > 1:
        _turns[id(channel)] = asyncio.create_task(poll_in_one_worker(channel, gateway))
    else:
        assert application.updater is not None
        await application.updater.start_polling()
        logger.info("Telegram: long polling")
    return channel


async def poll_in_one_worker(channel: TelegramChannel, gateway: Gateway) -> None:
    """Telegram answers one long poll per bot at a time (a second gets '409 Conflict'),
    so of several workers only the one holding the job lock polls. Its lock ends with
    its database session when it dies, and another worker takes over within
    POLLING_TURN_SECONDS; updates wait at Telegram meanwhile. Every worker can still
    send (replies, alerts): only receiving needs the turn."""
    updater = channel.application.updater
    assert updater is not None
    while True:
        try:
            async with gateway.jobs.exclusive("telegram-polling") as mine:
                if mine:
                    await updater.start_polling()
                    logger.info("Telegram: long polling in this worker")
                    try:
                        await asyncio.Event().wait()  # until the worker stops
                    finally:
                        if updater.running:
                            await updater.stop()
        except asyncio.CancelledError:
            raise
        except Exception:  # the database away: ask again at the next turn
            logger.warning("Telegram: could not take the polling turn", exc_info=True)
        await asyncio.sleep(POLLING_TURN_SECONDS)


async def stop_telegram(channel: TelegramChannel) -> None:
    if (turn := _turns.pop(id(channel), None)) is not None:
        turn.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await turn
    application = channel.application
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    await channel.images.close()
    await application.stop()
    await application.shutdown()


@router.post("/telegram/webhook")
async def telegram_webhook(request: Request) -> Response:
    channel: TelegramChannel | None = request.app.state.telegram
    secret = request.app.state.settings.telegram_webhook_secret
    if channel is None or not secret:
        return Response(status_code=404)
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given, secret):
        return Response(status_code=403)
    try:
        update = Update.de_json(await request.json(), channel.application.bot)
    except (ValueError, TypeError, KeyError):
        return Response(status_code=400)
    # Handled before the 200, not queued: Telegram keeps an update it got no 200 for and
    # sends it again, so one a worker was handling when it stopped is not lost.
    await channel.application.process_update(update)
    return Response(status_code=200)

"""Event streams across gateway workers: every event goes to this worker's own streams
at once and, through one Redis pub/sub channel, to every other worker, which hands it
to its streams on that topic (a conversation id, or the console topic).

Redis away never fails a request: publishing only queues the event for a background
sender, which drops what Redis does not take (logged once). While this worker's
subscription is down, `live` is False and its streams end with a `retry:` field
(bot/events.py): widgets and consoles catch up over plain HTTP until it is back. The
subscription is retried with a growing pause (0.5 s up to 10 s)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any

from redis.asyncio import Redis

from bot.events import EventHub
from bot.scaleout.redis_link import REDIS_ERRORS

logger = logging.getLogger(__name__)

OUTBOX_SIZE = 1000
FIRST_PAUSE, LAST_PAUSE = 0.5, 10.0
READ_SECONDS = 1.0
# start() waits this long for the first try to subscribe, so streams opened right
# after start do not end at once.
START_SECONDS = 2.0


class RedisEventHub(EventHub):
    def __init__(self, redis: Redis, listener: Redis, prefix: str) -> None:
        """redis publishes; listener (a client of its own, without retries, so that a
        broken subscription is noticed) subscribes."""
        super().__init__()
        self._redis = redis
        self._listener = listener
        self.channel = f"{prefix}events"
        # This worker's events come back through the channel: skip them (sent locally).
        self._origin = uuid.uuid4().hex
        self._outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=OUTBOX_SIZE)
        self._live = asyncio.Event()
        self._tried = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._send_failing = False
        self._listen_failing = False

    @property
    def live(self) -> bool:
        return self._live.is_set()

    def publish(self, conversation_id: str, message: dict[str, Any]) -> None:
        super().publish(conversation_id, message)
        event = json.dumps({"origin": self._origin, "topic": conversation_id, "event": message})
        try:
            self._outbox.put_nowait(event)
        except asyncio.QueueFull:
            # Redis has been away a while; the other workers' clients catch up by HTTP.
            self._outbox.get_nowait()
            self._outbox.put_nowait(event)

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._send()), asyncio.create_task(self._listen())]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._tried.wait(), START_SECONDS)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self._listener.aclose()

    async def _send(self) -> None:
        while True:
            event = await self._outbox.get()
            try:
                await self._redis.publish(self.channel, event)
            except Exception as error:  # Redis away (or a bug): never stop sending
                if not isinstance(error, REDIS_ERRORS):
                    logger.exception("could not publish an event")
                elif not self._send_failing:
                    logger.warning(
                        "Redis does not answer (%s): events reach this worker's streams only",
                        type(error).__name__,
                    )
                self._send_failing = True
                continue
            if self._send_failing:
                logger.info("Redis answers again: events reach every worker")
            self._send_failing = False

    async def _listen(self) -> None:
        pause = FIRST_PAUSE
        while True:
            pubsub = self._listener.pubsub()
            try:
                await pubsub.subscribe(self.channel)
                self._went_live()
                pause = FIRST_PAUSE
                while True:
                    message = await pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=READ_SECONDS
                    )
                    if message is not None and message.get("type") == "message":
                        self._received(message["data"])
            except REDIS_ERRORS as error:
                if not self._listen_failing:
                    logger.warning(
                        "Redis does not answer (%s): event streams fall back to polling",
                        type(error).__name__,
                    )
                self._listen_failing = True
            except Exception:  # keep listening whatever one subscription meets
                logger.exception("the event listener failed")
            finally:
                self._tried.set()
                if self._live.is_set():
                    self._live.clear()
                    # Events published meanwhile would be missed: the clients catch up.
                    self.end_streams()
                with contextlib.suppress(*REDIS_ERRORS):
                    await pubsub.aclose()
            await asyncio.sleep(pause)
            pause = min(pause * 2, LAST_PAUSE)

    def _went_live(self) -> None:
        if self._listen_failing:
            logger.info("Redis answers again: event streams are live again")
        self._listen_failing = False
        self._live.set()
        self._tried.set()

    def _received(self, data: bytes | str) -> None:
        try:
            envelope = json.loads(data)
            if envelope["origin"] == self._origin:
                return
            topic, event = str(envelope["topic"]), dict(envelope["event"])
        except (ValueError, KeyError, TypeError):
            logger.warning("an unreadable event on the Redis channel was ignored")
            return
        EventHub.publish(self, topic, event)

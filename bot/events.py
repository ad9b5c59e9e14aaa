"""In-process fan-out of later messages and console changes, and the server-sent
event stream that carries them to open widgets and consoles.

With several gateway workers the hub is bot/scaleout/events.py's, which carries each
event through Redis to the other workers. While it cannot (Redis down), `live` is False:
a stream then ends at once with a `retry:` field, and the client reconnects a few
seconds later and catches up on open (the widget's GET messages, the console's
refresh), so nothing is missed while events cannot flow."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import StreamingResponse

KEEP_ALIVE_SECONDS = 15.0
# Sent when events cannot flow: reconnect in 3 s, and catch up on open meanwhile.
PAUSED = "retry: 3000\n: events paused, catch up and reconnect\n\n"
# Put in a stream's queue to end it (identity, never sent).
END: dict[str, Any] = {}


class EventHub:
    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)

    def subscribe(self, conversation_id: str) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=100)
        self._queues[conversation_id].add(queue)
        return queue

    def unsubscribe(self, conversation_id: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._queues[conversation_id].discard(queue)
        if not self._queues[conversation_id]:
            del self._queues[conversation_id]

    def publish(self, conversation_id: str, message: dict[str, Any]) -> None:
        for queue in list(self._queues.get(conversation_id, ())):
            if not queue.full():
                queue.put_nowait(message)

    @property
    def live(self) -> bool:
        """Whether every event reaches this hub's streams (in process: always)."""
        return True

    def end_streams(self) -> None:
        """End every open stream: its clients reconnect and catch up."""
        for queues in list(self._queues.values()):
            for queue in list(queues):
                if queue.full():
                    queue.get_nowait()  # the client catches up on what is dropped
                queue.put_nowait(END)

    async def start(self) -> None:
        """Nothing to connect in process (the Redis hub subscribes here)."""

    async def close(self) -> None:
        """Nothing to disconnect in process."""


def event_stream(
    request: Request,
    hub: EventHub,
    topic: str,
    opening: str,
    still_wanted: Callable[[], Awaitable[bool]] | None = None,
) -> StreamingResponse:
    """A text/event-stream of what is published on topic, with a keep-alive comment every
    KEEP_ALIVE_SECONDS. An event with an 'id' carries it as the SSE id. At each keep-alive
    `still_wanted` (if given) may end the stream by returning False."""
    queue = hub.subscribe(topic)

    async def stream() -> AsyncIterator[str]:
        try:
            yield opening
            if not hub.live:
                yield PAUSED
                return
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    if still_wanted is not None and not await still_wanted():
                        return
                    yield ": keep-alive\n\n"
                    continue
                if event is END:
                    yield PAUSED
                    return
                event_id = f"id: {event['id']}\n" if "id" in event else ""
                yield f"{event_id}data: {json.dumps(event)}\n\n"
        finally:
            hub.unsubscribe(topic, queue)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )

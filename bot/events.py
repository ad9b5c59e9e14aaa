"""In-process fan-out of later messages and console changes, and the server-sent
event stream that carries them to open widgets and consoles."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import StreamingResponse

KEEP_ALIVE_SECONDS = 15.0


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
                event_id = f"id: {event['id']}\n" if "id" in event else ""
                yield f"{event_id}data: {json.dumps(event)}\n\n"
        finally:
            hub.unsubscribe(topic, queue)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )

"""In-process fan-out of later messages (server-sent events to open widgets)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any


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

"""The shared stores' I/O off Rasa's event loop (assistant/rasa_io_patches.py): the SQL
tracker store still saves and reads a tracker as Rasa does, now in a worker thread; the
Redis lock store still serialises one conversation's messages, against a real Redis,
and no longer blocks the other conversations."""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import assistant.intent_classifier  # noqa: F401  (importing it applies the patches)
from assistant import rasa_io_patches

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
DOMAIN = Domain.from_yaml(
    "version: '3.1'\nintents: [greet]\nslots:\n  scam_type:\n    type: any\n"
    "    mappings: [{type: custom}]\n"
)


def test_importing_the_classifier_applies_the_patches() -> None:
    assert rasa_io_patches.is_applied()
    assert rasa_io_patches.apply() is True  # idempotent


def test_run_to_end_refuses_a_coroutine_that_waits() -> None:
    async def blocking_only() -> int:
        return 42

    async def waits() -> None:
        await asyncio.sleep(0)

    assert rasa_io_patches.run_to_end(blocking_only()) == 42
    with pytest.raises(RuntimeError, match="waited for the event loop"):
        rasa_io_patches.run_to_end(waits())


def test_the_sql_tracker_store_saves_and_reads_in_a_thread(tmp_path: Path) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "trackers.db"))
    threads: list[str] = []
    scope = store.session_scope

    def watched_scope() -> Any:
        threads.append(threading.current_thread().name)
        return scope()

    store.session_scope = watched_scope  # type: ignore[method-assign]
    sender = f"bewoner-{uuid.uuid4().hex[:8]}"
    events = [
        ActionExecuted("action_listen"),
        UserUttered("ik kreeg een sms", {"name": "greet", "confidence": 1.0}),
        SlotSet("scam_type", "phishing_message"),
    ]
    tracker = DialogueStateTracker.from_events(sender, events, DOMAIN.slots)

    async def round_trip() -> DialogueStateTracker | None:
        await store.save(tracker)
        return await store.retrieve(sender)

    again = asyncio.run(round_trip())
    assert again is not None
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in tracker.events]
    assert again.get_slot("scam_type") == "phishing_message"
    assert asyncio.run(store.keys()) == [sender]
    # Every database call ran off the event loop's thread.
    assert threads and threading.main_thread().name not in threads


@pytest.mark.redis
def test_the_redis_lock_serialises_one_conversation_and_not_the_others() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise RuntimeError(f"Redis is needed at {REDIS_URL} (TEST_REDIS_URL)") from error
    host_port, _, db = REDIS_URL.removeprefix("redis://").partition("/")
    host, _, port = host_port.partition(":")
    store = RedisLockStore(
        host=host, port=int(port or 6379), db=int(db or 0), key_prefix=uuid.uuid4().hex[:8]
    )
    order: list[str] = []
    threads: set[str] = set()
    get_lock = store.get_lock

    def watched_get_lock(conversation_id: str) -> Any:
        threads.add(threading.current_thread().name)
        return get_lock(conversation_id)

    store.get_lock = watched_get_lock  # type: ignore[method-assign]

    async def handle(conversation: str, name: str, hold: float) -> None:
        async with store.lock(conversation, wait_time_in_seconds=0.05):
            order.append(f"{name} in")
            await asyncio.sleep(hold)
            order.append(f"{name} out")

    async def scenario() -> None:
        first = asyncio.create_task(handle("gesprek-a", "a1", 0.4))
        await asyncio.sleep(0.1)
        await asyncio.gather(handle("gesprek-a", "a2", 0.0), handle("gesprek-b", "b1", 0.0))
        await first

    asyncio.run(scenario())
    # a2 waited for a1; b1, another conversation, did not wait for either.
    assert order.index("a2 in") > order.index("a1 out")
    assert order.index("b1 out") < order.index("a1 out")
    # Every Redis read ran off the event loop's thread.
    assert threads and threading.main_thread().name not in threads
    # The locks are gone afterwards (nobody waiting): a new message takes one at once.
    assert store.get_lock("gesprek-a") is None and store.get_lock("gesprek-b") is None

"""Run-time patches to Rasa 3.6: the shared stores' blocking I/O off the event loop.

Why: with several replicas (endpoints.scaled.yml) Rasa keeps trackers in PostgreSQL
(``SQLTrackerStore``) and conversation locks in Redis (``RedisLockStore``). Both talk to
their server with blocking calls made straight from Rasa's one event loop: about eight
Redis round trips (ticket, lock, clean-up) and six PostgreSQL ones per message. While
one of them waits, the replica answers nobody. On a busy machine each wait is a
scheduler slice, and under a campaign load a replica used only a fifth of a core while
residents waited seconds: py-spy found its loop inside a Redis or PostgreSQL read in
seven of eight samples.

What: the same calls, in the same order, run in a worker thread (``asyncio.to_thread``),
so the loop serves other conversations meanwhile. Per conversation nothing changes:
Rasa's lock still serialises a conversation's messages, and a tracker is still read and
written by one request at a time. Both methods' bodies stay Rasa's own: the tracker
store's coroutines never suspend when no event broker is set (ours), so they are run to
their end inside the thread; with an event broker Rasa's own methods run unchanged.

Where: :func:`apply` runs with assistant/rasa_patches.py (on import of the intent
classifier). It patches only Rasa 3.6 whose methods have the expected names; otherwise
it logs a warning and leaves Rasa as it is (slower, still correct).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

logger = logging.getLogger(__name__)

PATCHED_FLAG = "_scamhelp_off_the_loop"


def run_to_end(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """The value of a coroutine that never suspends (blocking work only), run here."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("the coroutine waited for the event loop; run it there instead")


def _in_a_thread(original: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., Any]:
    async def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "event_broker", None) is not None:
            return await original(self, *args, **kwargs)  # it awaits the broker
        return await asyncio.to_thread(lambda: run_to_end(original(self, *args, **kwargs)))

    setattr(method, PATCHED_FLAG, True)
    method.__wrapped__ = original  # type: ignore[attr-defined]
    method.__name__ = original.__name__
    return method


def _lock_off_the_loop(lock_store: type) -> Callable[..., Any]:
    """RedisLockStore.lock with Rasa's own steps (ticket, wait, clean-up), each Redis
    call in a thread; the waiting between tries stays on the loop."""
    from rasa.core.lock_store import LOCK_LIFETIME, LockError

    original = lock_store.lock

    @asynccontextmanager
    async def lock(
        self: Any,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[Any]:
        ticket = await asyncio.to_thread(self.issue_ticket, conversation_id, lock_lifetime)
        try:
            while True:
                # As LockStore._acquire_lock: fetched every time, it may have expired.
                held = await asyncio.to_thread(self.get_lock, conversation_id)
                if not held:
                    raise LockError(
                        f"Could not acquire lock for conversation_id '{conversation_id}'."
                    )
                if not held.is_locked(ticket):
                    break
                await asyncio.sleep(wait_time_in_seconds)
                await asyncio.to_thread(self.update_lock, conversation_id)
            yield held
        finally:
            await asyncio.to_thread(self.cleanup, conversation_id, ticket)

    setattr(lock, PATCHED_FLAG, True)
    lock.__wrapped__ = original  # type: ignore[attr-defined]
    return lock


_EXPECTED = {
    "SQLTrackerStore": ("_retrieve", "save", "keys", "session_scope"),
    "RedisLockStore": ("issue_ticket", "get_lock", "update_lock", "cleanup", "lock"),
}


def is_applied() -> bool:
    from rasa.core.lock_store import RedisLockStore
    from rasa.core.tracker_store import SQLTrackerStore

    return all(
        getattr(method, PATCHED_FLAG, False)
        for method in (SQLTrackerStore._retrieve, SQLTrackerStore.save, RedisLockStore.lock)
    )


def apply() -> bool:
    """Patch Rasa once; True when the patches are in place after the call."""
    import rasa
    from rasa.core.lock_store import RedisLockStore
    from rasa.core.tracker_store import SQLTrackerStore

    if is_applied():
        return True
    classes = {"SQLTrackerStore": SQLTrackerStore, "RedisLockStore": RedisLockStore}
    expected = str(getattr(rasa, "__version__", "")).startswith("3.6.") and all(
        all(hasattr(classes[name], attribute) for attribute in names)
        for name, names in _EXPECTED.items()
    )
    if not expected:
        logger.warning(
            "assistant.rasa_io_patches: Rasa is not the expected 3.6 shape; the tracker "
            "and lock stores keep their blocking calls on the event loop."
        )
        return False
    for name in ("_retrieve", "save", "keys"):
        setattr(SQLTrackerStore, name, _in_a_thread(getattr(SQLTrackerStore, name)))
    RedisLockStore.lock = _lock_off_the_loop(RedisLockStore)
    return True

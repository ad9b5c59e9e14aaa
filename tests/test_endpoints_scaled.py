"""endpoints.scaled.yml as Rasa reads it: the shared tracker store (SQL on PostgreSQL) and
lock store (Redis), filled in from the variables tools/run_topology.py sets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from assistant.tracker_store import CheckedSQLTrackerStore

ENDPOINTS = Path(__file__).resolve().parent.parent / "endpoints.scaled.yml"
ENV = {
    "ACTIONS_URL": "http://127.0.0.1:5055/webhook",
    "RASA_TRACKER_URL": "postgresql://postgres@127.0.0.1:5432/scamhelp_tracker",
    "RASA_LOCK_REDIS_HOST": "cache.example",
    "RASA_LOCK_REDIS_PORT": "6380",
    "RASA_LOCK_REDIS_DB": "2",
    "RASA_LOCK_REDIS_PASSWORD": "",
}


@pytest.fixture
def scaled_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("scaled_env")
def test_the_replicas_share_a_postgresql_tracker_store() -> None:
    tracker = read_endpoint_config(str(ENDPOINTS), "tracker_store")
    assert tracker is not None and tracker.type == "assistant.tracker_store.CheckedSQLTrackerStore"
    assert tracker.kwargs["dialect"] == "postgresql"
    assert tracker.url == ENV["RASA_TRACKER_URL"]
    actions = read_endpoint_config(str(ENDPOINTS), "action_endpoint")
    assert actions is not None and actions.url == ENV["ACTIONS_URL"]


@pytest.mark.usefixtures("scaled_env")
def test_rasa_loads_the_checked_sql_store_and_keeps_trackers_in_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Rasa falls back to an in-memory store, with a mere warning, when it cannot load a
    store's class: the class must load, and keep what is saved (SQLite here)."""
    monkeypatch.setenv("RASA_TRACKER_URL", f"sqlite:///{tmp_path / 'trackers.db'}")
    config = read_endpoint_config(str(ENDPOINTS), "tracker_store")
    store = TrackerStore.create(config)
    assert isinstance(store, CheckedSQLTrackerStore)
    tracker = DialogueStateTracker.from_events("resident-1", [UserUttered("hallo")])
    asyncio.run(store.save(tracker))
    again = TrackerStore.create(read_endpoint_config(str(ENDPOINTS), "tracker_store"))
    kept = asyncio.run(again.retrieve("resident-1"))
    assert kept is not None and kept.latest_message is not None
    assert kept.latest_message.text == "hallo"


@pytest.mark.usefixtures("scaled_env")
def test_the_replicas_share_a_redis_lock_store() -> None:
    config = read_endpoint_config(str(ENDPOINTS), "lock_store")
    store = LockStore.create(config)  # connects only when a lock is taken
    assert isinstance(store, RedisLockStore)
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("cache.example", 6380, 2)
    assert not kwargs.get("password")  # an empty password is no password
    assert store.key_prefix.startswith("scamhelp")


@pytest.mark.usefixtures("scaled_env")
def test_a_missing_variable_is_an_error_not_a_silent_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RASA_TRACKER_URL")
    with pytest.raises(Exception, match="RASA_TRACKER_URL"):
        read_endpoint_config(str(ENDPOINTS), "tracker_store")

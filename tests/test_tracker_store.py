"""assistant/tracker_store.py: the scaled topology's tracker store writes the rows Rasa's
own SQLTrackerStore writes, in one INSERT per save, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.tracker_store import CheckedSQLTrackerStore

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DOMAIN = Domain.from_yaml("slots:\n  scam_type:\n    type: any\n    mappings: []\n")


def _first_turn() -> list[Any]:
    parse = {
        "intent": {"name": "phishing_message", "confidence": 0.91},
        "entities": [{"entity": "domain", "value": "postnl-pakket.top", "start": 9, "end": 26}],
        "text": "klik op postnl-pakket.top",
    }
    return [
        ActionExecuted("action_session_start", timestamp=2.0),
        SessionStarted(timestamp=2.0),
        ActionExecuted("action_listen", timestamp=3.0),
        UserUttered("klik op postnl-pakket.top", parse["intent"], parse["entities"], parse, 4.0),
    ]


def _second_part() -> list[Any]:
    return [
        SlotSet("scam_type", "phishing_message", timestamp=5.0),
        BotUttered("Klik niet op de link.", {"buttons": [{"title": "Ja"}]}, timestamp=6.0),
        ActionExecuted("action_listen", timestamp=7.0),
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[dict[str, Any]]:
    if request.param == "sqlite":
        yield {"dialect": "sqlite", "db": str(tmp_path / "trackers.db")}
        return
    name = f"scamhelp_trackers_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(ADMIN_URL)
    try:
        yield {
            "dialect": "postgresql",
            "host": url.host,
            "port": url.port,
            "username": url.username,
            "password": url.password,
            "db": name,
        }
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _rows(store: SQLTrackerStore, sender_id: str) -> list[tuple[Any, ...]]:
    table = store.SQLEvent.__table__
    columns = [c for c in table.c if c.name != "id"]
    with store.engine.connect() as connection:
        query = sa.select(columns).where(table.c.sender_id == sender_id).order_by(table.c.id)
        return [tuple(row)[1:] for row in connection.execute(query)]  # without sender_id


def _inserts(store: SQLTrackerStore) -> list[str]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", count)
    return seen


def test_it_writes_rasas_rows_in_one_insert_per_save(database: dict[str, Any]) -> None:
    ours = CheckedSQLTrackerStore(DOMAIN, **database)
    rasas = SQLTrackerStore(DOMAIN, **database)
    inserts = _inserts(ours)
    for store, sender in ((ours, "ours"), (rasas, "rasas")):
        tracker = DialogueStateTracker.from_events(sender, _first_turn(), DOMAIN.slots)
        asyncio.run(store.save(tracker))
        tracker.update_with_events(_second_part(), DOMAIN, override_timestamp=False)
        asyncio.run(store.save(tracker))  # only the three new events
        asyncio.run(store.save(tracker))  # nothing new: nothing written
    assert len(inserts) == 2
    assert _rows(ours, "ours") == _rows(rasas, "rasas")
    assert len(_rows(ours, "ours")) == len(_first_turn()) + len(_second_part())
    kept = asyncio.run(ours.retrieve("ours"))
    assert kept is not None
    assert kept.get_slot("scam_type") == "phishing_message"
    assert kept.latest_message is not None and kept.latest_message.text.startswith("klik op")
    assert [e.as_dict() for e in kept.events] == [
        e.as_dict()
        for e in asyncio.run(rasas.retrieve("rasas")).events  # type: ignore[union-attr]
    ]

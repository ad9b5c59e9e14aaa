"""Rasa's SQL tracker store with its pooled connections checked before use.

Why: Rasa wraps every tracker store in a ``FailSafeTrackerStore``. When reading a
tracker fails, it goes on with a new, empty tracker: the message is answered without
the conversation so far, and it never reaches the stored tracker (saving counts the
events already stored and writes only those beyond, so the short new tracker writes
nothing). Rasa's ``SQLTrackerStore`` keeps pooled connections without checking them, so
after PostgreSQL restarted or the network to it broke for a moment, every pooled
connection fails once: each of those messages silently loses its conversation in Rasa
(the fault test on the scaled topology, bot/tests/test_scaled_faults.py, saw it after a
10-second cut). SQLAlchemy's ``pool_pre_ping`` tests a connection when it is taken from
the pool and replaces a dead one, so the read after such a cut succeeds.

Also: Rasa's ``save`` adds each new event as an ORM object, and SQLAlchemy 1.4 inserts
ORM objects one statement at a time (it reads each new id back): the five to ten events
of one message were five to ten round trips to PostgreSQL, on Rasa's event loop, which
waits for each. ``save`` here writes the same rows, with the same values and in the same
order, in one multi-row INSERT (the psycopg2 dialect's "values" mode for executemany).

Where: endpoints.scaled.yml names this class as the tracker store (``type:``), with the
same ``url`` and ``dialect`` as Rasa's own SQL store; everything else is Rasa's.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY


class CheckedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url  # the database Rasa settled on (it may create it first)
        self.engine.dispose()
        options = create_engine_kwargs(url)
        if url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg2":
            options["executemany_mode"] = "values_only"  # one INSERT for many rows
        self.engine = sa.create_engine(url, pool_pre_ping=True, **options)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save (the events not stored yet, as Rasa's rows), in one INSERT."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [
                _row(tracker.sender_id, event)
                for event in self._additional_events(session, tracker)
            ]
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()


def _row(sender_id: str, event: Any) -> dict[str, Any]:
    """The columns Rasa's SQLTrackerStore.save fills for one event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }

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

Where: endpoints.scaled.yml names this class as the tracker store (``type:``), with the
same ``url`` and ``dialect`` as Rasa's own SQL store; everything else is Rasa's.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs


class CheckedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url  # the database Rasa settled on (it may create it first)
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

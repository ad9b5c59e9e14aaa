"""Every column a pseudonym key touches, in one place: what the rotation job re-seals and
re-hashes, and what `python -m bot keys` counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import InstrumentedAttribute

from bot.models import Conversation, Volunteer
from bot.waves.models import Sighting

# Values sealed with bot/sealing.py: a sealed column of another table goes here too.
SEALED_COLUMNS: tuple[InstrumentedAttribute[Any], ...] = (
    Conversation.channel_address,
    Volunteer.totp_secret,  # two-factor log-in (bot/console/two_factor.py)
)

# Every stored resident key (bot/pseudonym.py) with the version of the key that made it.
# A resident moves to a new key in all of them at once (residents.py: move).
RESIDENT_KEY_COLUMNS: tuple[tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any]], ...] = (
    (Conversation.resident_key, Conversation.key_version),
    (Sighting.resident_key, Sighting.key_version),
)


def primary_key(column: InstrumentedAttribute[Any]) -> InstrumentedAttribute[Any]:
    """The primary key of the column's table (one column: every sealed table has one)."""
    model = column.class_
    [key] = inspect(model).primary_key
    return getattr(model, key.key)


def label(column: InstrumentedAttribute[Any]) -> str:
    """`table.column`, for the log and the counts."""
    return f"{column.class_.__tablename__}.{column.key}"

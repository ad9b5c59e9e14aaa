"""Migrations on SQLite and PostgreSQL: a database from before the helpdesk keeps its
hand-off requests as open cases, and every step goes down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from bot.db import MIGRATIONS, migrate, sync_url


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sync_url(url))
    return config


def test_hand_off_requests_become_open_cases(database_url: str) -> None:
    config = alembic_config(database_url)
    command.upgrade(config, "0001")
    engine = create_engine(sync_url(database_url))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO conversations (id, channel, resident_key, channel_address, campaign,"
                " state, created_at, updated_at) VALUES ('c1', 'widget', 'k', NULL, 'flyer',"
                " 'handoff_requested', '2026-11-20 10:00:00', '2026-11-20 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO messages (conversation_id, role, text, buttons, payload, status,"
                " delayed, created_at) VALUES ('c1', 'resident', 'Ik wil een mens', '[]', NULL,"
                " 'answered', false, '2026-11-20 10:00:01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO handoff_requests (conversation_id, scam_type, urgent, reason,"
                " summary, payload, status, created_at) VALUES ('c1', 'phishing_message', true,"
                " 'ask_human', 'Phishingbericht.', '{}', 'open', '2026-11-20 10:00:02')"
            )
        )
    migrate(database_url)
    with engine.begin() as connection:
        case = connection.execute(
            text(
                "SELECT conversation_id, channel, campaign, scam_type, urgent, summary, status,"
                " opened_after_message_id FROM cases"
            )
        ).one()
        state = connection.execute(text("SELECT state FROM conversations")).scalar_one()
    assert tuple(case)[:7] == (
        "c1",
        "widget",
        "flyer",
        "phishing_message",
        True,
        "Phishingbericht.",
        "open",
    )
    assert case[7] >= 1  # the resident's earlier message needs consent to be read
    assert state == "waiting"
    engine.dispose()


def test_every_migration_goes_down_and_up(database_url: str) -> None:
    config = alembic_config(database_url)
    migrate(database_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    engine = create_engine(sync_url(database_url))
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    assert version == "0015"


def test_usernames_that_differ_only_in_case_become_distinct(database_url: str) -> None:
    config = alembic_config(database_url)
    command.upgrade(config, "0008")
    engine = create_engine(sync_url(database_url))
    with engine.begin() as connection:
        for name in ("vol3", "Vol3", "anna"):
            connection.execute(
                text(
                    "INSERT INTO volunteers (username, display_name, role, password_hash, active,"
                    " failed_logins, created_at) VALUES (:name, :name, 'volunteer', 'x', true, 0,"
                    " '2026-11-20 10:00:00')"
                ),
                {"name": name},
            )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        names = connection.execute(text("SELECT username FROM volunteers ORDER BY id")).scalars()
        assert list(names) == ["vol3", "Vol3-2", "anna"]
    with engine.begin() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text(
                "INSERT INTO volunteers (username, display_name, role, password_hash, active,"
                " failed_logins, created_at) VALUES ('ANNA', 'A', 'volunteer', 'x', true, 0,"
                " '2026-11-20 10:00:00')"
            )
        )
    engine.dispose()

"""Alembic environment: migrations for the gateway's tables (bot/models.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import bot.campaigns.models  # registers the campaign tables
import bot.reports.models  # registers the report-draft table
import bot.waves.models  # noqa: F401  (registers the wave tables)
from bot.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    section = config.get_section(config.config_ini_section) or {}
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

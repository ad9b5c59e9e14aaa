"""The scripted conversations (tests/conversations/) through the gateway against the
real assistant: one test per conversation, every turn checked."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.tests.conftest import settings_for
from bot.tests.conversation_harness import Player, Script, load_scripts
from bot.web import create_app
from tools.rasa_processes import RasaServers

SCRIPTS = load_scripts()


def test_the_harness_has_enough_conversations_in_every_category() -> None:
    per_category = Counter(script.category for script in SCRIPTS)
    assert len(SCRIPTS) >= 80 and min(per_category.values()) >= 10, per_category
    assert len({script.id for script in SCRIPTS}) == len(SCRIPTS)


@pytest.fixture
async def player(tmp_path: Path, rasa: RasaServers) -> AsyncIterator[Player]:
    # SQLite only: the conversations test what residents read, not the database.
    settings = settings_for(
        f"sqlite:///{tmp_path / 'gateway.db'}", rasa.rasa_url, rate_limit_per_minute=1000
    )
    app: FastAPI = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            played = Player(app, client, rasa.rasa_url)
            await played.load_domain()
            yield played
            await played.close()


@pytest.mark.parametrize("script", SCRIPTS, ids=[f"{s.category}:{s.id}" for s in SCRIPTS])
async def test_conversation(player: Player, script: Script) -> None:
    played = await player.play(script)
    assert played.passed, "\n".join([script.persona, *played.failures])

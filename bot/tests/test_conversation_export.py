"""'Download dit gesprek' (GET /api/conversations/{id}/export) in front of the fake Rasa,
on SQLite and PostgreSQL: only that conversation, in order, with times and the case state,
a volunteer by display name (as the resident was told), never the login name; nothing of
another resident or of the same resident's other conversation; an unknown or erased
conversation gets a Dutch refusal."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.conversation.transcript import CASE_STATES
from bot.models import Conversation
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import console_client
from bot.tests.fake_rasa import FakeRasa
from bot.tests.reply_helpers import client_key_of, fake_handoff, volunteer, waiting_case
from bot.tests.widget_client import error_message, marker, open_chat, say

TIME = r"\[\d\d-\d\d-\d{4} \d\d:\d\d\]"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_handoff(fake_rasa)
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


async def export(http: httpx.AsyncClient, cid: str) -> httpx.Response:
    return await http.get(f"/api/conversations/{cid}/export")


async def test_the_download_holds_this_conversation_only(app: FastAPI) -> None:
    own, other_own, stranger = marker(), marker(), marker()
    async with console_client(app) as anna, console_client(app) as bert:
        cid, case_id = await waiting_case(app, anna, first=f"Ik kreeg een sms {own}")
        second, _ = await open_chat(anna)
        await say(anna, second, text=f"Een ander verhaal {other_own}")
        bert_cid, _ = await open_chat(bert)
        await say(bert, bert_cid, text=f"Bert zijn verhaal {stranger}")
        async with volunteer(app, "vera") as vera:
            await vera.claim(case_id)
            key = client_key_of(await vera.page(case_id))
            sent = await vera.send_json(
                case_id, text="Bel je bank, dan ben je veilig.", client_key=key
            )
            assert sent.status_code == 200
        response = await export(anna, cid)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="mijn-gesprek.txt"'
    assert response.headers["cache-control"] == "no-store"
    body = response.text
    # In order, each with its time and who said it.
    said = [
        body.index(f"Ik kreeg een sms {own}"),
        body.index("Kan ik een mens spreken?"),
        body.index("Ik zet je door naar een vrijwilliger."),
        body.index("Bel je bank, dan ben je veilig."),
    ]
    assert said == sorted(said)
    assert re.search(TIME + r" Jij:\nIk kreeg een sms " + own, body)
    assert re.search(TIME + r" Assistent:\nIk zet je door", body)
    assert re.search(TIME + r" Vera \(vrijwilliger\):\nBel je bank", body)
    assert "Een vrijwilliger helpt je." in body
    # Not the volunteer's login name, nothing of the other conversations.
    assert "vera" not in body
    assert other_own not in body and stranger not in body
    async with app.state.gateway.sessions() as session:
        rows = (await session.execute(select(Conversation))).scalars().all()
    for row in rows:
        for secret in (row.resident_key, row.channel_address, row.return_token_hash):
            assert not secret or secret not in body
        if row.id != cid:
            assert row.id not in body


async def test_an_unknown_or_erased_conversation_is_refused_in_dutch(app: FastAPI) -> None:
    async with console_client(app) as anna, console_client(app) as bert:
        cid, _ = await open_chat(anna)
        await say(anna, cid, text="Mijn verhaal")
        # Bert has no id of Anna's: a guessed one is refused like any unknown one.
        guessed = await export(bert, str(uuid.uuid4()))
        assert guessed.status_code == 404
        assert error_message(guessed) == "Dit gesprek bestaat niet meer. Begin een nieuw gesprek."
        assert "Mijn verhaal" not in guessed.text
        nonsense = await export(bert, "../../etc/passwd")
        assert nonsense.status_code == 404
        assert (await anna.delete(f"/api/conversations/{cid}")).status_code == 204
        gone = await export(anna, cid)
    assert gone.status_code == 404 and "bestaat niet meer" in error_message(gone)


async def test_a_conversation_without_a_case_has_no_case_state(app: FastAPI) -> None:
    async with console_client(app) as anna:
        cid, _ = await open_chat(anna)
        await say(anna, cid, text="Is dit echt?")
        body = (await export(anna, cid)).text
    assert "Is dit echt?" in body
    assert not any(state in body for state in CASE_STATES.values())
    assert "Verwijder dit gesprek" in body

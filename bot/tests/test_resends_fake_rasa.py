"""A resident message sent again with its client key (the widget's retry after a
network error) is one message: stored once, sent to Rasa once, answered with what
followed the first (bot/conversation/resends.py), in front of the fake Rasa."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from bot import texts
from bot.models import Message
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, text
from bot.tests.widget_client import history, marker, open_chat, say, send
from bot.tests.widget_client import texts as texts_of

PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
ADVICE = "Dit lijkt op phishing. Klik niet op de link."


def key() -> str:
    return f"key-{marker(12)}"


async def resident_rows(app: FastAPI, cid: str) -> list[Message]:
    async with app.state.gateway.sessions() as session:
        rows = await session.scalars(
            select(Message).where(Message.conversation_id == cid, Message.role == "resident")
        )
        return list(rows)


async def test_the_same_key_twice_is_one_message_with_one_answer(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, text(ADVICE))
    async with fake_gateway(database_url, fake_rasa) as (app, widget):
        cid, _ = await open_chat(widget)
        mine = key()
        first = await say(widget, cid, text=PHISHING, client_key=mine)
        again = await say(widget, cid, text=PHISHING, client_key=mine)
        assert texts_of(first) == [ADVICE]
        assert again["messages"] == first["messages"] and again["degraded"] is False
        assert again["resident_message"] == first["resident_message"]
        assert fake_rasa.messages(cid) == [PHISHING]  # Rasa heard it once
        assert [m.text for m in await resident_rows(app, cid)] == [PHISHING]
        assert [m["text"] for m in await history(widget, cid)].count(PHISHING) == 1


async def test_another_key_or_none_is_a_new_message(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    for body in ({"client_key": key()}, {"client_key": key()}, {}, {}):
        await say(widget, cid, text="Wat moet ik doen?", **body)
    assert fake_rasa.messages(cid) == ["Wat moet ik doen?"] * 4


async def test_a_key_that_is_no_key_is_ignored(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    for _ in range(2):
        await say(widget, cid, text="Hallo", client_key="kort")  # under 8 characters
        await say(widget, cid, text="Hallo", client_key="met spaties erin!")
        await say(widget, cid, text="Hallo", client_key="x" * 65)
    # Each one a new message, never a reason to refuse one.
    assert fake_rasa.messages(cid) == ["Hallo"] * 6


async def test_answered_after_all_the_first_time_waiting_then_answered_by_the_recovery(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    """Rasa away at the first try: the retry says the message still waits; once Rasa is
    back, the retry's answer is the recovery's answer to the one message."""
    fake_rasa.on(PHISHING, text(ADVICE))
    async with fake_gateway(sqlite_url, fake_rasa) as (app, widget):
        cid, _ = await open_chat(widget)
        mine = key()
        fake_rasa.down = True
        first = await say(widget, cid, text=PHISHING, client_key=mine)
        assert first["degraded"] is True
        waiting = await say(widget, cid, text=PHISHING, client_key=mine)
        assert waiting["degraded"] is True
        assert waiting["resident_message"]["id"] == first["resident_message"]["id"]
        fake_rasa.down = False
        answered = await say(widget, cid, text=PHISHING, client_key=mine)
        assert answered["degraded"] is False
        assert ADVICE in texts_of(answered)
        assert fake_rasa.messages(cid) == [PHISHING]
        assert len(await resident_rows(app, cid)) == 1


async def test_a_refused_message_keeps_no_key_so_sending_it_again_is_a_new_try(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa, rate_limit_per_minute=1) as (app, widget):
        cid, _ = await open_chat(widget)
        await say(widget, cid, text="Eerste bericht")
        mine = key()
        refused = await send(widget, cid, text="Tweede bericht", client_key=mine)
        assert refused.status_code == 429
        assert refused.json()["error"]["message"] == texts.RATE_LIMITED
        async with app.state.gateway.sessions() as session:
            kept = await session.scalar(select(func.count()).where(Message.client_key == mine))
        assert kept == 0  # the refused row is kept, without the key
        again = await send(widget, cid, text="Tweede bericht", client_key=mine)
        assert again.status_code == 429  # still over the limit: refused again, not replayed


async def test_two_sends_at_once_with_one_key_are_one_message(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    """A retry that overtakes the first request (the first still waiting for Rasa)."""
    fake_rasa.on(PHISHING, text(ADVICE))
    async with fake_gateway(database_url, fake_rasa) as (app, widget):
        cid, _ = await open_chat(widget)
        mine = key()
        answers = await asyncio.gather(
            *(say(widget, cid, text=PHISHING, client_key=mine) for _ in range(3))
        )
        assert all(texts_of(a) == [ADVICE] for a in answers)
        assert fake_rasa.messages(cid) == [PHISHING]
        assert len(await resident_rows(app, cid)) == 1

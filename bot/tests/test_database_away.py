"""The gateway's PostgreSQL out of reach (every connection cut, new ones refused, by a
TCP proxy between the gateway and the database), in front of the fake Rasa: a message
that could not be stored is refused with a Dutch 'try again', one that was stored is
kept and answered once the database is back; never a bare 500, never lost silently."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from bot import texts
from bot.db import async_url
from bot.models import Message
from bot.tests.conftest import _postgres_database, fake_gateway
from bot.tests.fake_rasa import FakeRasa, text
from bot.tests.tcp_proxy import TcpProxy
from bot.tests.widget_client import error_message, history, open_chat, say, send
from bot.tests.workers import until, until_async

STORY = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
ADVICE = "Dit lijkt op phishing. Klik niet op de link."


@pytest.fixture
def direct_url(postgres_server: str) -> Iterator[str]:
    yield from _postgres_database(postgres_server)


@pytest.fixture
def proxy(direct_url: str) -> Iterator[TcpProxy]:
    parts = urlsplit(direct_url)
    with TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432).running() as running:
        yield running


async def stored_texts(direct_url: str, conversation_id: str) -> list[str]:
    """The resident's messages as the database holds them (read past the proxy)."""
    engine = create_async_engine(async_url(direct_url))
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(Message.text).where(
                    Message.conversation_id == conversation_id, Message.role == "resident"
                )
            )
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


async def test_a_message_the_database_cannot_take_is_refused_in_dutch_and_taken_later(
    direct_url: str, proxy: TcpProxy, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(STORY, text(ADVICE))
    async with fake_gateway(proxy.through(direct_url), fake_rasa) as (_, widget):
        cid, _ = await open_chat(widget)
        proxy.cut()
        refused = await send(widget, cid, text=STORY)
        assert refused.status_code == 503
        assert refused.json()["error"]["code"] == "unavailable"
        assert error_message(refused) == texts.NOT_KEPT
        # The widget's other calls say the same kind of thing, never a bare 500.
        for answer in (
            await widget.post("/api/conversations", json={"campaign": None}),
            await widget.get(f"/api/conversations/{cid}/messages"),
        ):
            assert answer.status_code == 503, answer.text
            assert error_message(answer) == texts.SERVICE_AWAY
        assert await stored_texts(direct_url, cid) == []
        assert fake_rasa.messages(cid) == []

        proxy.start()
        answer = await say(widget, cid, text=STORY)  # sent again, as the widget asks
        assert [m["text"] for m in answer["messages"]] == [ADVICE]
        assert await stored_texts(direct_url, cid) == [STORY]


async def test_after_a_cut_between_messages_the_next_one_is_answered(
    direct_url: str, proxy: TcpProxy, fake_rasa: FakeRasa
) -> None:
    """The connection a worker keeps for its conversation locks died in the cut: the
    next message takes a new one rather than being refused."""
    fake_rasa.on(STORY, text(ADVICE))
    async with fake_gateway(proxy.through(direct_url), fake_rasa) as (_, widget):
        cid, _ = await open_chat(widget)
        await say(widget, cid, text="Hallo")
        proxy.cut()
        proxy.start()
        answer = await say(widget, cid, text=STORY)
        assert [m["text"] for m in answer["messages"]] == [ADVICE]


async def test_a_stored_message_whose_answer_cannot_be_stored_is_kept_and_answered_later(
    direct_url: str, proxy: TcpProxy, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(STORY, text(ADVICE))
    url = proxy.through(direct_url)
    async with fake_gateway(url, fake_rasa, retry_interval_seconds=0.2) as (_, widget):
        cid, _ = await open_chat(widget)
        fake_rasa.freeze()
        sending = asyncio.create_task(send(widget, cid, text=STORY))
        await until(lambda: fake_rasa.holding() == 1)  # stored, and with Rasa
        proxy.cut()
        fake_rasa.thaw()  # Rasa answers; the gateway cannot store the answer
        answer = (await sending).json()
        assert answer["degraded"] is True
        said = [m["text"] for m in answer["messages"]]
        assert said == [texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE]
        assert answer["resident_message"]["text"] == STORY

        proxy.start()

        async def answered() -> bool:
            return ADVICE in [m["text"] for m in await history(widget, cid)]

        # The recovery loop finds Rasa's answer in the tracker: not sent a second time.
        await until_async(answered, True)
        assert fake_rasa.messages(cid) == [STORY]
        assert await stored_texts(direct_url, cid) == [STORY]

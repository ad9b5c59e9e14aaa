"""A widget resident who closes the tab comes back with the personal return link, and
the widget says which volunteer messages arrived and were seen (fake Rasa, no model)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.helpdesk.retention import run_retention
from bot.models import Conversation, Message, Volunteer
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import add_user, case_of, move_back
from bot.tests.fake_rasa import FakeRasa, handoff, text
from bot.tests.widget_client import error_message, history, open_chat, say

ASK_HUMAN = "Kan ik een mens spreken?"
REPLY = "Hallo, ik ben Anna. Heb je je bank al gebeld?"


@pytest.fixture
async def gateway(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_rasa.on(ASK_HUMAN, text("Ik zoek een vrijwilliger."), handoff())
    async with fake_gateway(sqlite_url, fake_rasa) as (app, _):
        yield app


def client(app: FastAPI, address: str = "127.0.0.1") -> httpx.AsyncClient:
    """A browser of its own (another tab, phone or computer): nothing shared but the link."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway")


async def make_link(http: httpx.AsyncClient, cid: str) -> str:
    response = await http.post(f"/api/conversations/{cid}/return-link")
    assert response.status_code == 201, response.text
    return str(response.json()["url"])


def secret_of(url: str) -> str:
    base, _, secret = url.partition("#")
    assert base == "http://127.0.0.1:8000/terug" and secret
    return secret


async def come_back(http: httpx.AsyncClient, secret: str) -> httpx.Response:
    return await http.post("/api/return", json={"secret": secret})


async def volunteer_reply(app: FastAPI, cid: str, words: str) -> None:
    await add_user(app, "anna")
    async with app.state.gateway.sessions() as session:
        anna = (await session.execute(select(Volunteer))).scalars().first()
    case = await case_of(app, cid)
    await app.state.desk.claim(anna, case.id)
    await app.state.desk.reply(anna, case.id, words)


async def test_the_link_brings_a_new_browser_back_into_the_conversation(
    gateway: FastAPI,
) -> None:
    async with client(gateway) as first:
        cid, _ = await open_chat(first)
        handed = await say(first, cid, text=ASK_HUMAN)
        assert handed["state"] == "waiting"  # the widget offers the link now
        assert any(texts.REPLY_HERE["widget"] in m["text"] for m in handed["messages"])
        url = await make_link(first, cid)
    # The tab is closed; later a volunteer answers.
    await volunteer_reply(gateway, cid, REPLY)
    async with client(gateway, "10.0.0.2") as second:
        back = await come_back(second, secret_of(url))
        assert back.status_code == 200, back.text
        body = back.json()
        assert body["conversation_id"] == cid and body["state"] == "volunteer"
        said = [(m["role"], m["text"]) for m in body["messages"]]
        assert ("resident", ASK_HUMAN) in said and ("volunteer", REPLY) in said
        # The restored conversation goes on in the new browser.
        assert (await say(second, cid, text="Nee, nog niet"))["state"] == "volunteer"


async def test_only_a_hash_of_the_secret_is_kept_and_never_logged(
    gateway: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        secret = secret_of(await make_link(http, cid))
        assert (await come_back(http, secret)).status_code == 200
    async with gateway.state.gateway.sessions() as session:
        conversation = await session.get(Conversation, cid)
        assert conversation is not None
        assert conversation.return_token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in caplog.text


async def test_a_new_link_replaces_the_old_one(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        old = secret_of(await make_link(http, cid))
        new = secret_of(await make_link(http, cid))
        assert old != new
        refused = await come_back(http, old)
        assert refused.status_code == 404
        assert error_message(refused) == texts.RETURN_LINK_INVALID
        assert (await come_back(http, new)).status_code == 200


async def test_an_erased_conversation_takes_its_link_with_it(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        secret = secret_of(await make_link(http, cid))
        assert (await http.delete(f"/api/conversations/{cid}")).status_code == 204
        refused = await come_back(http, secret)
        assert refused.status_code == 404
        assert error_message(refused) == texts.RETURN_LINK_INVALID


async def test_a_closed_case_past_the_retention_period_has_a_dead_link(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        await say(http, cid, text=ASK_HUMAN)
        secret = secret_of(await make_link(http, cid))
        await volunteer_reply(gateway, cid, REPLY)
        case = await case_of(gateway, cid)
        async with gateway.state.gateway.sessions() as session:
            anna = (await session.execute(select(Volunteer))).scalars().first()
        await gateway.state.desk.finish(anna, case.id, "advised", False)
        # Closed but within the retention period: the resident can still read the answer.
        assert (await come_back(http, secret)).status_code == 200
        await move_back(gateway, cid, days=31)
        # Past the period, before and after the retention job ran.
        assert (await come_back(http, secret)).status_code == 404
        await run_retention(gateway.state.gateway)
        refused = await come_back(http, secret)
        assert refused.status_code == 404
        assert error_message(refused) == texts.RETURN_LINK_INVALID


@pytest.mark.parametrize("secret", ["", "kort", "x" * 43 + "!", "é" * 43, "a" * 128])
async def test_a_wrong_secret_gets_a_dutch_message(gateway: FastAPI, secret: str) -> None:
    async with client(gateway) as http:
        refused = await come_back(http, secret)
    assert refused.status_code == 404
    assert error_message(refused) == texts.RETURN_LINK_INVALID


@pytest.mark.parametrize("body", [{}, {"secret": 42}, {"secret": "a" * 129}, []])
async def test_an_unreadable_body_gets_the_dutch_envelope(gateway: FastAPI, body: object) -> None:
    async with client(gateway) as http:
        refused = await http.post("/api/return", json=body)
    assert refused.status_code == 400
    assert error_message(refused) == texts.UNREADABLE


async def test_guessing_is_limited_per_address(gateway: FastAPI) -> None:
    async with client(gateway, "10.0.0.9") as guesser:
        cid, _ = await open_chat(guesser)
        real = secret_of(await make_link(guesser, cid))
        statuses = [(await come_back(guesser, "A" * 43)).status_code for _ in range(10)]
        assert statuses == [404] * 10
        blocked = await come_back(guesser, real)
        assert blocked.status_code == 429
        assert error_message(blocked) == texts.RETURN_LINK_TRIES
    async with client(gateway, "10.0.0.10") as other:
        assert (await come_back(other, real)).status_code == 200


async def test_no_link_for_an_unknown_conversation(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        refused = await http.post("/api/conversations/nope/return-link")
    assert refused.status_code == 404
    assert error_message(refused) == texts.UNKNOWN_CONVERSATION


async def test_the_return_page_keeps_the_secret_out_of_requests(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        page = await http.get("/terug")
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert 'data-return="1"' in page.text and 'lang="nl"' in page.text


# --- delivered and seen ------------------------------------------------------------------
async def receipts(app: FastAPI, cid: str) -> dict[str, tuple[bool, bool]]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(select(Message).where(Message.conversation_id == cid))
        return {
            m.text: (m.delivered_at is not None, m.seen_at is not None)
            for m in rows.scalars()
            if m.role == "volunteer"
        }


async def volunteer_message_id(http: httpx.AsyncClient, cid: str) -> int:
    return next(m["id"] for m in await history(http, cid) if m["role"] == "volunteer")


async def test_the_widget_says_a_reply_arrived_and_was_seen(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        await say(http, cid, text=ASK_HUMAN)
        await volunteer_reply(gateway, cid, REPLY)
        assert await receipts(gateway, cid) == {REPLY: (False, False)}
        reply_id = await volunteer_message_id(http, cid)
        got = await http.post(f"/api/conversations/{cid}/seen", json={"delivered": [reply_id]})
        assert got.status_code == 200 and got.json() == {"changed": 1}
        assert await receipts(gateway, cid) == {REPLY: (True, False)}
        # Seen on a visible page; unknown ids are ignored.
        got = await http.post(f"/api/conversations/{cid}/seen", json={"seen": [reply_id, 999999]})
        assert got.status_code == 200
        assert await receipts(gateway, cid) == {REPLY: (True, True)}


async def test_receipts_of_another_conversation_change_nothing(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        await say(http, cid, text=ASK_HUMAN)
        await volunteer_reply(gateway, cid, REPLY)
        reply_id = await volunteer_message_id(http, cid)
        other, _ = await open_chat(http)
        got = await http.post(
            f"/api/conversations/{other}/seen", json={"delivered": [reply_id], "seen": [reply_id]}
        )
        assert got.status_code == 200 and got.json() == {"changed": 0}
    assert await receipts(gateway, cid) == {REPLY: (False, False)}


@pytest.mark.parametrize(
    "body", [{"seen": "alles"}, {"delivered": ["een"]}, {"seen": list(range(201))}]
)
async def test_unreadable_receipts_get_the_dutch_envelope(gateway: FastAPI, body: object) -> None:
    async with client(gateway) as http:
        cid, _ = await open_chat(http)
        refused = await http.post(f"/api/conversations/{cid}/seen", json=body)
    assert refused.status_code == 400
    assert error_message(refused) == texts.UNREADABLE


async def test_receipts_for_an_unknown_conversation_are_a_dutch_404(gateway: FastAPI) -> None:
    async with client(gateway) as http:
        refused = await http.post("/api/conversations/onbekend/seen", json={"seen": [1]})
    assert refused.status_code == 404
    assert error_message(refused) == texts.UNKNOWN_CONVERSATION

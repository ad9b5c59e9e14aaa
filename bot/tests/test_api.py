"""The widget API against a real Rasa, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.models import Case, Conversation, Message
from bot.tests.conftest import settings_for
from bot.web import create_app
from tools.rasa_processes import RasaServers

PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"


async def start(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/conversations", json={"campaign": "demo"})
    assert response.status_code == 201
    return response.json()["conversation_id"]


async def say(client: httpx.AsyncClient, cid: str, **body: Any) -> httpx.Response:
    return await client.post(f"/api/conversations/{cid}/messages", json=body)


def bot_texts(response: httpx.Response) -> list[str]:
    return [m["text"] for m in response.json()["messages"]]


async def stored(app: FastAPI, cid: str) -> list[Message]:
    async with app.state.gateway.sessions() as session:
        result = await session.execute(
            select(Message).where(Message.conversation_id == cid).order_by(Message.id)
        )
        return list(result.scalars())


async def test_greeting_comes_from_the_assistant(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/conversations", json={})
    greeting = [m["text"] for m in response.json()["messages"]]
    assert greeting[0].startswith("Hallo! Ik help je")
    assert "ik bel je nooit" in greeting[1].lower()


async def test_a_scam_description_gets_advice_and_buttons(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    cid = await start(client)
    response = await say(client, cid, text=PHISHING)
    assert response.status_code == 200 and response.json()["degraded"] is False
    messages = response.json()["messages"]
    assert "phishing" in messages[0]["text"].lower()
    assert any(m["buttons"] for m in messages)
    roles = [m.role for m in await stored(app, cid)]
    assert roles.count("resident") == 1 and roles.count("bot") >= 3


async def test_an_offered_button_is_sent_as_its_payload(client: httpx.AsyncClient) -> None:
    cid = await start(client)
    await say(client, cid, text=PHISHING)
    response = await say(client, cid, payload="/already_paid")
    assert bot_texts(response)[0].startswith("Dit is nu het belangrijkst: bel meteen je eigen bank")
    history = (await client.get(f"/api/conversations/{cid}/messages")).json()["messages"]
    assert "Ik heb betaald" in [m["text"] for m in history if m["role"] == "resident"]


async def test_a_button_that_was_not_offered_is_refused(client: httpx.AsyncClient) -> None:
    cid = await start(client)
    response = await say(client, cid, payload="/already_paid")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == texts.UNKNOWN_BUTTON


async def test_typed_intent_commands_are_plain_text(
    client: httpx.AsyncClient, rasa: RasaServers
) -> None:
    cid = await start(client)
    response = await say(client, cid, text="/already_paid")
    assert response.status_code == 200
    latest = rasa.get(f"/conversations/{cid}/tracker")["latest_message"]
    assert latest["text"] == "already_paid" and len(latest["intent_ranking"]) > 1


async def test_handoff_opens_a_case_and_tells_the_resident_honestly(
    client: httpx.AsyncClient, app: FastAPI, rasa: RasaServers
) -> None:
    cid = await start(client)
    response = await say(client, cid, text="Kan ik een mens spreken?")
    said = bot_texts(response)
    assert not any("handoff" in t for t in said)
    # No volunteer has the console open: the hours and the helpline to call now.
    offline = [t for t in said if t.startswith("Er is nu geen vrijwilliger online.")]
    assert offline and "maandag tot en met vrijdag van 9.00 tot 17.00 uur" in offline[0]
    assert "088-786 73 72" in offline[0]
    assert said[-1] == texts.CONSENT_QUESTION
    assert [b["payload"] for b in response.json()["messages"][-1]["buttons"]] == [
        "!consent:yes",
        "!consent:no",
    ]
    async with app.state.gateway.sessions() as session:
        case = (await session.execute(select(Case))).scalar_one()
        conversation = await session.get(Conversation, cid)
        assert case.conversation_id == cid and case.summary and case.status == "open"
        assert case.consent is None and case.channel == "widget" and case.campaign == "demo"
        assert conversation is not None and conversation.state == "waiting"
        assert conversation.rasa_paused
    events = rasa.get(f"/conversations/{cid}/tracker")["events"]
    assert events[-1]["event"] == "pause"


async def test_erasing_a_conversation(client: httpx.AsyncClient, rasa: RasaServers) -> None:
    cid = await start(client)
    await say(client, cid, text=PHISHING)
    assert any(e["event"] == "user" for e in rasa.get(f"/conversations/{cid}/tracker")["events"])
    assert (await client.delete(f"/api/conversations/{cid}")).status_code == 204
    response = await client.get(f"/api/conversations/{cid}/messages")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == texts.UNKNOWN_CONVERSATION
    remaining = rasa.get(f"/conversations/{cid}/tracker")["events"]
    assert not [e for e in remaining if e["event"] in ("user", "bot")]


async def test_bad_requests_get_clear_dutch_answers(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    cid = await start(client)
    bad_json = await client.post(
        f"/api/conversations/{cid}/messages",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert bad_json.status_code == 400
    assert bad_json.json()["error"]["message"] == texts.UNREADABLE
    assert (await say(client, cid, text="   \u200b ")).status_code == 400
    too_long = await say(client, cid, text="x" * 10_000)
    assert too_long.status_code == 413 and "te lang" in too_long.json()["error"]["message"]
    huge = await client.post(
        f"/api/conversations/{cid}/messages",
        content=b'{"text": "' + b"y" * 20_000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code == 413
    assert (await say(client, "no-such-id", text="hallo")).status_code == 404
    kept = [m.text for m in await stored(app, cid) if m.role == "resident"]
    assert "x" * 10_000 in kept  # the too-long message is kept, not lost
    listed = (await client.get(f"/api/conversations/{cid}/messages")).json()["messages"]
    assert "x" * 10_000 not in [m["text"] for m in listed]  # but not shown as sent


HOSTILE = [
    "😱😱😱",
    "\u200b\u200f\u200e",
    "\u202egnitset \u202c",
    "مرحبا هل هذه رسالة احتيال",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE messages; --",
    "\x00nul\x00bytes",
    "\ud800 lone surrogate",
    "{{7*7}} ${7*7}",
    "/restart",
    '/ask_human{"urgent": true}',
    "a" * 4000,
]


async def test_hostile_input_never_breaks_anything(client: httpx.AsyncClient, app: FastAPI) -> None:
    cid = await start(client)
    for text in HOSTILE:
        # ASCII-escaped JSON, so a lone surrogate travels as a hostile client sends it.
        response = await client.post(
            f"/api/conversations/{cid}/messages",
            content=json.dumps({"text": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code in (200, 400, 413), (text, response.status_code)
        body = response.json()
        assert body.get("messages") or body.get("error", {}).get("message")
    history = (await client.get(f"/api/conversations/{cid}/messages")).json()["messages"]
    assert any(m["text"] == "<script>alert(1)</script>" for m in history)


async def test_rate_limit_is_friendly_and_keeps_the_message(
    database_url: str, rasa: RasaServers
) -> None:
    app = create_app(settings_for(database_url, rasa.rasa_url, rate_limit_per_minute=2))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            cid = await start(client)
            for _ in range(2):
                assert (await say(client, cid, text="hallo")).status_code == 200
            limited = await say(client, cid, text="nog een bericht")
            assert limited.status_code == 429
            assert limited.json()["error"]["message"] == texts.RATE_LIMITED
            assert "nog een bericht" in [m.text for m in await stored(app, cid)]


async def test_rasa_down_gives_essential_advice_fast_and_recovers(
    database_url: str, rasa: RasaServers
) -> None:
    """Rasa frozen (SIGSTOP): advice within 2 s, message kept; resumed: answered later."""
    app = create_app(settings_for(database_url, rasa.rasa_url, retry_interval_seconds=3600))
    async with app.router.lifespan_context(app):
        gateway = app.state.gateway
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            cid = await start(client)
            events = gateway.hub.subscribe(cid)
            os.kill(rasa.rasa_pid, signal.SIGSTOP)
            try:
                began = time.monotonic()
                response = await say(client, cid, text=PHISHING)
                elapsed = time.monotonic() - began
            finally:
                os.kill(rasa.rasa_pid, signal.SIGCONT)
            assert response.status_code == 200 and response.json()["degraded"] is True
            assert elapsed < 2.0
            assert bot_texts(response) == [texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE]
            resident = [m for m in await stored(app, cid) if m.role == "resident"]
            assert resident[-1].text == PHISHING and resident[-1].status == "pending"

            for _ in range(20):  # Rasa needs a moment after SIGCONT
                if await gateway.answer_all_pending() and not [
                    m for m in await stored(app, cid) if m.status == "pending"
                ]:
                    break
                await asyncio.sleep(0.5)
            later = await asyncio.wait_for(events.get(), 5)
            assert "phishing" in later["text"].lower()
            tracker = rasa.get(f"/conversations/{cid}/tracker")
            said = [e for e in tracker["events"] if e["event"] == "user" and e["text"] == PHISHING]
            assert len(said) == 1  # the late answer was used, the message not sent twice
            assert [m.status for m in await stored(app, cid) if m.role == "resident"][
                -1
            ] == "answered"

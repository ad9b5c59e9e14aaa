"""Rotating the pseudonym key end to end, on SQLite and PostgreSQL (README: Rotating the
pseudonym key): conversations made under key 1, the gateway restarted with
PSEUDONYM_KEYS=2:new,1:old, then with 2:new alone. No conversation is lost: a volunteer's
reply reaches the right Telegram chat, a returning resident lands in their conversation,
and after the rotation job no row is left under version 1."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot import texts
from bot.__main__ import key_counts
from bot.keyrotation.counts import count_versions, in_use
from bot.keyrotation.job import RotationResult, run_rotation
from bot.models import Case, Conversation, Message
from bot.pseudonym import rederived, resident_key
from bot.sealing import sealed_with
from bot.settings import Settings
from bot.tests.conftest import FAKE_RASA_TIMEOUT
from bot.tests.fake_rasa import FakeRasa
from bot.tests.fake_telegram import (
    FakeTelegram,
    FakeTelegramServer,
    callback_update,
    text_update,
)
from bot.tests.reply_helpers import ASK_HUMAN, fake_handoff, volunteer
from bot.tests.widget_client import open_chat, say
from bot.waves.models import Sighting, Wave
from bot.web import create_app
from tools.rasa_processes import ROOT

SECRET = "geheim-webhook-token"
KEY_ENV = ("PSEUDONYM_KEY", "PSEUDONYM_KEYS", "PSEUDONYM_KEY_FILE")
OLD = {"PSEUDONYM_KEY": "old"}
ROTATED = {"PSEUDONYM_KEYS": "2:new,1:old"}
NEW_ONLY = {"PSEUDONYM_KEYS": "2:new"}
HANDED_OFF = 81  # a Telegram resident whose case a volunteer holds
QUIET = 82  # a Telegram resident who writes again only after the old key is gone


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegramServer() as state:
        yield state


@contextlib.asynccontextmanager
async def gateway(
    database_url: str,
    fake: FakeRasa,
    telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
    keys: dict[str, str],
    **overrides: Any,
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The gateway with these key settings in its environment, as an operator sets them
    (the keys come from the environment, not from the test's arguments)."""
    for name in KEY_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in keys.items():
        monkeypatch.setenv(name, value)
    overrides.setdefault("key_rotation_interval_seconds", 0)  # the test runs the job
    settings = Settings(
        database_url=database_url,
        rasa_url=fake.url,
        rasa_timeout_seconds=FAKE_RASA_TIMEOUT,
        retry_interval_seconds=3600,
        telegram_token="123456:TEST",
        telegram_base_url=f"{telegram.url}/bot",
        telegram_webhook_url="https://gateway.example/telegram/webhook",
        telegram_webhook_secret=SECRET,
        **overrides,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield application, http


async def post(http: httpx.AsyncClient, update: dict[str, Any]) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    response = await http.post("/telegram/webhook", json=update, headers=headers)
    assert response.status_code == 200


async def until(condition: Any, what: str, seconds: float = 10.0) -> None:
    """Telegram updates are handled after the webhook answered: wait for the outcome."""
    for _ in range(int(seconds / 0.02)):
        met = condition()
        if asyncio.iscoroutine(met):
            met = await met
        if met:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"never happened: {what}")


def sent_to(telegram: FakeTelegram, chat_id: int) -> list[str]:
    return [str(p.get("text")) for p in telegram.sent() if int(p["chat_id"]) == chat_id]


def buttons(telegram: FakeTelegram, chat_id: int) -> dict[str, str]:
    for params in reversed(telegram.sent()):
        rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
        if rows and int(params["chat_id"]) == chat_id:
            return {b["text"]: b["callback_data"] for row in rows for b in row}
    return {}


async def conversations(app: FastAPI) -> dict[str, Conversation]:
    async with app.state.gateway.sessions() as session:
        rows = await session.scalars(select(Conversation))
        return {row.id: row for row in rows}


async def resident_messages(app: FastAPI, conversation_id: str) -> list[str]:
    async with app.state.gateway.sessions() as session:
        rows = await session.scalars(
            select(Message.text)
            .where(Message.conversation_id == conversation_id, Message.role == "resident")
            .order_by(Message.id)
        )
        return list(rows)


async def versions_in_use(app: FastAPI) -> dict[int, int]:
    gw = app.state.gateway
    async with gw.sessions() as session:
        return dict(in_use(await count_versions(session, gw.settings.pseudonym_keys)))


async def add_sighting(app: FastAPI, conversation: Conversation) -> None:
    """A wave sighting of the conversation's resident (the waves keep resident keys)."""
    async with app.state.gateway.sessions() as session:
        wave = Wave()
        session.add(wave)
        await session.flush()
        session.add(
            Sighting(
                wave_id=wave.id,
                conversation_id=conversation.id,
                resident_key=conversation.resident_key,
                key_version=conversation.key_version,
                channel=conversation.channel,
            )
        )
        await session.commit()


async def sighting_keys(app: FastAPI) -> dict[str, tuple[str | None, int]]:
    async with app.state.gateway.sessions() as session:
        rows = await session.execute(
            select(Sighting.conversation_id, Sighting.resident_key, Sighting.key_version)
        )
        return {str(cid): (key, version) for cid, key, version in rows.all()}


async def test_after_rotation_no_conversation_is_lost_and_replies_still_arrive(
    database_url: str,
    fake_rasa: FakeRasa,
    telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # --- under key 1: a Telegram resident hands off, a volunteer claims the case; another
    # Telegram resident and a widget resident wrote too; the waves saw two of them.
    fake_handoff(fake_rasa)
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, OLD) as (app, http):
        await post(http, text_update(HANDED_OFF, ASK_HUMAN))
        await until(
            lambda: texts.CONSENT_YES_BUTTON in buttons(telegram, HANDED_OFF), "consent asked"
        )
        consent = buttons(telegram, HANDED_OFF)[texts.CONSENT_YES_BUTTON]
        await post(http, callback_update(HANDED_OFF, consent))
        await until(lambda: texts.CONSENT_GIVEN in sent_to(telegram, HANDED_OFF), "consent")
        await post(http, text_update(QUIET, "Ik kreeg een vreemde sms"))
        await until(lambda: len(sent_to(telegram, QUIET)) >= 2, "the quiet resident answered")
        widget_cid, _ = await open_chat(http)
        await say(http, widget_cid, text="Iemand belde namens de bank")
        link = await http.post(f"/api/conversations/{widget_cid}/return-link")
        assert link.status_code == 201, link.text
        return_secret = link.json()["url"].split("#", 1)[1]
        before = await conversations(app)
        assert {c.key_version for c in before.values()} == {1}
        assert len(before) == 3
        by_channel = {c.channel: c for c in before.values()}
        quiet_cid = next(
            c.id
            for c in before.values()
            if c.resident_key == resident_key("old", "telegram", str(QUIET))
        )
        handed_off_cid = next(
            c.id
            for c in before.values()
            if c.resident_key == resident_key("old", "telegram", str(HANDED_OFF))
        )
        await add_sighting(app, before[quiet_cid])
        await add_sighting(app, by_channel["widget"])
        old_widget_key = by_channel["widget"].resident_key
        async with app.state.gateway.sessions() as session:
            case_id = int(
                await session.scalar(select(Case.id).where(Case.conversation_id == handed_off_cid))
                or 0
            )
        async with volunteer(app, "eva") as eva:
            await eva.claim(case_id)

    # --- restarted with a new key in front: the reply still reaches chat 81, the
    # resident's next message lands in the same conversation, the widget resident too.
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, ROTATED) as (app, http):
        assert app.state.gateway.settings.pseudonym_keys.versions == (2, 1)
        async with volunteer(app, "eva", new_account=False) as eva:
            replied = await eva.send_json(case_id, text="Hoi, ik ben Eva. Bel je bank.")
            assert replied.status_code == 200, replied.text
        await until(
            lambda: "Hoi, ik ben Eva. Bel je bank." in sent_to(telegram, HANDED_OFF),
            "the reply under key 1's sealed chat id",
        )
        await post(http, text_update(HANDED_OFF, "Dank je, ik heb gebeld"))

        async def landed() -> bool:
            return "Dank je, ik heb gebeld" in await resident_messages(app, handed_off_cid)

        await until(landed, "the resident's message in their old conversation")
        now = await conversations(app)
        assert len(now) == 3  # nothing new was opened
        moved = now[handed_off_cid]
        assert moved.key_version == 2
        assert moved.resident_key == resident_key("new", "telegram", str(HANDED_OFF))

        # The widget resident comes back with their conversation id (the tab kept it).
        answer = await say(http, widget_cid, text="Ze vroegen mijn pincode")
        assert answer["messages"]
        widget_row = (await conversations(app))[widget_cid]
        assert widget_row.key_version == 2
        assert widget_row.resident_key == rederived("new", old_widget_key)
        assert (await sighting_keys(app))[widget_cid] == (widget_row.resident_key, 2)
        # Still under key 1: the quiet resident (conversation, sighting), both sealed chat ids
        # and Eva's sealed TOTP secret (she logged in with her code under both rings).
        assert await versions_in_use(app) == {2: 3, 1: 5}

        # The job moves the rest: the quiet resident (whose id the sealed chat gives back)
        # and every sealed value (the chat ids, Eva's TOTP secret); a second run finds
        # nothing to do.
        done = await run_rotation(app.state.gateway)
        assert done == RotationResult(resealed=3, rehashed=1, left=0)
        assert await run_rotation(app.state.gateway) == RotationResult()
        assert await versions_in_use(app) == {2: 8}
        keys = app.state.gateway.settings.pseudonym_keys
        for row in (await conversations(app)).values():
            assert row.key_version == 2
            assert row.channel_address is None or sealed_with(keys, row.channel_address) == 2
        quiet_key = resident_key("new", "telegram", str(QUIET))
        assert (await sighting_keys(app))[quiet_cid] == (quiet_key, 2)

    # --- the old key removed: the reply still arrives, the quiet resident is still found.
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, NEW_ONLY) as (app, http):
        async with volunteer(app, "eva", new_account=False) as eva:
            replied = await eva.send_json(case_id, text="Is het gelukt met de bank?")
            assert replied.status_code == 200, replied.text
        await until(
            lambda: "Is het gelukt met de bank?" in sent_to(telegram, HANDED_OFF),
            "the reply after the old key went",
        )
        await post(http, text_update(QUIET, "Ik ben er weer"))

        async def quiet_landed() -> bool:
            return "Ik ben er weer" in await resident_messages(app, quiet_cid)

        await until(quiet_landed, "the quiet resident in their old conversation")
        # The widget resident on another day, with their personal return link.
        back = await http.post("/api/return", json={"secret": return_secret})
        assert back.status_code == 200, back.text
        assert back.json()["conversation_id"] == widget_cid
        assert "Ze vroegen mijn pincode" in [m["text"] for m in back.json()["messages"]]
        await say(http, widget_cid, text="Ik ben terug")
        assert len(await conversations(app)) == 3
        assert await versions_in_use(app) == {2: 8}


async def test_the_job_runs_in_the_gateway_and_leaves_a_group_chat_to_its_next_message(
    database_url: str,
    fake_rasa: FakeRasa,
    telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chat id that is not the resident's own id (a group) gives no hash back: that
    conversation moves when the resident writes again; the rest moves in the background."""
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, OLD) as (app, _):
        gw = app.state.gateway
        group, _ = await gw.open("telegram", "83", address="-100500")
        private, _ = await gw.open("telegram", "84", address="84")
        await gw.open("widget", "random-browser-id")
    async with gateway(
        database_url,
        fake_rasa,
        telegram,
        monkeypatch,
        ROTATED,
        key_rotation_interval_seconds=0.05,
    ) as (app, http):

        async def only_the_group_left() -> bool:
            return await versions_in_use(app) == {2: 4, 1: 1}

        await until(only_the_group_left, "the job moved all but the group chat")
        rows = await conversations(app)
        assert rows[group.id].key_version == 1 and rows[private.id].key_version == 2
        assert rows[private.id].resident_key == resident_key("new", "telegram", "84")

        update = text_update(83, "Is dit echt?")
        update["message"]["chat"] = {"id": -100500, "type": "group", "title": "Familie"}
        await post(http, update)

        async def group_landed() -> bool:
            return "Is dit echt?" in await resident_messages(app, group.id)

        await until(group_landed, "the group chat's resident in their conversation")
        assert await versions_in_use(app) == {2: 5}
        async with app.state.gateway.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Conversation)) == 3


async def test_two_jobs_at_once_move_each_row_once(
    database_url: str,
    fake_rasa: FakeRasa,
    telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two passes at the same time (two workers, or one that restarted mid-pass) write
    only what is still under the old key: together they move each row once."""
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, OLD) as (app, _):
        for number in range(5):
            await app.state.gateway.open("telegram", str(900 + number), address=str(900 + number))
            await app.state.gateway.open("widget", f"browser-{number}")
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, ROTATED) as (app, _):
        first, second = await asyncio.gather(
            run_rotation(app.state.gateway), run_rotation(app.state.gateway)
        )
        assert first.resealed + second.resealed == 5
        assert first.left == second.left == 0
        assert await versions_in_use(app) == {2: 15}
        keys = {row.resident_key for row in (await conversations(app)).values()}
        assert resident_key("new", "telegram", "903") in keys and len(keys) == 10
        assert await run_rotation(app.state.gateway) == RotationResult()


async def test_python_m_bot_keys_says_when_an_old_key_may_go(
    database_url: str,
    fake_rasa: FakeRasa,
    telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, OLD) as (app, _):
        await app.state.gateway.open("telegram", "85", address="85")
        await app.state.gateway.open("telegram", "86", address="-100600")  # a group chat
        await app.state.gateway.open("widget", "random-browser-id")
    async with gateway(database_url, fake_rasa, telegram, monkeypatch, ROTATED) as (app, _):
        settings = app.state.gateway.settings
        assert (await key_counts(settings)).splitlines() == [
            "current key version: 2 (configured: 2, 1)",
            "  conversations.resident_key: version 1: 3",
            "  wave_sightings.resident_key: no rows",
            "  conversations.channel_address: version 1: 2",
            "  volunteers.totp_secret: no rows",
            "version 1: 5 rows left, keep its key",
        ]
        await run_rotation(app.state.gateway)
        assert (await key_counts(settings)).splitlines() == [
            "current key version: 2 (configured: 2, 1)",
            "  conversations.resident_key: version 2: 2, version 1: 1",
            "  wave_sightings.resident_key: no rows",
            "  conversations.channel_address: version 2: 2",
            "  volunteers.totp_secret: no rows",
            "version 1: 1 row left, keep its key",
        ]
    # The operator's own command, with the old key already removed (too early: the group
    # chat's resident will not be found again).
    for name in KEY_ENV:
        monkeypatch.delenv(name, raising=False)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "keys"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **NEW_ONLY},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "current key version: 2 (configured: 2)",
        "  conversations.resident_key: version 2: 2, version 1: 1",
        "  wave_sightings.resident_key: no rows",
        "  conversations.channel_address: version 2: 2",
        "  volunteers.totp_secret: no rows",
        "version 1: 1 row under a key that is no longer configured (a returning resident is"
        " not found under it; retention removes them)",
    ]

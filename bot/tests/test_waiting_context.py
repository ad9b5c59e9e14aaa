"""While a resident waits (fake Rasa, no model): a DigiD case gets DigiD's urgent step,
a story told after the request for a person names the case's scam type, and a Telegram
delivery of a volunteer's reply is recorded as delivered."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.console.pages import ago
from bot.models import Conversation, Message, Volunteer, utcnow
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, case_of, console_client, login
from bot.tests.fake_rasa import FakeRasa, handoff, insight, text
from bot.tests.fake_telegram import FakeTelegram, FakeTelegramServer, text_update
from bot.tests.test_telegram_fake_rasa import SECRET, post, until
from bot.tests.widget_client import open_chat, say
from bot.tests.widget_client import texts as texts_of

ASK_HUMAN = "Kan ik een mens spreken?"
DIGID_SMS = "Ik kreeg een sms van DigiD dat mijn account verloopt"
STORY = "Er belde een man van de ING, hij zei dat mijn rekening niet veilig was"


@pytest.fixture
async def app(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_rasa.on(ASK_HUMAN, text("Ik zoek een vrijwilliger."), handoff())
    fake_rasa.on(DIGID_SMS, text("Dit lijkt op phishing."), insight("phishing_message"))
    async with fake_gateway(sqlite_url, fake_rasa) as (application, _):
        yield application


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client


async def test_details_given_while_waiting_in_a_digid_case_get_digids_step(
    http: httpx.AsyncClient,
) -> None:
    cid, _ = await open_chat(http)
    await say(http, cid, text=DIGID_SMS)
    await say(http, cid, text=ASK_HUMAN)
    said = texts_of(await say(http, cid, text="ik heb mijn inloggegevens ingevuld"))
    assert said[0] == texts.URGENT_STEP["digid"]
    assert not any("eigen bank" in t for t in said)


async def test_details_given_while_waiting_elsewhere_get_the_banks_step(
    http: httpx.AsyncClient,
) -> None:
    cid, _ = await open_chat(http)
    await say(http, cid, text=ASK_HUMAN)
    said = texts_of(await say(http, cid, text="ik heb mijn inloggegevens ingevuld"))
    assert said[0] == texts.URGENT_STEP["bank_details"]


async def test_a_story_told_after_asking_for_a_person_names_the_case(
    app: FastAPI, http: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.parse_as(STORY, "bank_helpdesk_fraud", 0.97)
    cid, _ = await open_chat(http)
    await say(http, cid, text=ASK_HUMAN)
    assert (await case_of(app, cid)).scam_type is None
    await say(http, cid, text=STORY)
    assert (await case_of(app, cid)).scam_type == "bank_helpdesk_fraud"
    # Read by the NLU only: the assistant stayed paused.
    assert fake_rasa.messages(cid) == [ASK_HUMAN]


async def test_an_unsure_reading_leaves_the_case_unknown(
    app: FastAPI, http: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.parse_as(STORY, "bank_helpdesk_fraud", 0.5)
    cid, _ = await open_chat(http)
    await say(http, cid, text=ASK_HUMAN)
    await say(http, cid, text=STORY)
    assert (await case_of(app, cid)).scam_type is None


async def test_the_handoff_keeps_the_type_an_earlier_turn_recognised(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    cid, _ = await open_chat(http)
    await say(http, cid, text=DIGID_SMS)  # insight: phishing_message
    await say(http, cid, text=ASK_HUMAN)  # hand-off without a type
    assert (await case_of(app, cid)).scam_type == "phishing_message"


# --- Telegram: delivered when the Bot API took the message -----------------------------------
@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegramServer() as state:
        yield state


async def test_a_reply_sent_to_telegram_is_marked_delivered(
    sqlite_url: str, fake_rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    fake_rasa.on(ASK_HUMAN, text("Ik zoek een vrijwilliger."), handoff())
    async with fake_gateway(
        sqlite_url,
        fake_rasa,
        telegram_token="123456:TEST",
        telegram_base_url=f"{telegram.url}/bot",
        telegram_webhook_url="https://gateway.example/telegram/webhook",
        telegram_webhook_secret=SECRET,
    ) as (app, webhook):
        await post(webhook, text_update(7001, ASK_HUMAN))
        await until(lambda: texts.CONSENT_QUESTION in telegram.texts())
        said = " ".join(telegram.texts())
        assert "hier in dit gesprek" in said and "link" not in said  # the chat stays
        await add_user(app, "anna")
        async with app.state.gateway.sessions() as session:
            anna = (await session.execute(select(Volunteer))).scalars().first()
            cid = (await session.execute(select(Message.conversation_id))).scalars().first()
        case = await case_of(app, cid)
        await app.state.desk.claim(anna, case.id)
        await app.state.desk.reply(anna, case.id, "Hallo, ik ben Anna.")
        await until(lambda: "Hallo, ik ben Anna." in telegram.texts())
        async with app.state.gateway.sessions() as session:
            reply = (
                await session.execute(select(Message).where(Message.role == "volunteer"))
            ).scalar_one()
        assert reply.delivered_at is not None and reply.seen_at is None


# --- the case page says when the resident was last active ------------------------------------
def test_last_active_in_plain_dutch() -> None:
    now = utcnow()
    assert ago(None) == "Nog niets geschreven"
    assert ago(now - timedelta(seconds=20), now) == "Net nog"
    assert ago(now - timedelta(minutes=12), now) == "12 min geleden"
    assert ago(now - timedelta(hours=3), now) == "3 uur geleden"
    assert ago(now - timedelta(days=4), now) == "4 dagen geleden"


async def test_the_case_page_shows_when_the_resident_was_last_active(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    cid, _ = await open_chat(http)
    await say(http, cid, text=ASK_HUMAN)
    case = await case_of(app, cid)
    async with app.state.gateway.sessions() as session:
        conversation = await session.get(Conversation, cid)
        assert conversation is not None
        conversation.last_resident_at = utcnow() - timedelta(minutes=12)
        await session.commit()
    await add_user(app, "bram")
    async with console_client(app) as volunteer:
        assert (await login(volunteer, "bram")).status_code == 303
        page = await volunteer.get(f"/console/cases/{case.id}", headers=HTML)
    assert page.status_code == 200
    assert re.search(r"<dt>Laatst actief</dt><dd>1[23] min geleden</dd>", page.text)

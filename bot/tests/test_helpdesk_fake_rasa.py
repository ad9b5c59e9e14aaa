"""The hand-off and the safety net in front of the fake Rasa (no model): the assistant's
hand-off payload opens a case and pauses the assistant, the resident waits with the
gateway, and 113 / 112 come from the gateway itself, in every state."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from bot import texts
from bot.helpdesk.queue_wait import still_waiting_text
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, handoff, text
from bot.tests.volunteer_client import create_volunteer, log_in, queue_rows
from bot.tests.widget_client import marker, open_chat, payloads, say
from bot.tests.widget_client import texts as texts_of

ASK_HUMAN = "Kan ik een mens spreken?"
HANDOFF_SAID = "Ik zet je door naar een vrijwilliger."
CRISIS_ONLY = "Ik wil niet meer leven"
CRISIS_STORY = (
    "Ik wil niet meer leven, ik heb al mijn spaargeld overgemaakt "
    "naar een man die zei dat hij van de bank was"
)
DANGER = (
    "die koerier staat nu voor de deur en wil mijn pinpas hebben, hij zegt dat de bank hem stuurt"
)


@pytest.fixture
async def gateway(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_rasa.on(ASK_HUMAN, text(HANDOFF_SAID), handoff(summary="Bewoner vraagt om een mens."))
    async with fake_gateway(sqlite_url, fake_rasa) as (app, _):
        yield app


@pytest.fixture
async def resident(gateway: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http


async def waiting(resident: httpx.AsyncClient) -> str:
    """A conversation handed off to the helpdesk (consent not answered yet)."""
    cid, _ = await open_chat(resident, campaign="demo")
    await say(resident, cid, text=ASK_HUMAN)
    return cid


async def test_the_handoff_payload_opens_a_case_and_pauses_the_assistant(
    resident: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(resident)
    answer = await say(resident, cid, text=ASK_HUMAN)
    said = texts_of(answer)
    assert said[0] == HANDOFF_SAID and not any("handoff" in t for t in said)
    # Nobody has the console open: the hours and the helpline to call now.
    offline = [t for t in said if t.startswith("Er is nu geen vrijwilliger online.")]
    assert offline and "088-786 73 72" in offline[0]
    assert said[-1] == texts.CONSENT_QUESTION
    assert payloads(answer) == ["!consent:yes", "!consent:no"]
    assert fake_rasa.events(cid)[-1] == {"event": "pause"}
    assert ("POST", cid, {"event": "pause"}) in fake_rasa.tracker_calls


async def test_while_waiting_the_messages_go_to_the_case_and_never_to_rasa(
    resident: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid = await waiting(resident)
    first = await say(resident, cid, text="Hallo, is daar iemand?")
    assert texts_of(first) == [still_waiting_text(0)]
    assert payloads(first) == ["!back_to_bot"]
    second = await say(resident, cid, text="Ik wacht nog steeds")
    assert texts_of(second) == []  # told once, not after every message
    assert fake_rasa.messages(cid) == [ASK_HUMAN]


async def test_a_typed_yes_answers_the_consent_question(
    resident: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid = await waiting(resident)
    assert texts_of(await say(resident, cid, text="Ja hoor")) == [texts.CONSENT_GIVEN]
    assert fake_rasa.messages(cid) == [ASK_HUMAN]


async def test_back_to_the_assistant_resumes_it_in_rasa(
    resident: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid = await waiting(resident)
    back = await say(resident, cid, payload="!consent:no")
    assert payloads(back) == ["!back_to_bot"]
    assert texts_of(await say(resident, cid, payload="!back_to_bot")) == [texts.BACK_TO_BOT]
    assert [e["event"] for e in fake_rasa.events(cid)][-2:] == ["pause", "resume"]
    answer = await say(resident, cid, text="Ik heb nog een vraag")
    assert texts_of(answer) == ["Antwoord op: Ik heb nog een vraag"]
    assert fake_rasa.messages(cid) == [ASK_HUMAN, "Ik heb nog een vraag"]


async def test_damage_told_while_waiting_gets_the_urgent_step_and_the_case_goes_first(
    gateway: FastAPI, resident: httpx.AsyncClient, sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    calm = await waiting(resident)
    await say(resident, calm, text=f"Gewoon een vraag {marker()}")
    cid = await waiting(resident)
    told = f"Ik heb net 300 euro overgemaakt {marker()}"
    said = texts_of(await say(resident, cid, text=told))
    assert said[:2] == [texts.URGENT_STEP["paid"], texts.URGENT_NOW_FIRST]
    assert fake_rasa.messages(cid) == [ASK_HUMAN]  # the gateway's own texts, Rasa paused

    username = await create_volunteer(sqlite_url)
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as console:
        await log_in(console, username)
        rows = await queue_rows(console)
    assert len(rows) == 2
    assert told in rows[0] and "! Dringend" in rows[0] and 'class="urgent"' in rows[0]
    assert "Gewoon" in rows[1]


@pytest.mark.parametrize(
    ("words", "first", "reaches_rasa"),
    [
        # Only the cry: the gateway offers to listen and a person; nothing to guess at.
        (CRISIS_ONLY, texts.CRISIS_113, False),
        # The cry and a story: 113 first, then the assistant reads the story.
        (CRISIS_STORY, texts.CRISIS_113, True),
        (DANGER, texts.DANGER_NOW_112, True),
    ],
    ids=["113-only", "113-and-story", "112-danger-now"],
)
async def test_the_safety_net_comes_from_the_gateway_before_the_assistant(
    resident: httpx.AsyncClient, fake_rasa: FakeRasa, words: str, first: str, reaches_rasa: bool
) -> None:
    cid, _ = await open_chat(resident)
    said = texts_of(await say(resident, cid, text=words))
    assert said[0] == first
    assert fake_rasa.messages(cid) == ([words] if reaches_rasa else [])
    if reaches_rasa:
        assert said[-1] == f"Antwoord op: {words}"
    else:
        assert said[-1] == texts.CRISIS_OFFER


async def test_the_safety_net_while_waiting_marks_the_case_as_a_life_in_danger(
    gateway: FastAPI, resident: httpx.AsyncClient, sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    cid = await waiting(resident)
    said = texts_of(await say(resident, cid, text=CRISIS_ONLY))
    assert said[0] == texts.CRISIS_113 and texts.CRISIS_DANGER_112 in said
    assert fake_rasa.messages(cid) == [ASK_HUMAN]

    username = await create_volunteer(sqlite_url)
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as console:
        await log_in(console, username)
        (row,) = await queue_rows(console)
    assert "!! Levensgevaar" in row and "! Dringend" in row


async def test_an_urgent_handoff_tells_the_assistants_words_and_is_urgent_at_once(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(
        "Help, ik heb betaald, ik wil een mens",
        text(HANDOFF_SAID),
        text("Bel eerst je eigen bank."),
        handoff(reason="ask_human", scam_type="friend_in_need", urgent=True, damage=("paid",)),
    )
    async with fake_gateway(sqlite_url, fake_rasa) as (app, resident):
        cid, _ = await open_chat(resident)
        said = texts_of(await say(resident, cid, text="Help, ik heb betaald, ik wil een mens"))
        assert said[:2] == [HANDOFF_SAID, "Bel eerst je eigen bank."]
        assert said[-1] == texts.CONSENT_QUESTION
        username = await create_volunteer(sqlite_url)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as console:
            await log_in(console, username)
            (row,) = await queue_rows(console)
    assert "! Dringend" in row and "Vriend-in-noodfraude" in row  # the payload's scam type

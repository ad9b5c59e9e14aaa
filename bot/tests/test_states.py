"""The conversation's states as code (bot/conversation/states.py): the transition table
is the diagram, `transition()` is the only writer of a state, no module outside
states.py spells a state, the dispatch picks one handler per state, and no decision
rests on the wording of a message (a reworded text changes nothing)."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from bot import texts
from bot.conversation import commands, erasure, states, with_assistant, with_volunteer
from bot.conversation.contract import Turn
from bot.conversation.gateway import route
from bot.conversation.states import (
    CaseEvent,
    CaseStatus,
    ConversationEvent,
    ConversationState,
    MessageEvent,
    MessageStatus,
    target,
    transition,
)
from bot.models import Conversation, Message
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, handoff, insight, text
from bot.tests.widget_client import open_chat, say
from bot.tests.widget_client import texts as texts_of

BOT_PACKAGE = Path(__file__).resolve().parents[1]
EVERY_STATE = {s.value for s in (*ConversationState, *CaseStatus, *MessageStatus)}


@pytest.mark.parametrize(
    ("event", "start", "end"),
    [
        (ConversationEvent.HANDED_OFF, "bot", "waiting"),
        (ConversationEvent.VOLUNTEER_JOINED, "waiting", "volunteer"),
        (ConversationEvent.RESIDENT_BACK, "waiting", "bot"),
        (ConversationEvent.CASE_LOST, "volunteer", "bot"),
        (ConversationEvent.HANDED_BACK, "volunteer", "bot"),
        (ConversationEvent.VOLUNTEER_CLOSED, "volunteer", "closed"),
        (ConversationEvent.ASSISTANT_ANSWERED, "closed", "bot"),
        (ConversationEvent.ASSISTANT_ANSWERED, "bot", "bot"),
        (ConversationEvent.CONTENT_ERASED, "volunteer", "bot"),
        (CaseEvent.CLAIM, "open", "claimed"),
        (CaseEvent.CLOSE, "claimed", "closed"),
        (MessageEvent.ANSWERED, "pending", "answered"),
        (MessageEvent.FOR_THE_CASE, "pending", "to_case"),
        (MessageEvent.REFUSED_TOO_LONG, "pending", "too_long"),
    ],
)
def test_each_event_leads_where_the_diagram_says(event: states.Event, start: str, end: str) -> None:
    field = "state" if isinstance(event, ConversationEvent) else "status"
    thing = SimpleNamespace(**{field: start})
    assert transition(thing, event) == end and getattr(thing, field) == end


def test_a_transition_the_diagram_does_not_expect_is_applied_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    case = SimpleNamespace(status="closed")
    with caplog.at_level(logging.WARNING, logger="bot.conversation.states"):
        assert transition(case, CaseEvent.CLAIM) == "claimed"
    assert "not in the diagram" in caplog.text


def test_the_diagram_names_every_state_and_event() -> None:
    diagram = states.__doc__ or ""
    assert "stateDiagram-v2" in diagram
    for state in EVERY_STATE - {"unsupported"}:
        assert re.search(rf"\b{state}\b", diagram), state
    for event in states.TRANSITIONS:
        assert event.name in diagram, event
    assert ConversationEvent.ASSISTANT_ANSWERED.name in diagram


def test_every_event_has_a_target() -> None:
    for event in (*ConversationEvent, *CaseEvent, *MessageEvent):
        target("bot" if isinstance(event, ConversationEvent) else "pending", event)


def test_no_module_outside_states_spells_a_state() -> None:
    """A state is compared or assigned only by its enum member, never a bare string."""
    spelled = re.compile(
        r"""(\.state|\.status|status=|state=)\s*(==|!=|=|in)?\s*\(?\s*["']"""
        r"""({})["']""".format("|".join(sorted(EVERY_STATE)))
    )
    offenders = []
    for path in BOT_PACKAGE.rglob("*"):
        if path.suffix not in (".py", ".html") or "tests" in path.parts:
            continue
        if "migrations" in path.parts or path.name == "states.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if spelled.search(line):
                offenders.append(f"{path.relative_to(BOT_PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def _turn(state: str, text: str = "hallo", payload: str | None = None) -> Turn:
    conversation = Conversation(id="c", channel="widget", resident_key="k", state=state)
    return Turn(
        conversation, Message(conversation_id="c", role="resident", text=text, payload=payload)
    )


@pytest.mark.parametrize(
    ("state", "handler"),
    [
        ("bot", with_assistant.handle),
        ("closed", with_assistant.handle),
        ("waiting", with_volunteer.handle),
        ("volunteer", with_volunteer.handle),
    ],
)
def test_the_dispatch_picks_one_handler_per_state(state: str, handler: object) -> None:
    assert route(_turn(state)) is handler
    # The gateway's own turns come first, in every state.
    assert route(_turn(state, payload="!consent:yes")) is commands.handle
    assert route(_turn(state, text="verwijder mijn gegevens")) is erasure.ask


# --- no behaviour rests on a message's wording ------------------------------------------
ASK_HUMAN = "Ik wil een mens"


@pytest.fixture
async def resident(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[httpx.AsyncClient]:
    fake_rasa.on(ASK_HUMAN, text("Ik zoek een vrijwilliger."), handoff())
    async with fake_gateway(sqlite_url, fake_rasa) as (_app, http):
        yield http


@pytest.mark.parametrize(
    "wording", [texts.STILL_WAITING, "Je bericht ligt klaar voor de vrijwilliger."]
)
async def test_still_waiting_is_said_once_per_case_whatever_its_wording(
    resident: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, wording: str
) -> None:
    monkeypatch.setattr(texts, "STILL_WAITING", wording)
    cid, _ = await open_chat(resident)
    await say(resident, cid, text=ASK_HUMAN)
    assert texts_of(await say(resident, cid, text="is daar iemand")) == [
        f"{wording} {texts.QUEUE_NOW_FIRST}"
    ]
    assert texts_of(await say(resident, cid, text="hallo??")) == []


@pytest.mark.parametrize("wording", [texts.HELPED_QUESTION, "Had je hier iets aan?"])
async def test_the_helped_answer_is_read_from_its_button_whatever_the_question_says(
    sqlite_url: str, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch, wording: str
) -> None:
    monkeypatch.setattr(texts, "HELPED_QUESTION", wording)
    fake_rasa.on(
        "sms van de bank",
        text("Dit lijkt op phishing."),
        insight("phishing_message", advice_done=True),
    )
    async with fake_gateway(sqlite_url, fake_rasa) as (_app, http):
        cid, _ = await open_chat(http)
        advised = await say(http, cid, text="sms van de bank")
        assert texts_of(advised)[-1] == wording
        thanks = await say(http, cid, text="ja")
        assert texts_of(thanks) == [texts.HELPED_THANKS]

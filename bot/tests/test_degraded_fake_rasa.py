"""Rasa down, failing or frozen, in front of the fake Rasa (no model): the essential
advice at once, nothing lost, and the kept message answered once Rasa is back."""

from __future__ import annotations

import asyncio
import time

import httpx

from bot import texts
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, text
from bot.tests.widget_client import history, open_chat, say
from bot.tests.widget_client import texts as texts_of

PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
ADVICE = "Dit lijkt op phishing. Klik niet op de link."
DEGRADED = [texts.DEGRADED_NOTICE, *texts.ESSENTIAL_ADVICE]


async def test_rasa_down_gives_the_essential_advice_and_answers_later(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, text(ADVICE))
    cid, _ = await open_chat(widget)
    fake_rasa.down = True
    answer = await say(widget, cid, text=PHISHING)
    assert answer["degraded"] is True and texts_of(answer) == DEGRADED
    advice_page = (await widget.get("/api/essential-advice")).json()["messages"]
    assert texts_of(answer)[1:] == [m["text"] for m in advice_page]  # one source of advice
    assert answer["resident_message"]["text"] == PHISHING  # shown as sent: it is kept

    fake_rasa.down = False
    later = await say(widget, cid, text="Is er iemand?")
    # The kept message is answered first (as a later message), then the new one.
    assert fake_rasa.messages(cid) == [PHISHING, "Is er iemand?"]
    assert texts_of(later) == ["Antwoord op: Is er iemand?"]
    shown = [m["text"] for m in await history(widget, cid)]
    assert shown.index(ADVICE) > shown.index(DEGRADED[-1])
    assert shown.index(ADVICE) < shown.index("Is er iemand?")


async def test_an_empty_answer_from_rasa_counts_as_rasa_away(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    """Rasa answers [] when its action server fails: the resident still gets advice."""
    fake_rasa.on(PHISHING)
    cid, _ = await open_chat(widget)
    answer = await say(widget, cid, text=PHISHING)
    assert answer["degraded"] is True and texts_of(answer) == DEGRADED


async def test_the_recovery_loop_answers_a_kept_message_without_a_new_one(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, text(ADVICE))
    async with fake_gateway(sqlite_url, fake_rasa, retry_interval_seconds=0.1) as (_, widget):
        cid, _ = await open_chat(widget)
        fake_rasa.down = True
        assert (await say(widget, cid, text=PHISHING))["degraded"] is True
        fake_rasa.down = False
        deadline = time.monotonic() + 10
        while ADVICE not in [m["text"] for m in await history(widget, cid)]:
            assert time.monotonic() < deadline, "the kept message was never answered"
            await asyncio.sleep(0.05)
        assert fake_rasa.messages(cid) == [PHISHING]


async def test_a_frozen_rasa_gives_advice_in_time_and_its_late_answer_is_used(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    """As real Rasa under SIGSTOP: the gateway stops waiting after its timeout; Rasa
    answers the message when it runs again, and the gateway takes that answer from the
    tracker instead of sending the message a second time."""
    fake_rasa.on(PHISHING, text(ADVICE))
    async with fake_gateway(sqlite_url, fake_rasa, rasa_timeout_seconds=0.3) as (_, widget):
        cid, _ = await open_chat(widget)
        fake_rasa.freeze()
        began = time.monotonic()
        answer = await say(widget, cid, text=PHISHING)
        elapsed = time.monotonic() - began
        assert answer["degraded"] is True and texts_of(answer) == DEGRADED
        assert elapsed < 2.0
        fake_rasa.thaw()  # Rasa runs again and answers what it had received
        assert [e["event"] for e in fake_rasa.events(cid)] == ["user", "bot"]

        await say(widget, cid, text="Is er iemand?")
        assert fake_rasa.messages(cid) == [PHISHING, "Is er iemand?"]  # PHISHING once
        shown = [m["text"] for m in await history(widget, cid)]
        assert shown.count(ADVICE) == 1 and shown.index(ADVICE) < shown.index("Is er iemand?")


async def test_the_safety_net_answers_while_rasa_is_down(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    fake_rasa.down = True
    story = (
        "Ik wil niet meer leven, ik heb al mijn spaargeld overgemaakt "
        "naar een man die zei dat hij van de bank was"
    )
    answer = await say(widget, cid, text=story)
    said = texts_of(answer)
    assert said[0] == texts.CRISIS_113  # before the notice and the advice
    assert said[-len(DEGRADED) :] == DEGRADED

"""The widget API in front of the fake Rasa (no model): greeting, round trip, buttons,
typed answers that name a button, the forced-intent guard, rate limit, erasure."""

from __future__ import annotations

import re

import httpx
import pytest

from bot import texts
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import GREETING, NEVER_ASKS, FakeRasa, insight, text
from bot.tests.widget_client import error_message, history, open_chat, payloads, say, send
from bot.tests.widget_client import texts as texts_of

PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
TRIAGE = text(
    "Dit lijkt op phishing. Heb je al iets gedaan?",
    ("Ik heb betaald", "/already_paid"),
    ("Ik gaf gegevens of codes", "/shared_details"),
    ("Nee, nog niets gedaan", "/deny"),
)


async def test_the_greeting_comes_from_the_assistants_domain(
    widget: httpx.AsyncClient,
) -> None:
    _, greeting = await open_chat(widget)
    assert [m["text"] for m in greeting] == [GREETING, NEVER_ASKS]
    assert all(m["role"] == "bot" for m in greeting)


async def test_without_rasa_the_gateway_greets_itself_until_rasa_is_back(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.down = True
    _, greeting = await open_chat(widget)
    assert [m["text"] for m in greeting] == [texts.GREETING_FALLBACK]
    fake_rasa.down = False
    _, greeting = await open_chat(widget)  # the fallback was not kept as the greeting
    assert [m["text"] for m in greeting] == [GREETING, NEVER_ASKS]


async def test_a_message_goes_to_rasa_and_its_answer_comes_back_with_buttons(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    cid, _ = await open_chat(widget)
    answer = await say(widget, cid, text=PHISHING)
    assert answer["degraded"] is False and answer["erased"] is False
    assert answer["resident_message"]["text"] == PHISHING
    assert texts_of(answer) == [TRIAGE["text"]]
    assert payloads(answer) == ["/already_paid", "/shared_details", "/deny"]
    assert fake_rasa.received == [{"sender": cid, "message": PHISHING}]
    shown = [(m["role"], m["text"]) for m in await history(widget, cid)]
    assert shown[-2:] == [("resident", PHISHING), ("bot", TRIAGE["text"])]


async def test_a_pressed_button_reaches_rasa_as_its_payload_and_shows_its_title(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    fake_rasa.on("/already_paid", text("Dit is nu het belangrijkst: bel meteen je eigen bank."))
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=PHISHING)
    answer = await say(widget, cid, payload="/already_paid")
    assert texts_of(answer) == ["Dit is nu het belangrijkst: bel meteen je eigen bank."]
    assert fake_rasa.messages(cid) == [PHISHING, "/already_paid"]
    resident = [m["text"] for m in await history(widget, cid) if m["role"] == "resident"]
    assert resident == [PHISHING, "Ik heb betaald"]


async def test_a_button_that_is_not_on_the_latest_turn_is_refused(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    cid, _ = await open_chat(widget)
    never_offered = await send(widget, cid, payload="/already_paid")
    assert never_offered.status_code == 400
    assert error_message(never_offered) == texts.UNKNOWN_BUTTON
    await say(widget, cid, text=PHISHING)
    await say(widget, cid, text="Het was gisteren")  # a new turn: the triage is gone
    stale = await send(widget, cid, payload="/already_paid")
    assert stale.status_code == 400
    assert fake_rasa.messages(cid) == [PHISHING, "Het was gisteren"]


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("/already_paid", "already_paid"),
        ('/ask_human{"urgent": true}', 'ask_human{"urgent": true}'),
        ("  //restart", "restart"),
    ],
)
async def test_typed_intent_commands_reach_rasa_as_plain_words(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, typed: str, sent: str
) -> None:
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=typed)
    assert fake_rasa.messages(cid) == [sent]


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("ik heb betaald", "/already_paid"),
        ("Ik heb betaalt!", "/already_paid"),  # a typo
        ("2", "/shared_details"),
        ("optie 3", "/deny"),
        ("de eerste", "/already_paid"),
        ("nee", "/deny"),
    ],
)
async def test_a_typed_answer_that_names_a_button_counts_as_pressing_it(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, typed: str, payload: str
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=PHISHING)
    answer = await say(widget, cid, text=typed)
    assert fake_rasa.messages(cid) == [PHISHING, payload]
    assert answer["resident_message"]["text"] == typed  # shown as the resident typed it


async def test_a_story_is_the_residents_own_words_even_after_buttons(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=PHISHING)
    story = "ik heb gisteren 300 euro overgemaakt naar die rekening van hem"
    await say(widget, cid, text=story)
    assert fake_rasa.messages(cid) == [PHISHING, story]
    assert fake_rasa.parsed == []  # the assistant's own buttons: no extra NLU call


async def test_iets_anders_without_such_a_button_never_reaches_the_assistant(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    answer = await say(widget, cid, text="iets anders")
    assert texts_of(answer) == [texts.TELL_IN_OWN_WORDS]
    assert fake_rasa.messages(cid) == []


async def test_a_paraphrase_answers_the_gateways_own_question_through_the_nlu(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    """'Heeft dit geholpen?' comes from the gateway after the assistant's insight says the
    advice ended; a paraphrase of yes is read by /model/parse, not sent as a turn."""
    fake_rasa.on(PHISHING, text("Klik niet op de link."), insight("phishing", advice_done=True))
    fake_rasa.parse_as("ja hoor, zeker weten", "affirm", 0.93)
    cid, _ = await open_chat(widget)
    advice = await say(widget, cid, text=PHISHING)
    assert texts_of(advice) == ["Klik niet op de link.", texts.HELPED_QUESTION]
    assert payloads(advice) == ["!helped:yes", "!helped:no"]
    answer = await say(widget, cid, text="ja hoor, zeker weten")
    assert texts_of(answer) == [texts.HELPED_THANKS]
    assert fake_rasa.parsed == ["ja hoor, zeker weten"]
    assert fake_rasa.messages(cid) == [PHISHING]


async def test_an_unsure_reading_of_a_paraphrase_goes_to_the_assistant_as_words(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, text("Klik niet op de link."), insight("phishing", advice_done=True))
    fake_rasa.parse_as("weet ik nog niet", "affirm", 0.41)
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=PHISHING)
    await say(widget, cid, text="weet ik nog niet")
    assert fake_rasa.messages(cid) == [PHISHING, "weet ik nog niet"]


async def test_the_rate_limit_is_friendly_and_rasa_never_sees_the_extra_message(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa, rate_limit_per_minute=2) as (_, widget):
        cid, _ = await open_chat(widget)
        for words in ("hallo", "is daar iemand"):
            await say(widget, cid, text=words)
        limited = await send(widget, cid, text="nog een bericht")
        assert limited.status_code == 429
        assert error_message(limited) == texts.RATE_LIMITED
        assert fake_rasa.messages(cid) == ["hallo", "is daar iemand"]


async def test_deleting_a_conversation_erases_it_in_rasa_too(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=PHISHING)
    assert (await widget.delete(f"/api/conversations/{cid}")).status_code == 204
    gone = await widget.get(f"/api/conversations/{cid}/messages")
    assert gone.status_code == 404 and error_message(gone) == texts.UNKNOWN_CONVERSATION
    assert ("PUT", cid, []) in fake_rasa.tracker_calls
    assert fake_rasa.events(cid) == []


async def test_verwijder_mijn_gegevens_asks_first_then_erases_everywhere(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    await say(widget, cid, text=PHISHING)
    question = await say(widget, cid, text="verwijder mijn gegevens")
    assert texts_of(question) == [texts.ERASE_QUESTION]
    assert payloads(question) == ["!erase:yes", "!erase:no"]
    assert fake_rasa.tracker_calls == []  # nothing erased before the yes
    erased = await say(widget, cid, payload="!erase:yes")
    assert erased["erased"] is True
    assert [m["text"] for m in await history(widget, cid)] == [texts.ERASED]
    assert fake_rasa.events(cid) == [] and ("PUT", cid, []) in fake_rasa.tracker_calls
    assert fake_rasa.messages(cid) == [PHISHING]  # neither the request nor the yes


async def test_the_essential_advice_page_needs_no_rasa(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.down = True
    advice = (await widget.get("/api/essential-advice")).json()
    assert [m["text"] for m in advice["messages"]] == list(texts.ESSENTIAL_ADVICE)
    assert any(re.search(r"\b112\b", m["text"]) for m in advice["messages"])

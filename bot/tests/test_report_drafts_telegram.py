"""The report draft on Telegram, in front of the fake Rasa (the report form) and the fake
Bot API: after the assistant's messages that finish the draft, the draft comes as a PDF
document (sendDocument, a multipart upload) with a short Dutch caption; turns before it
send none, and a volunteer who sends the draft later sends the document too."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.models import Case
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa
from bot.tests.fake_telegram import FakeTelegram, callback_update, text_update
from bot.tests.reply_helpers import ASK_HUMAN, fake_handoff, volunteer
from bot.tests.report_helpers import FACTS, FINISHED_TEXT, pdf_text, plain, script_form
from bot.tests.test_telegram_fake_rasa import (  # noqa: F401  (fixtures)
    SECRET,
    buttons,
    post,
    telegram,
    until,
    webhook,
)


@pytest.fixture
async def desk_and_webhook(
    database_url: str,
    fake_rasa: FakeRasa,
    telegram: FakeTelegram,  # noqa: F811
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The gateway with Telegram's webhook (as `webhook`), and its app for the console."""
    async with fake_gateway(
        database_url,
        fake_rasa,
        telegram_token="123456:TEST",
        telegram_base_url=f"{telegram.url}/bot",
        telegram_webhook_url="https://gateway.example/telegram/webhook",
        telegram_webhook_secret=SECRET,
    ) as running:
        yield running


async def test_the_finished_draft_comes_as_a_pdf_after_the_messages(
    webhook: httpx.AsyncClient,  # noqa: F811
    telegram: FakeTelegram,  # noqa: F811
    fake_rasa: FakeRasa,
) -> None:
    said = script_form(fake_rasa)
    for words in said[:-1]:
        await post(webhook, text_update(71, words))
    await until(lambda: telegram.texts()[-1:] == [f"Vraag {len(said) - 2}: wat is je antwoord?"])
    assert telegram.documents() == [] and telegram.uploads == []

    await post(webhook, text_update(71, said[-1]))
    await until(lambda: len(telegram.documents()) == 1)
    [document] = telegram.documents()
    assert int(document["chat_id"]) == 71
    assert document["caption"] == texts.REPORT_DRAFT_CAPTION
    [(method, field, filename, data)] = telegram.uploads
    assert (method, field, filename) == ("sendDocument", "document", "concept-aangifte.pdf")
    words = pdf_text(data)
    for answer in FACTS.values():
        assert plain(answer) in words, answer
    # After the messages of that turn: the draft's text first, then the document.
    order = [method for method, _ in telegram.calls if method in ("sendMessage", "sendDocument")]
    assert order[-1] == "sendDocument"
    assert telegram.texts()[-2:] == ["Dit is je concept.", FINISHED_TEXT]


async def test_a_draft_the_volunteer_sends_comes_with_its_pdf_too(
    desk_and_webhook: tuple[FastAPI, httpx.AsyncClient],
    telegram: FakeTelegram,  # noqa: F811
    fake_rasa: FakeRasa,
) -> None:
    app, hook = desk_and_webhook
    for words in script_form(fake_rasa):
        await post(hook, text_update(73, words))
    await until(lambda: len(telegram.documents()) == 1)
    fake_handoff(fake_rasa)
    await post(hook, text_update(73, ASK_HUMAN))
    await until(lambda: texts.CONSENT_YES_BUTTON in buttons(telegram))
    await post(hook, callback_update(73, buttons(telegram)[texts.CONSENT_YES_BUTTON]))
    await until(lambda: texts.CONSENT_GIVEN in telegram.texts())
    async with app.state.gateway.sessions() as session:
        case_id = int(await session.scalar(select(Case.id)) or 0)
    async with volunteer(app, "eva") as eva:
        await eva.claim(case_id)
        sent = await eva.http.post(
            f"/console/cases/{case_id}/report-draft/send",
            data={"csrf": eva.csrf, "client_key": "eva-1"},
        )
        assert sent.status_code == 303, sent.text
    # Delivered later (bot/conversation/delivery.py): the text, then the document.
    await until(lambda: len(telegram.documents()) == 2)
    assert telegram.texts()[-1] == FINISHED_TEXT
    assert telegram.documents()[-1]["caption"] == texts.REPORT_DRAFT_CAPTION
    assert plain(FACTS["iban"]) in pdf_text(telegram.uploads[-1][3])

"""Telegram in front of the fake Rasa (no model): updates come in through the webhook
(HTTP, with its secret), python-telegram-bot answers through the fake Bot API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from bot import texts
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, text
from bot.tests.fake_telegram import (
    FakeTelegram,
    FakeTelegramServer,
    callback_update,
    text_update,
)

SECRET = "geheim-webhook-token"
PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
TRIAGE = text(
    "Dit lijkt op phishing. Heb je al iets gedaan?",
    ("Ik heb betaald", "/already_paid"),
    ("Nee, nog niets gedaan", "/deny"),
)


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegramServer() as state:
        yield state


@pytest.fixture
async def webhook(
    sqlite_url: str, fake_rasa: FakeRasa, telegram: FakeTelegram
) -> AsyncIterator[httpx.AsyncClient]:
    async with fake_gateway(
        sqlite_url,
        fake_rasa,
        telegram_token="123456:TEST",
        telegram_base_url=f"{telegram.url}/bot",
        telegram_webhook_url="https://gateway.example/telegram/webhook",
        telegram_webhook_secret=SECRET,
    ) as (_, http):
        yield http


async def post(webhook: httpx.AsyncClient, update: dict[str, Any]) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    response = await webhook.post("/telegram/webhook", json=update, headers=headers)
    assert response.status_code == 200


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """The update is handled after the webhook answered: wait for what it sends."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "Telegram never got the expected message"
        await asyncio.sleep(0.02)


def buttons(telegram: FakeTelegram) -> dict[str, str]:
    """Title -> callback data of the latest message with an inline keyboard."""
    for params in reversed(telegram.sent()):
        rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
        if rows:
            return {b["text"]: b["callback_data"] for row in rows for b in row}
    return {}


async def test_a_message_and_a_button_press_through_the_webhook(
    webhook: httpx.AsyncClient, telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    fake_rasa.on("/already_paid", text("Bel meteen je eigen bank."))
    await post(webhook, text_update(61, PHISHING))
    await until(lambda: TRIAGE["text"] in telegram.texts())
    assert set(buttons(telegram)) == {"Ik heb betaald", "Nee, nog niets gedaan"}

    await post(webhook, callback_update(61, buttons(telegram)["Ik heb betaald"]))
    await until(lambda: "Bel meteen je eigen bank." in telegram.texts())
    assert any(method == "answerCallbackQuery" for method, _ in telegram.calls)
    assert fake_rasa.messages()[-2:] == [PHISHING, "/already_paid"]


async def test_a_typed_number_on_telegram_counts_as_the_button(
    webhook: httpx.AsyncClient, telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on(PHISHING, TRIAGE)
    await post(webhook, text_update(62, PHISHING))
    await until(lambda: TRIAGE["text"] in telegram.texts())
    await post(webhook, text_update(62, "2"))
    await until(lambda: "Antwoord op: /deny" in telegram.texts())


async def test_a_life_in_danger_gets_113_first_on_telegram_while_rasa_is_down(
    webhook: httpx.AsyncClient, telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    fake_rasa.down = True
    await post(webhook, text_update(63, "Ik wil niet meer leven"))
    await until(lambda: texts.CRISIS_OFFER in telegram.texts())
    said = telegram.texts()
    assert said.index(texts.CRISIS_113) < said.index(texts.CRISIS_OFFER)
    assert fake_rasa.received == []

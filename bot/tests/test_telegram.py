"""Telegram through python-telegram-bot for real, against a fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from telegram import Update

from bot import texts
from bot.campaigns.figures import weekly_counts
from bot.images import upload
from bot.models import Case, Conversation, Message, Volunteer
from bot.telegram_channel import split_text
from bot.telegram_images import ALBUM_SECONDS
from bot.tests import image_files
from bot.tests.conftest import settings_for
from bot.tests.console_helpers import HTML, add_user, console_client, login, page_csrf
from bot.tests.fake_telegram import (
    BOT_USER,
    FakeTelegram,
    FakeTelegramServer,
    callback_update,
    document_update,
    photo_update,
    text_update,
)
from bot.web import create_app
from tools.rasa_processes import RasaServers

PHISHING = "Ik kreeg een sms van de ING dat mijn pas verloopt, met een link"
SECRET = "geheim-webhook-token"


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegramServer() as state:
        yield state


def telegram_settings(tmp_path: Path, rasa: RasaServers, fake: FakeTelegram, **extra: Any):
    return settings_for(
        f"sqlite:///{tmp_path / 'telegram.db'}",
        rasa.rasa_url,
        telegram_token="123456:TEST",
        telegram_base_url=f"{fake.url}/bot",
        **extra,
    )


@pytest.fixture
async def app(tmp_path: Path, rasa: RasaServers, fake: FakeTelegram) -> AsyncIterator[FastAPI]:
    settings = telegram_settings(
        tmp_path,
        rasa,
        fake,
        telegram_webhook_url="https://gateway.example/telegram/webhook",
        telegram_webhook_secret=SECRET,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def feed(app: FastAPI, update: dict[str, Any]) -> None:
    application = app.state.telegram.application
    await application.process_update(Update.de_json(update, application.bot))


def button_data(fake: FakeTelegram, title: str) -> str:
    for params in reversed(fake.sent()):
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == title:
                    return button["callback_data"]
    raise AssertionError(f"no button {title!r} was sent")


async def wait_for(condition, seconds: float = 15.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


async def test_text_gets_greeting_advice_and_inline_buttons(
    app: FastAPI, fake: FakeTelegram
) -> None:
    await feed(app, text_update(42, PHISHING))
    sent = fake.texts()
    assert sent[0].startswith("Hallo! Ik help je")
    assert any("phishing" in t.lower() for t in sent)
    data = button_data(fake, "Nee, nog niets gedaan")
    message_id, index = data.split(":")
    assert message_id.isdigit() and index.isdigit()
    assert webhook_was_set(fake)


def webhook_was_set(fake: FakeTelegram) -> bool:
    return any(m == "setWebhook" and p.get("secret_token") == SECRET for m, p in fake.calls)


async def test_a_button_press_is_answered_and_sends_its_payload(
    app: FastAPI, fake: FakeTelegram
) -> None:
    await feed(app, text_update(43, PHISHING))
    await feed(app, callback_update(43, button_data(fake, "Ik heb betaald")))
    assert any(method == "answerCallbackQuery" for method, _ in fake.calls)
    assert fake.texts()[-1].startswith("Dit is nu het belangrijkst") or any(
        t.startswith("Dit is nu het belangrijkst: bel meteen je eigen bank") for t in fake.texts()
    )


async def test_typed_button_titles_numbers_and_yes_count_as_pressing(
    app: FastAPI, fake: FakeTelegram
) -> None:
    """Many Telegram users type what a button says instead of tapping it."""
    await feed(app, text_update(48, "mijn dochter appt met een nieuw nummer, ze wil geld"))
    button_data(fake, "Ja, ik heb betaald")  # the triage question was asked with buttons
    await feed(app, text_update(48, "ja"))
    assert any(
        t.startswith("Dit is nu het belangrijkst: bel meteen je eigen bank") for t in fake.texts()
    )
    await feed(app, text_update(48, "praat met een vrijwiliger"))
    async with app.state.gateway.sessions() as session:
        case = (await session.execute(select(Case))).scalar_one()
    assert case.urgent and case.scam_type == "friend_in_need"


async def test_a_life_in_danger_gets_113_first_on_telegram(
    app: FastAPI, fake: FakeTelegram
) -> None:
    await feed(app, text_update(49, "ik wil niet meer leven als iedereen die foto's ziet"))
    greeting = len(await app.state.gateway.greeting())
    first_reply = fake.texts()[greeting]
    assert "113" in first_reply and "0800-0113" in first_reply and "113.nl" in first_reply


async def test_a_forged_button_is_refused_kindly(app: FastAPI, fake: FakeTelegram) -> None:
    await feed(app, text_update(44, "hallo"))
    await feed(app, callback_update(44, "999999:0"))
    assert fake.texts()[-1] == texts.UNKNOWN_BUTTON


async def test_deep_link_records_the_campaign(app: FastAPI, fake: FakeTelegram) -> None:
    await feed(app, text_update(45, "/start ouderen_2026"))
    await feed(app, text_update(46, "/start"))
    assert fake.texts()[0].startswith("Hallo! Ik help je")
    async with app.state.gateway.sessions() as session:
        conversations = (await session.execute(select(Conversation))).scalars().all()
        campaigns = sorted(str(c.campaign) for c in conversations)
    assert campaigns == ["None", "ouderen_2026"]


async def test_a_photo_is_read_and_answered_as_the_message_it_shows(
    app: FastAPI, fake: FakeTelegram
) -> None:
    fake.files["f1"] = image_files.sms_png()
    await feed(app, photo_update(47, caption="Ik kreeg deze sms, is dit echt?"))
    sent = fake.texts()
    intro = next(i for i, t in enumerate(sent) if t.startswith(texts.IMAGE_READ_INTRO))
    assert "ing-pasverlengen[.]com" in sent[intro] and "https://" not in sent[intro]
    assert len(sent) > intro + 1  # the assistant's answer follows
    assert ("download", {"file_id": "f1"}) in fake.calls  # the largest size, not the thumb
    assert ("download", {"file_id": "thumb"}) not in fake.calls
    async with app.state.gateway.sessions() as session:
        kept = (await session.scalars(select(Message.text).where(Message.role == "resident"))).all()
    assert any(t.startswith("Ik kreeg deze sms") and image_files.SMS_DOMAIN in t for t in kept), (
        kept
    )


async def test_an_album_of_photos_gets_one_answer(app: FastAPI, fake: FakeTelegram) -> None:
    fake.files["a1"] = image_files.sms_png()
    fake.files["a2"] = image_files.encoded(
        image_files.picture(("Uw pakket ligt klaar bij", "www.postnl-afhalen.info"))
    )
    await feed(app, photo_update(48, "a1", album="album-1"))
    await feed(app, photo_update(48, "a2", album="album-1"))
    await wait_for(lambda: any(t.startswith(texts.IMAGE_READ_INTRO) for t in fake.texts()))
    await asyncio.sleep(ALBUM_SECONDS)
    intros = [t for t in fake.texts() if t.startswith(texts.IMAGE_READ_INTRO)]
    assert len(intros) == 1
    assert "ing-pasverlengen[.]com" in intros[0] and "postnl-afhalen[.]info" in intros[0]


async def test_an_image_file_is_read_other_files_and_huge_photos_are_not(
    app: FastAPI, fake: FakeTelegram
) -> None:
    fake.files["d1"] = image_files.sms_png()
    await feed(app, document_update(49, "d1", "image/png"))
    assert any(t.startswith(texts.IMAGE_READ_INTRO) for t in fake.texts())
    fake.files["pdf"] = b"%PDF-1.4"
    await feed(app, document_update(49, "pdf", "application/pdf"))
    assert fake.texts()[-1] == texts.UNSUPPORTED_MEDIA
    await feed(app, callback_update(49, button_data(fake, texts.VOLUNTEER_BUTTON)))
    assert texts.CONSENT_QUESTION in fake.texts()
    big = document_update(49, "big", "image/jpeg", size=upload.MAX_BYTES + 1)
    await feed(app, big)
    assert fake.texts()[-1] == texts.IMAGE_TOO_LARGE
    assert ("download", {"file_id": "big"}) not in fake.calls
    await feed(app, document_update(49, "not-an-image", "image/png"))
    fake.files["broken"] = image_files.corrupt_png()
    await feed(app, document_update(49, "broken", "image/png"))
    assert fake.texts()[-2:] == [texts.IMAGE_NOT_FETCHED, texts.IMAGE_BROKEN]


async def test_webhook_with_a_wrong_secret_is_rejected(app: FastAPI, fake: FakeTelegram) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        update = text_update(48, PHISHING)
        wrong = await client.post(
            "/telegram/webhook",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": "fout"},
        )
        missing = await client.post("/telegram/webhook", json=update)
        assert wrong.status_code == 403 and missing.status_code == 403
        assert fake.sent() == []
        right = await client.post(
            "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert right.status_code == 200
    await wait_for(lambda: any("phishing" in t.lower() for t in fake.texts()))


async def test_an_update_telegram_sends_again_is_one_message(
    app: FastAPI, fake: FakeTelegram
) -> None:
    """Telegram sends an update again when its webhook got no 200 (a gateway worker that
    stopped while handling it): the second copy adds no message and asks Rasa nothing."""
    transport = httpx.ASGITransport(app=app)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    update = text_update(51, PHISHING)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        for _ in range(2):
            answered = await client.post("/telegram/webhook", json=update, headers=headers)
            # Handled before the 200: a worker that stops midway gets no 200 from it.
            assert answered.status_code == 200
            assert any("phishing" in t.lower() for t in fake.texts())
    async with app.state.gateway.sessions() as session:
        said = (await session.scalars(select(Message.text).where(Message.role == "resident"))).all()
    assert said == [PHISHING]


async def test_telegram_429_is_retried_and_nothing_is_lost(
    app: FastAPI, fake: FakeTelegram
) -> None:
    fake.fail_sends_with_429 = 2
    await feed(app, text_update(49, PHISHING))
    assert [m for m, _ in fake.calls].count("sendMessage:429") == 2
    assert fake.texts()[0].startswith("Hallo! Ik help je")
    assert any("phishing" in t.lower() for t in fake.texts())


async def test_long_polling_without_a_webhook(
    tmp_path: Path, rasa: RasaServers, fake: FakeTelegram
) -> None:
    application = create_app(telegram_settings(tmp_path, rasa, fake))
    async with application.router.lifespan_context(application):
        fake.updates.append(text_update(50, PHISHING))
        await wait_for(lambda: any("phishing" in t.lower() for t in fake.texts()))


def test_long_replies_are_split_at_sentence_ends() -> None:
    text = ("Dit is een zin. " * 400).strip()
    chunks = split_text(text, limit=4096)
    assert len(chunks) == 2 and all(len(c) <= 4096 for c in chunks)
    assert chunks[0].endswith(".") and " ".join(chunks) == text


async def test_urgent_case_is_announced_and_the_volunteer_reply_reaches_telegram(
    tmp_path: Path, rasa: RasaServers, fake: FakeTelegram
) -> None:
    settings = telegram_settings(
        tmp_path,
        rasa,
        fake,
        volunteers_chat_id="-100200300",
        console_url="https://hulp.example/console",
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await feed(
            application, text_update(60, "Ik heb net 400 euro overgemaakt naar een oplichter")
        )
        await feed(application, callback_update(60, button_data(fake, texts.VOLUNTEER_BUTTON)))
        group = [p for p in fake.sent() if str(p.get("chat_id")) == "-100200300"]
        assert len(group) == 1
        announcement = str(group[0]["text"])
        assert announcement.startswith("Dringende zaak in de wachtrij")
        assert "https://hulp.example/console/cases/" in announcement
        assert "400" not in announcement  # no resident content in the group
        assert texts.CONSENT_QUESTION in fake.texts()

        desk = application.state.desk
        async with application.state.gateway.sessions() as session:
            case = (await session.execute(select(Case))).scalar_one()
            assert case.urgent and case.channel == "telegram"
            # Pseudonymous at rest: a keyed hash as the resident's id, the chat id sealed.
            conversation = await session.get(Conversation, case.conversation_id)
            assert conversation is not None and len(conversation.resident_key) == 64
            assert conversation.channel_address and conversation.channel_address != "60"
            assert application.state.gateway.address_of(conversation) == "60"
            volunteer = Volunteer(
                username="anna", display_name="Anna", role="volunteer", password_hash="x"
            )
            session.add(volunteer)
            await session.commit()
        await desk.claim(volunteer, case.id)
        await desk.reply(volunteer, case.id, "Hoi, ik ben Anna. Heb je je bank al gebeld?")
        to_resident = [p for p in fake.sent() if str(p.get("chat_id")) == "60"]
        assert to_resident[-2]["text"] == texts.VOLUNTEER_JOINED.format(name="Anna")
        assert to_resident[-1]["text"] == "Hoi, ik ben Anna. Heb je je bank al gebeld?"

        # The resident's answer on Telegram goes to the case, not to the assistant.
        before = len(fake.sent())
        await feed(application, text_update(60, "Ja, de bank heeft de betaling gestopt"))
        assert len(fake.sent()) == before
        # '/start' again does not leave the case behind.
        await feed(application, text_update(60, "/start"))
        assert fake.texts()[-1] == texts.CASE_STILL_OPEN
        async with application.state.gateway.sessions() as session:
            assert len((await session.execute(select(Conversation))).scalars().all()) == 1
        await desk.finish(volunteer, case.id, "bank", hand_back=True)
        assert fake.texts()[-1] == texts.VOLUNTEER_HANDED_BACK
        answered_from = len(fake.texts())
        await feed(application, text_update(60, PHISHING))
        assert any("phishing" in t.lower() for t in fake.texts()[answered_from:])


async def test_campaign_deep_link_is_counted_under_the_campaign(
    app: FastAPI, fake: FakeTelegram
) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as coordinator:
        await login(coordinator, "chris")
        csrf = await page_csrf(coordinator, "/console/campaigns")
        await coordinator.post(
            "/console/campaigns",
            data={
                "csrf": csrf,
                "name": "Jongeren",
                "code": "jong-2026",
                "target_group": "jongeren",
            },
        )
        page = (await coordinator.get("/console/campaigns", headers=HTML)).text
    # The deep link uses the bot's own user name, as Telegram told it at start.
    link = f"https://t.me/{BOT_USER['username']}?start=jong-2026"
    assert link in page
    # A resident who opens it sends '/start jong-2026' from their Telegram app.
    await feed(app, text_update(70, "/start jong-2026"))
    assert fake.texts()[0] == texts.WELCOME_BY_GROUP["jongeren"]
    await feed(app, text_update(71, "/start onbekende_code"))
    async with app.state.gateway.sessions() as session:
        rows = await weekly_counts(session)
    # Opening the deep link is a visit; a conversation needs a message from the resident.
    counted = {(r.campaign, r.channel, r.target_group) for r in rows if r.metric == "visits"}
    assert ("jong-2026", "telegram", "jongeren") in counted
    assert ("onbekend", "telegram", "onbekend") in counted

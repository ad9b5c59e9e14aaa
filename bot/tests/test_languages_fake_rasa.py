"""Other languages, honestly (issue 17), through the widget API and Telegram in front of
the fake Rasa: a typed message that is clearly not Dutch gets the gateway's answer in
Dutch and in that language (each its own bubble, with its `lang`), the Fraudehelpdesk's
number and the volunteer button, and never reaches the assistant; Dutch messages with
English in them, short replies, typos and a pasted English message after a Dutch lead-in
do. The crisis path stays first, a conversation with a volunteer stays with the
volunteer, and a screenshot's English text is read as a pasted message."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.languages.texts import FRAUDEHELPDESK_PHONE, IN_LANGUAGE, NOT_DUTCH_NL
from bot.models import Case
from bot.tests import image_files
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa, handoff, text
from bot.tests.fake_telegram import FakeTelegram, FakeTelegramServer, text_update
from bot.tests.test_telegram_fake_rasa import SECRET, buttons, post, until
from bot.tests.volunteer_client import create_volunteer, log_in
from bot.tests.widget_client import Json, history, open_chat, payloads, say
from bot.tests.widget_client import texts as texts_of

# Residents who got a fake bank or parcel message, or a call, and ask what to do; per
# language a long one, a short one (about five words) and one more.
MESSAGES: dict[str, list[str]] = {
    "en": [
        "I got a text from my bank saying my account is blocked. What should I do?",
        "What should I do now?",
        "Someone called me pretending to be from the bank and I gave them my code",
    ],
    "tr": [
        "Bankadan bir mesaj geldi, hesabım bloke olmuş diyor. Ne yapmalıyım?",
        "Bu mesaj dolandırıcılık mı acaba?",
        "Biri beni aradı, bankadan olduğunu söyledi ve kodumu verdim",
    ],
    "ar": [
        "وصلتني رسالة من البنك تقول إن حسابي محظور. ماذا أفعل؟",
        "ماذا يجب أن أفعل الآن؟",
        "اتصل بي شخص قال إنه من البنك وأعطيته الرمز",
    ],
    "pl": [
        "Dostałem SMS-a z banku, że moje konto jest zablokowane. Co mam zrobić?",
        "Nie mówię po holendersku, przepraszam",
        "Dostałam maila od PostNL, że muszę zapłacić za paczkę. Czy to prawda?",
    ],
    "uk": [
        "Мені прийшло SMS від банку, що мій рахунок заблоковано. Що мені робити?",
        "Я не розмовляю нідерландською мовою",
        "Мені подзвонили нібито з банку, і я сказала їм код з повідомлення",
    ],
}
OTHER_LANGUAGES = [
    "Ich habe eine SMS von meiner Bank bekommen, dass mein Konto gesperrt ist. Was soll ich tun?",
    "J'ai reçu un SMS de ma banque qui dit que mon compte est bloqué. Que dois-je faire ?",
    "Recibí un mensaje de mi banco diciendo que mi cuenta está bloqueada. ¿Qué debo hacer?",
    "Мне пришло сообщение из банка, что мой счёт заблокирован. Что мне делать?",
]
STILL_DUTCH = [
    "ik kreeg een sms: your parcel is waiting, klik hier",
    "help ik heb een mail gekregen van mijn bank, it says my account is blocked",
    "ik kreeg dit: Your package could not be delivered. Pay the customs fee here: "
    "https://postnl-track.example/pay",
    "ja",
    "nee",
    "ok",
    "oké",
    "Praat met een vrijwilliger",
    "3",
    "NL91ABNA0417164300",
    "https://postnl-bezorging.example/track",
    "helpdesk gebelt en ze wilde anydesk instaleren",
    "ideeen? ik vertrouw het niet, is het een phishing mail",
    "whatsapp account gehackt wat nu",
    "heb een tikkie gehad van onbekend nummer",
]
VOLUNTEER = {"title": texts.VOLUNTEER_BUTTON, "payload": texts.VOLUNTEER_REQUEST}


def assert_honest_answer(answer: Json, tag: str) -> None:
    """The Dutch bubble (no lang), the one in `tag` with the volunteer button."""
    dutch, other = answer["messages"]
    assert (dutch["text"], dutch["lang"], dutch["buttons"]) == (NOT_DUTCH_NL, None, [])
    assert (other["text"], other["lang"]) == (IN_LANGUAGE[tag], tag)
    assert other["buttons"] == [VOLUNTEER]
    assert FRAUDEHELPDESK_PHONE in dutch["text"] and FRAUDEHELPDESK_PHONE in other["text"]


@pytest.mark.parametrize(
    ("tag", "words"),
    [(tag, words) for tag, messages in MESSAGES.items() for words in messages],
)
async def test_a_message_not_in_dutch_gets_the_honest_answer_and_rasa_is_not_asked(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, tag: str, words: str
) -> None:
    cid, _ = await open_chat(widget)
    answer = await say(widget, cid, text=words)
    assert_honest_answer(answer, tag)
    assert answer["resident_message"]["text"] == words  # kept, as every message
    assert fake_rasa.messages(cid) == [] and fake_rasa.parsed == []
    # The history carries the languages too (a reload, a return link).
    shown = [(m["role"], m["text"], m["lang"]) for m in await history(widget, cid)][-3:]
    assert shown == [
        ("resident", words, None),
        ("bot", NOT_DUTCH_NL, None),
        ("bot", IN_LANGUAGE[tag], tag),
    ]


@pytest.mark.parametrize("words", OTHER_LANGUAGES)
async def test_another_language_gets_dutch_and_english(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, words: str
) -> None:
    cid, _ = await open_chat(widget)
    assert_honest_answer(await say(widget, cid, text=words), "en")
    assert fake_rasa.messages(cid) == []


@pytest.mark.parametrize("words", STILL_DUTCH)
async def test_dutch_with_english_short_replies_and_typos_go_to_the_assistant(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, words: str
) -> None:
    cid, _ = await open_chat(widget)
    answer = await say(widget, cid, text=words)
    assert texts_of(answer) == [f"Antwoord op: {words}"]
    assert [m["lang"] for m in answer["messages"]] == [None]
    assert fake_rasa.messages(cid) == [words]


async def test_a_typed_button_title_is_the_button_not_a_language(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on("Help", text("Wat is er gebeurd?", ("Ik heb betaald", "/already_paid")))
    cid, _ = await open_chat(widget)
    await say(widget, cid, text="Help")
    await say(widget, cid, text="ik heb betaald")
    assert fake_rasa.messages(cid) == ["Help", "/already_paid"]


async def test_a_crisis_in_dutch_still_gets_113_first(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    said = texts_of(await say(widget, cid, text="Ik wil niet meer leven"))
    assert said[0] == texts.CRISIS_113 and said[-1] == texts.CRISIS_OFFER
    assert NOT_DUTCH_NL not in said


async def test_the_volunteer_button_hands_off_and_the_volunteer_reads_the_message(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    words = MESSAGES["tr"][0]
    summary = "Bewoner vraagt om een mens."
    fake_rasa.on(texts.VOLUNTEER_REQUEST, text("Ik zet je door."), handoff(summary=summary))
    async with fake_gateway(sqlite_url, fake_rasa) as (app, resident):
        cid, _ = await open_chat(resident)
        answer = await say(resident, cid, text=words)
        assert payloads(answer) == [texts.VOLUNTEER_REQUEST]
        await say(resident, cid, payload=texts.VOLUNTEER_REQUEST)
        await say(resident, cid, payload="!consent:yes")
        assert fake_rasa.messages(cid) == [texts.VOLUNTEER_REQUEST]
        page = await case_page(app, sqlite_url, cid)
    assert words in page and IN_LANGUAGE["tr"].split(".")[0] in page


async def case_page(app: FastAPI, database_url: str, cid: str) -> str:
    async with app.state.gateway.sessions() as session:
        case_id = await session.scalar(select(Case.id).where(Case.conversation_id == cid))
    username = await create_volunteer(database_url)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as console:
        await log_in(console, username)
        response = await console.get(f"/console/cases/{case_id}")
        assert response.status_code == 200
        return response.text


async def test_while_waiting_for_a_volunteer_the_message_goes_to_the_case(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.on("Kan ik een mens spreken?", text("Ik zet je door."), handoff())
    cid, _ = await open_chat(widget)
    await say(widget, cid, text="Kan ik een mens spreken?")
    answer = await say(widget, cid, text=MESSAGES["en"][0])
    assert NOT_DUTCH_NL not in texts_of(answer)
    assert fake_rasa.messages(cid) == ["Kan ik een mens spreken?"]


async def test_an_english_screenshot_is_read_as_a_pasted_message(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    lines = ("Your parcel could not be delivered.", "Pay the customs fee today.")
    image = image_files.encoded(image_files.picture(lines))
    cid, _ = await open_chat(widget)
    response = await widget.post(
        f"/api/conversations/{cid}/images", files=[("image", ("sms.png", image, "image/png"))]
    )
    assert response.status_code == 200, response.text
    [sent] = fake_rasa.messages(cid)
    assert "parcel" in sent
    assert NOT_DUTCH_NL not in texts_of(response.json())


async def test_the_check_can_be_switched_off(sqlite_url: str, fake_rasa: FakeRasa) -> None:
    async with fake_gateway(sqlite_url, fake_rasa, language_check=False) as (_, http):
        cid, _ = await open_chat(http)
        await say(http, cid, text=MESSAGES["en"][0])
    assert fake_rasa.messages(cid) == [MESSAGES["en"][0]]


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


@pytest.mark.parametrize("tag", ["en", "ar", "uk"])
async def test_telegram_gets_the_same_bubbles_and_the_volunteer_button(
    webhook: httpx.AsyncClient, telegram: FakeTelegram, fake_rasa: FakeRasa, tag: str
) -> None:
    await post(webhook, text_update(71, MESSAGES[tag][0]))
    await until(lambda: IN_LANGUAGE[tag] in telegram.texts())
    sent = telegram.texts()
    assert sent.index(NOT_DUTCH_NL) == sent.index(IN_LANGUAGE[tag]) - 1
    assert list(buttons(telegram)) == [texts.VOLUNTEER_BUTTON]
    assert fake_rasa.messages() == []

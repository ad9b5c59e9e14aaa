"""Screenshots through the widget API in front of the fake Rasa: read with Tesseract,
shown back defanged, analysed as a pasted message; every kind of bad file refused in
Dutch; the picture kept nowhere (database, disk, logs)."""

from __future__ import annotations

import logging
import os
import random
import tempfile
from pathlib import Path

import httpx
import pytest
from PIL import Image

from bot import texts
from bot.conversation.with_image import NOTHING_READ_NOTE
from bot.images import upload
from bot.tests import image_files as files
from bot.tests.conftest import fake_gateway
from bot.tests.fake_rasa import FakeRasa
from bot.tests.widget_client import error_message, history, open_chat, say

Files = list[tuple[str, tuple[str, bytes, str]]]


def as_files(*images: bytes, kind: str = "image/png") -> Files:
    return [("image", (f"scherm{i}.png", data, kind)) for i, data in enumerate(images)]


async def post(http: httpx.AsyncClient, cid: str, images: Files, **data: str) -> httpx.Response:
    return await http.post(f"/api/conversations/{cid}/images", files=images, data=data)


async def test_a_screenshot_is_read_shown_defanged_and_analysed_as_a_pasted_message(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    response = await post(widget, cid, as_files(files.sms_png()))
    assert response.status_code == 200, response.text
    answer = response.json()
    shown = answer["messages"][0]["text"]
    assert shown.startswith(texts.IMAGE_READ_INTRO)
    assert "ing-pasverlengen[.]com" in shown and "hxxps://" in shown
    assert "https://" not in shown and texts.IMAGE_LINKS_NOTE in shown
    # The assistant gets the text as a resident's pasted message, links intact.
    [sent] = fake_rasa.messages(cid)
    assert files.SMS_DOMAIN in sent and files.SMS_IBAN in sent and "betaalpas" in sent
    assert fake_rasa.received[-1]["metadata"] == {"own_words": ""}
    assert answer["resident_message"]["text"] == sent
    assert answer["messages"][1]["text"] == f"Antwoord op: {sent}"
    assert answer["degraded"] is False
    kept = [(m["role"], m["text"]) for m in await history(widget, cid)][-3:]
    assert kept == [("resident", sent), ("bot", shown), ("bot", f"Antwoord op: {sent}")]


async def test_a_dark_mode_screenshot_is_read_too(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    await say_images(widget, cid, files.sms_png(dark=True))
    [sent] = fake_rasa.messages(cid)
    assert files.SMS_DOMAIN in sent and files.SMS_IBAN in sent


async def say_images(http: httpx.AsyncClient, cid: str, *images: bytes, **data: str) -> dict:
    response = await post(http, cid, as_files(*images), **data)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_the_residents_own_words_go_first_and_a_jpeg_loses_its_location(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, sqlite_url: str
) -> None:
    cid, _ = await open_chat(widget)
    words = "Ik heb hier al op geklikt en betaald"
    await say_images(widget, cid, files.sms_jpeg_with_location(), text=words)
    [sent] = fake_rasa.messages(cid)
    assert sent.startswith(words + "\n\n") and files.SMS_DOMAIN in sent
    # The assistant reads damage from the resident's words only, not the scammer's.
    assert fake_rasa.received[-1]["metadata"] == {"own_words": words}
    database = Path(sqlite_url.removeprefix("sqlite:///")).read_bytes()
    assert b"PhoneMaker" not in database


async def test_113_comes_before_what_was_read_in_the_screenshot(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    answer = await say_images(widget, cid, files.sms_png(), text="ik wil niet meer leven")
    shown = [m["text"] for m in answer["messages"]]
    assert "113" in shown[0]
    intro = next(i for i, t in enumerate(shown) if t.startswith(texts.IMAGE_READ_INTRO))
    assert all("113" not in t for t in shown[intro:])
    kept = [m["text"] for m in await history(widget, cid) if m["role"] == "bot"]
    assert kept[-len(shown) :] == shown  # the history says it in the same order


async def test_an_animated_image_is_read_from_its_first_frame(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    response = await post(widget, cid, as_files(files.animated_gif(), kind="image/gif"))
    assert response.status_code == 200, response.text
    [sent] = fake_rasa.messages(cid)
    assert files.SMS_DOMAIN in sent and "plaatje" not in sent


async def test_several_images_are_each_read_and_get_one_answer(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    other = files.encoded(files.picture(("Uw pakket ligt klaar bij", "www.postnl-afhalen.info")))
    answer = await say_images(widget, cid, files.sms_png(), other, b"geen plaatje")
    [sent] = fake_rasa.messages(cid)  # one message, one answer
    assert files.SMS_DOMAIN in sent and "postnl-afhalen.info" in sent
    shown = answer["messages"][0]["text"]
    assert texts.IMAGE_NOT_READ_ONE.format(number=3, reason=texts.NOT_AN_IMAGE) in shown
    assert len(answer["messages"]) == 2


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"x" * (upload.MAX_BYTES + 1), 413, texts.IMAGE_TOO_LARGE),
        (files.bomb_png(), 413, texts.IMAGE_TOO_MANY_PIXELS),
        (b"Dit is gewoon tekst, geen plaatje.", 415, texts.NOT_AN_IMAGE),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", 415, texts.IMAGE_HEIC),
        (files.corrupt_png(), 400, texts.IMAGE_BROKEN),
        (b"", 400, texts.IMAGE_BROKEN),
    ],
    ids=["over-10-mb", "decompression-bomb", "text-file", "heic", "corrupt", "empty"],
)
async def test_a_bad_file_gets_a_dutch_reason_and_the_gateway_goes_on(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, data: bytes, status: int, message: str
) -> None:
    cid, _ = await open_chat(widget)
    response = await post(widget, cid, as_files(data))
    assert response.status_code == status, response.text
    assert error_message(response) == message
    assert fake_rasa.messages(cid) == []
    await say(widget, cid, text="Ik kreeg een rare sms")  # still answering


async def test_a_form_without_an_image_or_with_too_many_is_refused_in_dutch(
    widget: httpx.AsyncClient,
) -> None:
    cid, _ = await open_chat(widget)
    none = await widget.post(f"/api/conversations/{cid}/images", data={"text": "hoi"})
    assert none.status_code == 400 and error_message(none) == texts.NO_IMAGE
    as_json = await widget.post(f"/api/conversations/{cid}/images", json={"image": "abc"})
    assert as_json.status_code == 400 and error_message(as_json) == texts.NO_IMAGE
    many = await post(widget, cid, as_files(*[files.blank_png()] * (upload.MAX_IMAGES + 1)))
    assert many.status_code == 413
    assert error_message(many) == texts.TOO_MANY_IMAGES.format(limit=upload.MAX_IMAGES)
    unknown = await post(widget, "geen-gesprek", as_files(files.sms_png()))
    assert unknown.status_code == 404 and error_message(unknown) == texts.UNKNOWN_CONVERSATION


async def test_an_image_without_readable_text_asks_to_type_it_and_offers_a_volunteer(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    answer = await say_images(widget, cid, files.blank_png())
    assert [m["text"] for m in answer["messages"]] == [texts.IMAGE_NOTHING_READ]
    assert [b["title"] for m in answer["messages"] for b in m["buttons"]] == [
        texts.VOLUNTEER_BUTTON
    ]
    assert answer["resident_message"]["text"] == NOTHING_READ_NOTE
    assert fake_rasa.messages(cid) == []
    kept = [(m["role"], m["text"]) for m in await history(widget, cid)][-2:]
    assert kept == [("resident", NOTHING_READ_NOTE), ("bot", texts.IMAGE_NOTHING_READ)]


async def test_a_large_image_is_kept_neither_on_disk_nor_in_the_database_nor_in_logs(
    sqlite_url: str,
    fake_rasa: FakeRasa,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Over Starlette's 1 MB spool limit: its own form parser would write it to disk.
    noise = Image.frombytes("L", (1400, 1400), random.Random(1).randbytes(1400 * 1400))
    big = files.encoded(noise)
    assert len(big) > 1024 * 1024
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    # The gateway's own logs at every level; the libraries' at the level they run at
    # (aiosqlite's DEBUG lines echo SQL parameters, which no deployment turns on).
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    async with fake_gateway(sqlite_url, fake_rasa) as (_, widget):
        cid, _ = await open_chat(widget)
        await say_images(widget, cid, files.sms_png(), big)
    assert os.listdir(spool) == []
    database = Path(sqlite_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    png = files.sms_png()
    assert png[100:164] not in stored and big[5000:5064] not in stored
    assert files.SMS_DOMAIN.encode() in stored  # the read text is kept
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ing-pasverlengen" not in logged and "betaalpas" not in logged


async def test_a_slow_image_stops_at_the_time_limit_and_others_are_answered(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa, image_timeout_seconds=0.01) as (_, widget):
        cid, _ = await open_chat(widget)
        response = await post(widget, cid, as_files(files.sms_png()))
        assert response.status_code == 422 and error_message(response) == texts.IMAGE_TOO_SLOW
        await say(widget, cid, text="Ik kreeg een rare sms")

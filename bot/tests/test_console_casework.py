"""The team's side of a case over HTTP in front of the fake Rasa (no model): internal
notes (never to the resident, in the widget or Telegram; erased with the case content),
corrections of the assistant's reading (audited, counted in the figures) and their
export as labelled examples (masked, consent only)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.campaigns.figures import weekly_counts
from bot.helpdesk.retention import run_retention
from bot.models import Case, CaseNote
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, console_client, move_back
from bot.tests.fake_rasa import FakeRasa
from bot.tests.fake_telegram import FakeTelegram, FakeTelegramServer, callback_update, text_update
from bot.tests.reply_helpers import ASK_HUMAN, actions, fake_handoff, volunteer, waiting_case
from bot.tests.test_telegram_fake_rasa import SECRET, post, until
from bot.tests.widget_client import history, marker

IBAN = "NL91ABNA0417164300"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_handoff(fake_rasa)
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


@pytest.fixture
async def resident(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as http:
        yield http


async def note_count(app: FastAPI) -> int:
    async with app.state.gateway.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(CaseNote)) or 0)


async def test_notes_are_for_the_team_masked_and_never_for_the_resident(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    cid, case_id = await waiting_case(app, resident)
    secret = f"Belt morgen terug {marker()} rekening {IBAN}"
    async with volunteer(app, "anna") as anna, volunteer(app, "chris", "coordinator") as chris:
        notes = f"/console/cases/{case_id}/notes"
        # Open case: a volunteer who does not hold it reads, but does not write.
        await anna.http.post(notes, data={"csrf": anna.csrf, "note": "zomaar"})
        assert "Alleen wie de zaak heeft" in await anna.page(case_id)
        await chris.http.post(notes, data={"csrf": chris.csrf, "note": "Coördinator kijkt mee"})
        await anna.claim(case_id)
        empty = await anna.http.post(notes, data={"csrf": anna.csrf, "note": "  "})
        assert empty.headers["location"] == f"/console/cases/{case_id}#notities"
        assert "Je notitie is leeg." in await anna.page(case_id)
        await anna.http.post(notes, data={"csrf": anna.csrf, "note": "x" * 2001})
        assert "te lang" in await anna.page(case_id)
        await anna.http.post(notes, data={"csrf": anna.csrf, "note": secret})
        page = await anna.page(case_id)
        assert "Notities voor het team" in page and "Coördinator kijkt mee" in page
        assert "NL91 **** 00" in page and IBAN not in page
        await anna.send_json(case_id, text="Ik help je verder.")
    said = [m["text"] for m in await history(resident, cid)]
    assert "Ik help je verder." in said
    assert not any(secret.split()[3] in t or "Coördinator kijkt mee" in t for t in said)
    assert [a for a, c, _ in await actions(app) if a == "note" and c == case_id] == ["note"] * 2


async def test_retention_erases_the_notes_with_the_case_content(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    old, old_case = await waiting_case(app, resident)
    _, new_case = await waiting_case(app, resident)
    async with volunteer(app, "anna") as anna:
        for case_id in (old_case, new_case):
            await anna.claim(case_id)
            await anna.http.post(
                f"/console/cases/{case_id}/notes", data={"csrf": anna.csrf, "note": "Notitie"}
            )
            await anna.http.post(
                f"/console/cases/{case_id}/draft",
                data={"text": "Concept"},
                headers={"X-CSRF-Token": anna.csrf},
            )
    assert await note_count(app) == 2
    await move_back(app, old, days=400)
    await run_retention(app.state.gateway)
    async with app.state.gateway.sessions() as session:
        left = await session.execute(select(CaseNote.case_id))
        assert list(left.scalars()) == [new_case]
        case = await session.get(Case, old_case)
        assert case is not None and case.content_erased_at is not None


async def test_a_correction_keeps_the_assistants_reading_and_feeds_the_figures(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    _, case_id = await waiting_case(app, resident)
    correct = f"/console/cases/{case_id}/correct"
    async with volunteer(app, "anna") as anna, volunteer(app, "bram") as bram:
        form = {"scam_type": "bank_helpdesk_fraud", "urgency": "dringend"}
        # Not the holder (and not a coordinator): refused, nothing changed.
        await bram.http.post(correct, data={"csrf": bram.csrf, **form})
        await anna.claim(case_id)
        await anna.http.post(correct, data={"csrf": anna.csrf, "scam_type": "zomaar"})
        assert "Kies een soort oplichting" in await anna.page(case_id)
        await anna.http.post(correct, data={"csrf": anna.csrf, **form})
        page = await anna.page(case_id)
        assert "Bankhelpdeskfraude" in page and "De assistent dacht: Phishingbericht" in page
        again = {"scam_type": "friend_in_need", "urgency": "dringend"}
        await anna.http.post(correct, data={"csrf": anna.csrf, **again})
    async with app.state.gateway.sessions() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        assert (case.scam_type, case.urgent) == ("friend_in_need", True)
        # The assistant's own reading, kept from before the first correction.
        assert (case.assistant_scam_type, case.assistant_urgent) == ("phishing_message", False)
        assert case.corrected_at is not None
        handoffs = {
            r.scam_type: r.count for r in await weekly_counts(session) if r.metric == "handoffs"
        }
    assert handoffs == {"friend_in_need": 1}
    done = [(a, d) for a, c, d in await actions(app) if a.startswith("correct_")]
    assert done == [
        ("correct_scam_type", "phishing_message → bank_helpdesk_fraud"),
        ("correct_urgency", "gewoon → dringend"),
        ("correct_scam_type", "bank_helpdesk_fraud → friend_in_need"),
    ]


async def test_the_export_has_masked_corrected_cases_with_consent_only(
    app: FastAPI, resident: httpx.AsyncClient
) -> None:
    story = f"Ze vroegen mijn rekening {IBAN} en belden van 0612345678"
    _, agreed = await waiting_case(app, resident, consent=True, first=story)
    _, refused = await waiting_case(app, resident, consent=False, first="Geheim verhaal")
    _, untouched = await waiting_case(app, resident, consent=True, first="Niet aangepast")
    async with volunteer(app, "chris", "coordinator") as chris, volunteer(app, "anna") as anna:
        for case_id in (agreed, refused):
            await chris.http.post(
                f"/console/cases/{case_id}/correct",
                data={
                    "csrf": chris.csrf,
                    "scam_type": "bank_helpdesk_fraud",
                    "urgency": "dringend",
                },
            )
        assert (await anna.http.get("/console/corrections.csv")).status_code == 403
        exported = await chris.http.get("/console/corrections.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["text", "scam_type", "urgent", "assistant_scam_type", "assistant_urgent"]
    assert len(rows) == 2, rows
    text, scam_type, urgent, before, before_urgent = rows[1]
    assert IBAN not in text and "0612345678" not in text and "NL91 **** 00" in text
    assert ASK_HUMAN in text and "Geheim verhaal" not in exported.text
    assert "Niet aangepast" not in exported.text
    assert (scam_type, urgent, before, before_urgent) == (
        "bank_helpdesk_fraud",
        "true",
        "phishing_message",
        "false",
    )
    assert [d for a, _, d in await actions(app) if a == "export_examples"] == ["1 voorbeelden"]
    del untouched


# --- Telegram -----------------------------------------------------------------------------------
@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegramServer() as state:
        yield state


async def test_a_note_never_reaches_the_resident_on_telegram(
    sqlite_url: str, fake_rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    fake_handoff(fake_rasa)
    async with fake_gateway(
        sqlite_url,
        fake_rasa,
        telegram_token="123456:TEST",
        telegram_base_url=f"{telegram.url}/bot",
        telegram_webhook_url="https://gateway.example/telegram/webhook",
        telegram_webhook_secret=SECRET,
    ) as (app, webhook):
        await post(webhook, text_update(4242, ASK_HUMAN))
        await until(lambda: any("meelezen" in t.lower() for t in telegram.texts()))
        await post(webhook, callback_update(4242, "!consent:yes"))
        async with app.state.gateway.sessions() as session:
            case_id = await session.scalar(select(Case.id))
        assert case_id is not None
        secret = f"Alleen voor het team {marker()}"
        async with volunteer(app, "anna") as anna:
            await anna.claim(case_id)
            await anna.http.post(
                f"/console/cases/{case_id}/notes", data={"csrf": anna.csrf, "note": secret}
            )
            assert secret in await anna.page(case_id)
            await anna.send_json(case_id, text="Hallo via Telegram.")
        await until(lambda: "Hallo via Telegram." in telegram.texts())
        assert not any(secret in t for t in telegram.texts())
        assert (await webhook.get("/console", headers=HTML)).status_code == 303

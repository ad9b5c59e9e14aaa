"""Aangifte voorbereiden through the widget API, in front of the fake Rasa (which sends the
report form's draft beside its questions, as the action server does), on SQLite and
PostgreSQL: the draft is kept as it grows, served as text and as a PDF, marked under the
turn that finished it, ignored when it cannot be read, never logged, and gone with the
conversation (erasure, 'verwijder mijn gegevens', retention) while its counts stay."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI

from bot import texts
from bot.campaigns.figures import weekly_counts
from bot.helpdesk.retention import run_retention
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import move_back
from bot.tests.fake_rasa import FakeRasa, report_draft, text
from bot.tests.report_helpers import (
    FACTS,
    FINISHED_TEXT,
    QUESTIONS,
    SCAM,
    pdf_text,
    plain,
    script_form,
)
from bot.tests.widget_client import error_message, history, open_chat, say
from bot.tests.widget_client import texts as shown
from common.report_draft import LABELS, ReportDraft, render_text


def draft_url(cid: str, pdf: bool = False) -> str:
    return f"/api/conversations/{cid}/report-draft" + (".pdf" if pdf else "")


async def fill_in(http: httpx.AsyncClient, fake: FakeRasa, upto: int | None = None) -> str:
    """A conversation that answered the form's questions (all of them, or `upto`)."""
    said = script_form(fake)
    cid, _ = await open_chat(http, campaign="demo")
    for words in said[: None if upto is None else upto + 1]:
        await say(http, cid, text=words)
    return cid


async def draft_counts(app: FastAPI) -> dict[tuple[str, str], int]:
    async with app.state.gateway.sessions() as session:
        rows = await weekly_counts(session)
    found: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.metric.startswith("drafts_"):
            key = (row.scam_type, row.metric)
            found[key] = found.get(key, 0) + row.count
    return found


async def test_the_draft_grows_then_is_served_as_text_and_pdf(
    database_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(database_url, fake_rasa) as (app, http):
        said = script_form(fake_rasa)
        cid, _ = await open_chat(http)
        first = await say(http, cid, text=said[0])
        assert shown(first) == [QUESTIONS[0]]
        assert [m["report_draft"] for m in first["messages"]] == [False]
        # Started: an empty draft is kept (and can be read) before any answer.
        started = await http.get(draft_url(cid))
        assert started.status_code == 200
        assert started.text == render_text(ReportDraft(SCAM, False, {}))

        await say(http, cid, text=said[1])
        await say(http, cid, text=said[2])
        growing = await http.get(draft_url(cid))
        assert LABELS["when"] in growing.text and FACTS["when"] in growing.text
        assert FACTS["amount"] not in growing.text
        for words in said[3:-1]:
            answer = await say(http, cid, text=words)
            assert not any(m["report_draft"] for m in answer["messages"])
        last = await say(http, cid, text=said[-1])
        # The turn that finished the draft: its last bubble (the draft's text) is marked.
        assert shown(last) == ["Dit is je concept.", FINISHED_TEXT]
        assert [m["report_draft"] for m in last["messages"]] == [False, True]
        marked = [m for m in await history(http, cid) if m["report_draft"]]
        assert [m["text"] for m in marked] == [FINISHED_TEXT]

        response = await http.get(draft_url(cid))
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert response.headers["cache-control"] == "no-store"
        assert response.text == FINISHED_TEXT

        document = await http.get(draft_url(cid, pdf=True))
        assert document.status_code == 200
        assert document.headers["content-type"] == "application/pdf"
        assert (
            document.headers["content-disposition"] == 'attachment; filename="concept-aangifte.pdf"'
        )
        words = pdf_text(document.content)
        assert words.startswith("Concept voor je aangifte")
        for name, answer in FACTS.items():
            assert plain(LABELS[name]) in words and plain(answer) in words, name
        for needed in ("NL91ABNA0417164300", "€ 1.250,00", "3 maart 2026", "‘de bank’", "Vriës"):
            assert needed in words
        # The closing lines: money gone, where to file, what to keep.
        for line in (
            "Is er geld weg? Bel dan eerst je eigen bank.",
            "Waar doe je aangifte?",
            "Bewaar alle berichten en schermafbeeldingen. Gooi niets weg.",
            "Geef nooit je codes, pincode of wachtwoord aan een ander.",
        ):
            assert line in words
        assert await draft_counts(app) == {
            (SCAM, "drafts_started"): 1,
            (SCAM, "drafts_finished"): 1,
        }


async def test_no_draft_and_unknown_conversations_get_the_dutch_envelope(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    cid, _ = await open_chat(widget)
    for url in (draft_url(cid), draft_url(cid, pdf=True)):
        response = await widget.get(url)
        assert response.status_code == 404
        assert response.json()["error"] == {
            "code": "no_report_draft",
            "message": texts.REPORT_DRAFT_NONE,
        }
    unknown_messages = await widget.get("/api/conversations/nope/messages")
    for url in (draft_url("nope"), draft_url("nope", pdf=True)):
        response = await widget.get(url)
        assert (response.status_code, response.json()) == (404, unknown_messages.json())


@pytest.mark.parametrize(
    "payload",
    [
        {"version": 2, "scam_type": SCAM, "finished": True, "facts": {"what": "x"}},
        {"version": 1, "scam_type": SCAM, "finished": True, "facts": ["what", "x"]},
        {"version": 1, "scam_type": SCAM, "finished": "ja", "facts": {}},
        {"version": 1, "scam_type": SCAM, "finished": True, "facts": {"amount": 1250}},
        "report",
    ],
    ids=["newer", "facts-a-list", "finished-a-word", "fact-a-number", "not-an-object"],
)
async def test_an_unreadable_draft_is_logged_and_ignored_and_the_resident_is_answered(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture, payload
) -> None:
    good = report_draft(SCAM, what=FACTS["what"])
    fake_rasa.on("eerst", text("Wanneer gebeurde het?"), good)
    fake_rasa.on("dan", text("Dank je. Wat heb je betaald?"), {"custom": {"report_draft": payload}})
    cid, _ = await open_chat(widget)
    await say(widget, cid, text="eerst")
    with caplog.at_level(logging.WARNING, logger="bot.replies"):
        answer = await say(widget, cid, text="dan")
    assert shown(answer) == ["Dank je. Wat heb je betaald?"]
    assert not any(m["report_draft"] for m in answer["messages"])
    ignored = [r.getMessage() for r in caplog.records if r.name == "bot.replies"]
    assert len(ignored) == 1 and ignored[0].startswith(
        "Ignored the assistant's payload: report_draft"
    )
    # The draft from before stays as it was.
    kept = await widget.get(draft_url(cid))
    assert kept.text == render_text(ReportDraft(SCAM, False, {"what": FACTS["what"]}))


async def test_an_unknown_fact_from_a_newer_assistant_is_left_out(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa
) -> None:
    payload = {"version": 1, "scam_type": SCAM, "finished": False, "facts": {"what": "Een sms."}}
    payload["facts"]["shoe_size"] = "43"  # type: ignore[index]
    fake_rasa.on("hallo", text("Wanneer?"), {"custom": {"report_draft": payload}})
    cid, _ = await open_chat(widget)
    await say(widget, cid, text="hallo")
    assert (await widget.get(draft_url(cid))).text == render_text(
        ReportDraft(SCAM, False, {"what": "Een sms."})
    )


async def test_the_logs_never_carry_a_fact(
    widget: httpx.AsyncClient, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture
) -> None:
    # Every library at INFO (the database drivers echo SQL at DEBUG), the gateway at DEBUG.
    with caplog.at_level(logging.INFO), caplog.at_level(logging.DEBUG, logger="bot"):
        cid = await fill_in(widget, fake_rasa)
        await widget.get(draft_url(cid))
        await widget.get(draft_url(cid, pdf=True))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "report draft kept: 7 facts, finished=True" in logged
    for secret in ("NL91ABNA0417164300", "1.250", "Vriës", "rekening in gevaar"):
        assert secret not in logged


async def test_a_new_report_after_a_finished_one_counts_as_a_new_start(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    async with fake_gateway(sqlite_url, fake_rasa) as (app, http):
        cid = await fill_in(http, fake_rasa)
        # The same report corrected (every fact still there): not a new start.
        fake_rasa.on("wijzig", text("Wat is het bedrag?"), report_draft(SCAM, **FACTS))
        await say(http, cid, text="wijzig")
        fake_rasa.on("nog een", text("Wat is er gebeurd?"), report_draft("phishing_message"))
        await say(http, cid, text="nog een")
        assert (await http.get(draft_url(cid))).text == render_text(
            ReportDraft("phishing_message", False, {})
        )
        counted = await draft_counts(app)
    assert counted == {
        (SCAM, "drafts_started"): 1,
        (SCAM, "drafts_finished"): 1,
        ("phishing_message", "drafts_started"): 1,
    }


@pytest.mark.parametrize("how", ["widget_erase", "in_words", "retention"])
async def test_erasure_and_retention_take_the_draft_and_keep_the_counts(
    database_url: str, fake_rasa: FakeRasa, how: str
) -> None:
    async with fake_gateway(database_url, fake_rasa) as (app, http):
        cid = await fill_in(http, fake_rasa)
        half = await fill_in(http, fake_rasa, upto=3)  # started, not finished
        before = await draft_counts(app)
        assert before == {(SCAM, "drafts_started"): 2, (SCAM, "drafts_finished"): 1}
        if how == "widget_erase":
            assert (await http.delete(f"/api/conversations/{cid}")).status_code == 204
            code = "unknown_conversation"
        elif how == "in_words":
            asked = await say(http, cid, text="verwijder mijn gegevens")
            assert shown(asked) == [texts.ERASE_QUESTION]
            assert (await say(http, cid, payload="!erase:yes"))["erased"] is True
            code = "no_report_draft"  # the conversation stays, empty
        else:
            await move_back(app, cid, days=40)
            result = await run_retention(app.state.gateway)
            assert result.conversations == 1
            code = "unknown_conversation"
        for url in (draft_url(cid), draft_url(cid, pdf=True)):
            gone = await http.get(url)
            assert gone.status_code == 404 and gone.json()["error"]["code"] == code
        if code == "no_report_draft":
            assert error_message(gone) == texts.REPORT_DRAFT_NONE
        # The other conversation keeps its draft, and the figures count both as before.
        assert (await http.get(draft_url(half))).status_code == 200
        assert await draft_counts(app) == before


async def test_a_draft_finished_in_a_later_answer_is_marked_on_the_event_stream(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    """Rasa away at the last answer: the resident gets the essential advice, and the
    answer given later (recovery.py) reaches the open widget with the mark."""
    async with fake_gateway(sqlite_url, fake_rasa) as (app, http):
        said = script_form(fake_rasa)
        cid, _ = await open_chat(http)
        for words in said[:-1]:
            await say(http, cid, text=words)
        fake_rasa.down = True
        assert (await say(http, cid, text=said[-1]))["degraded"] is True
        fake_rasa.down = False
        gateway = app.state.gateway
        stream = gateway.hub.subscribe(cid)
        try:
            assert await gateway.answer_all_pending() == 1
            events = [stream.get_nowait() for _ in range(stream.qsize())]
        finally:
            gateway.hub.unsubscribe(cid, stream)
        assert [(e["text"], e["report_draft"]) for e in events] == [
            ("Dit is je concept.", False),
            (FINISHED_TEXT, True),
        ]
        assert (await http.get(draft_url(cid))).text == FINISHED_TEXT

"""Report drafts in the anonymous figures, in front of the fake Rasa, on SQLite and
PostgreSQL: started and finished per week and scam type on the figures page and in the
CSV, under 5 as '< 5', and the same after the conversations were erased, emptied ('verwijder
mijn gegevens') or deleted by the retention job (folded into the aggregates first)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from bot.campaigns.weeks import iso_week
from bot.helpdesk.retention import run_retention
from bot.models import utcnow
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login, move_back
from bot.tests.fake_rasa import FakeRasa, report_draft, text
from bot.tests.test_campaigns_figures_page import cells
from bot.tests.widget_client import open_chat, say

CAPTION = "Aangifte voorbereiden: per week en soort oplichting"
BANK, PHISHING = "Bankhelpdeskfraude", "Phishingbericht"


@pytest.fixture
async def gateway(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    # One turn starts a draft, the next finishes it (the form, shortened).
    fake_rasa.on("bank", text("Wat is er gebeurd?"), report_draft("bank_helpdesk_fraud"))
    fake_rasa.on(
        "klaar",
        text("Dit is je concept."),
        report_draft("bank_helpdesk_fraud", finished=True, what="Een beller van de bank."),
    )
    fake_rasa.on("sms", text("Wat is er gebeurd?"), report_draft("phishing_message"))
    async with fake_gateway(database_url, fake_rasa) as (app, _):
        await add_user(app, "cijfers", "campaign")
        yield app


async def drafts(http: httpx.AsyncClient, *turns: str) -> str:
    cid, _ = await open_chat(http, campaign="demo")
    for words in turns:
        await say(http, cid, text=words)
    return cid


async def figures(app: FastAPI) -> tuple[dict[str, str], dict[str, str], list[list[str]]]:
    """The draft table's rows for both scam types, and the CSV's draft lines."""
    async with console_client(app) as team:
        assert (await login(team, "cijfers")).status_code == 303
        page = (await team.get("/console/figures", headers=HTML)).text
        export = (await team.get("/console/figures.csv")).text
    assert CAPTION in page
    table = page[page.index(CAPTION) :]
    lines = [
        row
        for row in csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";")
        if row[7].startswith("Aangifte voorbereid")
    ]
    return cells(table, BANK), cells(table, PHISHING), lines


async def test_started_and_finished_per_scam_type_survive_every_deletion(
    gateway: FastAPI,
) -> None:
    async with console_client(gateway) as http:
        finished = [await drafts(http, "bank", "klaar") for _ in range(6)]
        await drafts(http, "bank")  # started, never finished
        phishing = [await drafts(http, "sms") for _ in range(2)]
    week = iso_week(utcnow())
    bank, sms, lines = await figures(gateway)
    assert bank == {"Week": week, "Soort oplichting": BANK, "Begonnen": "7", "Af": "6"}
    assert sms == {"Week": week, "Soort oplichting": PHISHING, "Begonnen": "&lt; 5", "Af": "0"}
    assert sorted((row[6], row[7], row[8]) for row in lines) == [
        (BANK, "Aangifte voorbereid: af", "6"),
        (BANK, "Aangifte voorbereid: begonnen", "7"),
        (PHISHING, "Aangifte voorbereid: begonnen", "< 5"),
    ]
    async with console_client(gateway) as http:
        for cid in finished[:2]:  # the widget's 'Verwijder dit gesprek'
            assert (await http.delete(f"/api/conversations/{cid}")).status_code == 204
        await say(http, finished[2], text="verwijder mijn gegevens")
        assert (await say(http, finished[2], payload="!erase:yes"))["erased"]
    for cid in (finished[3], phishing[0]):
        await move_back(gateway, cid, days=40)
    result = await run_retention(gateway.state.gateway)
    assert result.conversations == 2
    assert await figures(gateway) == (bank, sms, lines)

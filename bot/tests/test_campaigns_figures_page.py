"""The figures page and the CSV export in front of the fake Rasa (no model): six page
opens without typing are six visits and no conversations; campaigns by name and
municipality; waiting times per week for coordinators and campaign teams alike, never
for volunteers, with the threshold of 5."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.campaigns.models import Campaign
from bot.models import Case, utcnow
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login
from bot.tests.fake_rasa import FakeRasa, text
from bot.tests.widget_client import open_chat, say

NAME = "Laat je niet interneppen, Utrecht (flyer-utr)"


@pytest.fixture
async def gateway(sqlite_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    fake_rasa.on("hallo", text("Vertel wat er gebeurde."))
    async with fake_gateway(sqlite_url, fake_rasa) as (app, _):
        async with app.state.gateway.sessions() as session:
            session.add(
                Campaign(
                    code="flyer-utr",
                    name="Laat je niet interneppen",
                    municipality="Utrecht",
                    target_group="ouderen",
                    created_by="chris",
                )
            )
            await session.commit()
        yield app


def cells(html: str, label: str) -> dict[str, str]:
    """The first table row holding a cell with this text, as {column: cell}."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        found = re.findall(r'<td data-label="([^"]*)">(.*?)</td>', row, re.S)
        if any(value.strip() == label for _, value in found):
            return {column: value.strip() for column, value in found}
    raise AssertionError(f"no row for {label}")


async def test_page_opens_are_visits_and_campaigns_have_their_names(gateway: FastAPI) -> None:
    await add_user(gateway, "team", "campaign")
    async with console_client(gateway) as resident:
        opened = [(await open_chat(resident, campaign="flyer-utr"))[0] for _ in range(6)]
        await say(resident, opened[0], text="hallo")
    async with console_client(gateway) as team:
        await login(team, "team")
        page = await team.get("/console/figures", headers=HTML)
        export = await team.get("/console/figures.csv")
    assert page.status_code == 200
    row = cells(page.text, NAME)
    assert row["Bezoeken"] == "6" and row["Gesprekken"] == "&lt; 5"
    assert row["Campagne"] == NAME and row["Doelgroep"] == "Ouderen"
    assert f'<option value="flyer-utr" >{NAME}</option>' in page.text
    # Every cell of every table is labelled, for the card layout on a phone.
    assert "<td>" not in page.text and "<td " in page.text
    lines = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0][1:4] == ["Campagne", "Gemeente", "Campagnecode"]
    counted = {(line[1], line[2], line[3], line[7]): line[8] for line in lines[1:]}
    assert counted[("Laat je niet interneppen", "Utrecht", "flyer-utr", "Bezoeken")] == "6"
    assert counted[("Laat je niet interneppen", "Utrecht", "flyer-utr", "Gesprekken")] == "< 5"


async def add_cases(app: FastAPI, replies: list[int], campaign: str | None) -> None:
    async with app.state.gateway.sessions() as session:
        opened = utcnow() - timedelta(hours=2)
        for minutes in replies:
            session.add(
                Case(
                    channel="widget",
                    campaign=campaign,
                    created_at=opened,
                    first_reply_at=opened + timedelta(minutes=minutes),
                    status="claimed",
                )
            )
        await session.commit()


@pytest.mark.parametrize("role", ["coordinator", "campaign"])
async def test_waiting_times_for_the_figures_roles(gateway: FastAPI, role: str) -> None:
    await add_user(gateway, "someone", role)
    await add_user(gateway, "anna", "volunteer")
    await add_cases(gateway, [8, 10, 12, 14, 16, 18], campaign="flyer-utr")
    await add_cases(gateway, [30, 40], campaign=None)
    async with console_client(gateway) as user, console_client(gateway) as volunteer:
        await login(user, "someone")
        everything = (await user.get("/console/figures", headers=HTML)).text
        one = (await user.get("/console/figures?campagne=flyer-utr", headers=HTML)).text
        none = (await user.get("/console/figures?campagne=onbekend", headers=HTML)).text
        await login(volunteer, "anna")
        refused = await volunteer.get("/console/figures", headers=HTML)
    assert "Eerste antwoord van een vrijwilliger: mediaan 15 minuten (8 zaken)." in everything
    assert "Eerste antwoord van een vrijwilliger: mediaan 13 minuten (6 zaken)." in one
    assert "Eerste antwoord van een vrijwilliger: nog geen." in none
    assert "Afgesloten door een vrijwilliger: nog geen." in one
    week = cells(one, "mediaan 13 minuten (6 zaken)")
    assert week["Nieuwe zaken"] == "6"
    assert refused.status_code == 403 and "mediaan" not in refused.text


async def test_a_week_with_few_cases_shows_no_time(gateway: FastAPI) -> None:
    await add_user(gateway, "chris", "coordinator")
    await add_cases(gateway, [5, 7, 9, 11], campaign="flyer-utr")
    async with console_client(gateway) as coordinator:
        await login(coordinator, "chris")
        page = (await coordinator.get("/console/figures", headers=HTML)).text
    assert "Eerste antwoord van een vrijwilliger: te weinig zaken." in page
    week = cells(page, "te weinig zaken")
    assert week["Nieuwe zaken"] == "&lt; 5" and "minuten" not in page.split("Hoe snel")[1]


async def test_an_archived_campaign_keeps_its_name_in_the_figures(gateway: FastAPI) -> None:
    await add_user(gateway, "chris", "coordinator")
    async with console_client(gateway) as resident:
        for _ in range(5):
            cid, _ = await open_chat(resident, campaign="flyer-utr")
            await say(resident, cid, text="hallo")
    async with gateway.state.gateway.sessions() as session:
        campaign = await session.scalar(select(Campaign).where(Campaign.code == "flyer-utr"))
        assert campaign is not None
        campaign.archived_at = utcnow()
        await session.commit()
    async with console_client(gateway) as coordinator:
        await login(coordinator, "chris")
        page = (await coordinator.get("/console/figures", headers=HTML)).text
    row = cells(page, NAME)
    assert row["Gesprekken"] == "5" and row["Bezoeken"] == "5"
    assert f"{NAME} (gearchiveerd)</option>" in page


async def test_figures_page_without_data(gateway: FastAPI) -> None:
    await add_user(gateway, "chris", "coordinator")
    async with console_client(gateway) as coordinator:
        await login(coordinator, "chris")
        response = await coordinator.get("/console/figures", headers=HTML)
    assert response.status_code == 200
    assert "<strong>Per week en per campagne</strong>: nog geen gegevens." in response.text
    assert "<table" not in response.text
    assert "Eerste antwoord van een vrijwilliger: nog geen." in response.text

"""Campaigns and figures through the gateway, against a real Rasa, on SQLite and PostgreSQL:
creating a campaign in the console, its links and QR codes, the welcome per target group,
'heeft dit geholpen?', the threshold of 5, the roles, and figures after the retention job."""

from __future__ import annotations

import csv
import io
import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot import texts
from bot.campaigns.figures import weekly_counts
from bot.helpdesk.retention import run_retention
from bot.models import Conversation
from bot.tests.console_helpers import (
    HTML,
    add_user,
    console_client,
    login,
    move_back,
    page_csrf,
    say,
    start,
    texts_of,
)

INVOICE = "Onze leverancier mailde dat hun rekeningnummer is veranderd"


async def create_campaign(
    client: httpx.AsyncClient, name: str, group: str, code: str = ""
) -> httpx.Response:
    csrf = await page_csrf(client, "/console/campaigns")
    return await client.post(
        "/console/campaigns",
        data={"csrf": csrf, "name": name, "code": code, "target_group": group},
    )


def row_of(html: str, label: str) -> dict[str, str]:
    """The first dashboard row with a cell of this text, as {column: cell}."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        found = re.findall(r'<td data-label="([^"]*)">(.*?)</td>', row, re.S)
        cells = {column: re.sub(r"<[^>]+>", "", cell).strip() for column, cell in found}
        if label in cells.values():
            return cells
    raise AssertionError(f"no row for {label}")


async def test_a_campaign_gets_links_and_qr_codes(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "anna", "volunteer")
    async with console_client(app) as coordinator, console_client(app) as volunteer:
        await login(coordinator, "chris")
        created = await create_campaign(coordinator, "Ouderen in de bibliotheek", "ouderen")
        assert created.headers["location"] == "/console/campaigns"  # no text in the URL
        page = (await coordinator.get("/console/campaigns", headers=HTML)).text
        assert 'role="status">Campagne ouderen-in-de-bibliotheek is gemaakt.' in page
        # Shown once: the next visit has no notice.
        again = (await coordinator.get("/console/campaigns", headers=HTML)).text
        assert "is gemaakt." not in again
        assert "http://127.0.0.1:8000/c/ouderen-in-de-bibliotheek" in page
        # Both ways to put the widget on the municipality's own site, ready to copy.
        own = (
            await coordinator.get("/console/campaigns/ouderen-in-de-bibliotheek", headers=HTML)
        ).text
        script = '&lt;script src="http://127.0.0.1:8000/widget/widget.js" '
        assert f'{script}data-campaign="ouderen-in-de-bibliotheek" defer&gt;' in own
        assert (
            f'{script}data-campaign="ouderen-in-de-bibliotheek" data-mode="launcher" defer&gt;'
            in own
        )
        bad = await create_campaign(coordinator, "Fout", "ouderen", code="met spatie!")
        assert 'role="alert"' in (await coordinator.get(bad.headers["location"])).text
        twice = await create_campaign(
            coordinator, "Nog eens", "ouderen", code="ouderen-in-de-bibliotheek"
        )
        assert "bestaat al" in (await coordinator.get(twice.headers["location"])).text

        svg = await coordinator.get("/console/campaigns/ouderen-in-de-bibliotheek/qr/web.svg")
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg")
        assert b"<svg" in svg.content
        png = await coordinator.get("/console/campaigns/ouderen-in-de-bibliotheek/qr/web.png")
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert "attachment" in png.headers["content-disposition"]
        # No bot user name configured and no Telegram: the page says so, no broken link.
        assert "Telegram: nog niet ingesteld" in page

        # The campaign's own page: QR previews, and the target group can change (the
        # code cannot: it is printed on posters).
        detail = await coordinator.get("/console/campaigns/ouderen-in-de-bibliotheek", headers=HTML)
        assert 'src="/console/campaigns/ouderen-in-de-bibliotheek/qr/web.svg?bekijk"' in detail.text
        # PUBLIC_URL is this machine's loopback address here: the page warns before print.
        assert "Zet PUBLIC_URL op het echte adres" in detail.text
        shown = await coordinator.get(
            "/console/campaigns/ouderen-in-de-bibliotheek/qr/web.svg?bekijk"
        )
        assert shown.headers["content-disposition"].startswith("inline")
        csrf = await page_csrf(coordinator, "/console/campaigns/ouderen-in-de-bibliotheek")
        changed = await coordinator.post(
            "/console/campaigns/ouderen-in-de-bibliotheek",
            data={
                "csrf": csrf,
                "name": "Ondernemers in de bibliotheek",
                "target_group": "ondernemers",
            },
        )
        changed_page = (await coordinator.get(changed.headers["location"], headers=HTML)).text
        assert 'role="status">Opgeslagen.' in changed_page
        async with console_client(app) as resident:
            opened = await resident.post(
                "/api/conversations", json={"campaign": "ouderen-in-de-bibliotheek"}
            )
        assert opened.json()["messages"][0]["text"] == texts.WELCOME_BY_GROUP["ondernemers"]
        missing = await coordinator.get("/console/campaigns/bestaat-niet", headers=HTML)
        assert missing.status_code == 404

        await login(volunteer, "anna")
        for path in (
            "/console/campaigns",
            "/console/figures",
            "/console/figures.csv",
            "/console/campaigns/ouderen-in-de-bibliotheek/qr/web.png",
        ):
            assert (await volunteer.get(path, headers=HTML)).status_code == 403, path


async def test_the_campaign_link_opens_the_widget_with_the_campaign(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as coordinator:
        await login(coordinator, "chris")
        await create_campaign(coordinator, "Ondernemers", "ondernemers", code="ondernemers-2026")
    page = await client.get("/c/ondernemers-2026")
    assert page.status_code == 200 and 'data-campaign="ondernemers-2026"' in page.text
    assert 'data-mode="launcher"' not in page.text  # inline is the default
    button = await client.get("/c/ondernemers-2026?mode=launcher")
    assert 'data-campaign="ondernemers-2026" data-mode="launcher"' in button.text
    odd = await client.get("/c/ondernemers-2026?mode=%22%3E%3Cscript%3E")
    assert 'data-mode="launcher"' not in odd.text and "<script>alert" not in odd.text
    hostile = await client.get("/c/%3Cscript%3Ealert(1)%3Cx%3E")
    assert hostile.status_code == 200 and 'data-campaign="onbekend"' in hostile.text
    assert "<script>alert" not in hostile.text

    opened = await client.post("/api/conversations", json={"campaign": "ondernemers-2026"})
    welcome = opened.json()["messages"][0]["text"]
    assert welcome == texts.WELCOME_BY_GROUP["ondernemers"] and "nepfactuur" in welcome
    plain = await client.post("/api/conversations", json={"campaign": "iets-onbekends"})
    assert plain.json()["messages"][0]["text"].startswith("Hallo! Ik help je")


async def test_helped_question_after_advice_is_counted(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    cid = await start(client, campaign="folder-1")
    response = await say(client, cid, text=INVOICE)
    messages = response.json()["messages"]
    if messages[-1]["text"] != texts.HELPED_QUESTION:  # a triage question first
        response = await say(client, cid, payload=messages[-1]["buttons"][-1]["payload"])
        messages = response.json()["messages"]
    assert messages[-1]["text"] == texts.HELPED_QUESTION
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["!helped:yes", "!helped:no"]
    no = await say(client, cid, text="Nee.")  # typed, not the button: counted the same
    assert texts_of(no) == [texts.NOT_HELPED]
    assert no.json()["messages"][0]["buttons"][0]["title"] == texts.VOLUNTEER_BUTTON
    async with app.state.gateway.sessions() as session:
        rows = await weekly_counts(session)
        conversation = await session.get(Conversation, cid)
    assert conversation is not None and conversation.scam_type == "invoice_fraud"
    helped = [r for r in rows if r.metric == "helped_no"]
    assert [(r.campaign, r.scam_type, r.count) for r in helped] == [
        ("onbekend", "invoice_fraud", 1)  # folder-1 is not a campaign in the table
    ]


async def test_no_count_below_five_in_the_dashboard_or_the_export(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_user(app, "chris", "coordinator")
    await add_user(app, "team", "campaign")
    async with console_client(app) as coordinator:
        await login(coordinator, "chris")
        await create_campaign(coordinator, "Vier", "jongeren", code="vier")
        await create_campaign(coordinator, "Vijf", "ouderen", code="vijf")
    for code, conversations in (("vier", 4), ("vijf", 5)):
        for _ in range(conversations):
            await say(client, await start(client, campaign=code), text="Hallo")
    # Opened without typing: visits, not conversations (a tester's six page opens).
    for _ in range(6):
        await start(client, campaign="vier")
    async with console_client(app) as team:
        await login(team, "team")
        dashboard = (await team.get("/console/figures", headers=HTML)).text
        export = (await team.get("/console/figures.csv")).text
    four, five = row_of(dashboard, "Vier (vier)"), row_of(dashboard, "Vijf (vijf)")
    # The 5 is hidden too (secondary suppression): the total of 9 minus 5 would give the 4.
    assert four["Gesprekken"] == "&lt; 5" and five["Gesprekken"] == "&lt; 5"
    assert four["Bezoeken"] == "10" and five["Bezoeken"] == "5"
    assert "4" not in four.values()
    lines = list(csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";"))
    assert lines[0][0] == "Week"
    counts = {(line[3], line[7]): line[8] for line in lines[1:]}
    assert counts[("vier", "Gesprekken")] == "< 5"
    assert counts[("vier", "Bezoeken")] == "10"
    assert counts[("vijf", "Gesprekken")] == "< 5"
    assert all(line[8] in ("< 5",) or int(line[8]) >= 5 for line in lines[1:])
    # Nothing finer than a week, no ids, no free text leaves through the export.
    assert not re.search(r"\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}", export)


async def test_figures_survive_the_retention_job(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_user(app, "chris", "coordinator")
    async with console_client(app) as coordinator:
        await login(coordinator, "chris")
        await create_campaign(coordinator, "Scholen", "jongeren", code="scholen")
    ids = [await start(client, campaign="scholen") for _ in range(6)]
    await say(client, ids[0], text=INVOICE)
    gateway = app.state.gateway
    async with gateway.sessions() as session:
        before = sorted(await weekly_counts(session))
    for cid in ids:
        await move_back(app, cid, days=45)
    async with gateway.sessions() as session:
        moved = sorted(await weekly_counts(session))
    assert moved != before  # the conversations now count in an earlier week
    result = await run_retention(gateway)
    assert result.conversations == 6
    async with gateway.sessions() as session:
        assert (await session.execute(select(Conversation.id))).first() is None
        after = sorted(await weekly_counts(session))
    assert after == moved
    # One resident wrote; five only opened the page.
    assert sum(r.count for r in after if r.metric == "conversations") == 1
    assert sum(r.count for r in after if r.metric == "visits") == 6

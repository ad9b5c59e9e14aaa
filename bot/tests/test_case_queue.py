"""Finding a case fast, over HTTP in front of the fake Rasa (no model), on SQLite and
PostgreSQL: the order of the queue (mine first, then a life in danger, urgent newest
first, the rest oldest first), the case numbers, every filter, the search over the
number and the masked preview, pages, bad filter values, unread markers, the live
fragment with the page's filters, and the closed list with its visibility."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from bot.conversation.states import CaseStatus, MessageStatus
from bot.helpdesk.hours import TIMEZONE
from bot.models import Case, Message, utcnow
from bot.tests.case_seed import seed
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, login
from bot.tests.fake_rasa import FakeRasa

IBAN = "NL91ABNA0417164300"
PHONE = "0612345678"


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa, claim_sweep_seconds=3600) as (gateway, _):
        for name, role in (("anna", "volunteer"), ("bram", "volunteer"), ("coco", "coordinator")):
            await add_user(gateway, name, role)
        yield gateway


@contextlib.asynccontextmanager
async def browser(app: FastAPI, username: str) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as client:
        assert (await login(client, username)).status_code == 303
        yield client


def section(html: str, start: str, end: str | None = None) -> list[int]:
    """The case numbers of the rows between two headings' ids, top first."""
    part = html.split(f'id="{start}"', 1)[1] if f'id="{start}"' in html else ""
    if end:
        part = part.split(f'id="{end}"', 1)[0]
    return [int(n) for n in re.findall(r'<tr[^>]*data-case="(\d+)"', part)]


def waiting(html: str) -> list[int]:
    return section(html, "wachtend")


def mine(html: str) -> list[int]:
    return section(html, "mijn-zaken", "wachtend")


async def page(client: httpx.AsyncClient, path: str = "/console", **params: str) -> str:
    response = await client.get(path, params=params, headers=HTML)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.text


async def test_mine_first_then_danger_then_urgent_newest_first_then_oldest_first(
    app: FastAPI,
) -> None:
    old_calm = await seed(app, minutes_ago=120)
    new_calm = await seed(app, minutes_ago=5)
    old_urgent = await seed(app, minutes_ago=90, urgent=True)
    new_urgent = await seed(app, minutes_ago=1, urgent=True)
    crisis = await seed(app, minutes_ago=60, crisis=True)
    held = await seed(app, minutes_ago=200, status=CaseStatus.CLAIMED, holder="anna")
    others = await seed(app, minutes_ago=300, status=CaseStatus.CLAIMED, holder="bram")
    async with browser(app, "anna") as anna:
        html = await page(anna)
    assert mine(html) == [held]
    assert waiting(html) == [crisis, new_urgent, old_urgent, old_calm, new_calm]
    assert others not in mine(html) + waiting(html)
    assert f"Zaak {held}<" in html and f"Zaak {crisis}<" in html
    assert "dringende zaken (nieuwste eerst)" in html and "wie het langst wacht eerst" in html
    # Every cell labelled for the narrow-screen cards.
    cells = re.findall(r"<td\b[^>]*>", html)
    assert cells and all("data-label=" in cell for cell in cells)


async def test_each_filter_narrows_the_queue(app: FastAPI) -> None:
    calm = await seed(app, scam_type="phishing_message", channel="widget", campaign="bieb")
    urgent = await seed(app, urgent=True, scam_type="friend_in_need", channel="telegram")
    crisis = await seed(app, crisis=True, campaign="markt")
    unknown = await seed(app, scam_type=None, channel="telegram")
    long_ago = await seed(app, created=utcnow() - timedelta(days=40))
    held = await seed(app, status=CaseStatus.CLAIMED, holder="anna", urgent=True)
    today = utcnow().astimezone(TIMEZONE).date()
    async with browser(app, "anna") as anna:
        assert waiting(await page(anna, status="open")) and not mine(
            await page(anna, status="open")
        )
        only_mine = await page(anna, status="claimed")
        assert mine(only_mine) == [held] and waiting(only_mine) == []
        urgent_only = await page(anna, urgency="urgent")
        assert waiting(urgent_only) == [crisis, urgent] and mine(urgent_only) == [held]
        assert waiting(await page(anna, urgency="crisis")) == [crisis]
        assert sorted(waiting(await page(anna, urgency="normal"))) == sorted(
            [calm, unknown, long_ago]
        )
        assert waiting(await page(anna, scam_type="phishing_message")) == [calm]
        assert sorted(waiting(await page(anna, scam_type="unknown"))) == sorted(
            [crisis, unknown, long_ago]
        )
        assert waiting(await page(anna, channel="telegram")) == [urgent, unknown]
        assert waiting(await page(anna, campaign="bieb")) == [calm]
        assert waiting(await page(anna, campaign="markt")) == [crisis]
        recent = await page(anna, **{"from": (today - timedelta(days=1)).isoformat()})
        assert long_ago not in waiting(recent) and calm in waiting(recent)
        older = await page(anna, to=(today - timedelta(days=30)).isoformat())
        assert waiting(older) == [long_ago] and mine(older) == []
        # Filters combine, and the form shows what is chosen.
        both = await page(anna, channel="telegram", urgency="urgent")
        assert waiting(both) == [urgent]
        assert '<option value="telegram" selected>' in both


async def test_search_finds_the_case_number_and_masked_text_but_never_hidden_digits(
    app: FastAPI,
) -> None:
    iban_case = await seed(app, f"Ik moest geld overmaken naar {IBAN} zei hij")
    phone_case = await seed(app, f"Hij belde van {PHONE} over een pakketje")
    other = await seed(app, "Een nep-webwinkel met schoenen")
    async with browser(app, "anna") as anna:
        assert waiting(await page(anna, q=str(other))) == [other]
        assert waiting(await page(anna, q=f"Zaak {phone_case}")) == [phone_case]
        assert waiting(await page(anna, q=f"#{iban_case}")) == [iban_case]
        assert waiting(await page(anna, q="SCHOENEN")) == [other]
        assert waiting(await page(anna, q="pakketje")) == [phone_case]
        # The list shows the IBAN and the phone number masked: their digits find nothing.
        assert waiting(await page(anna, q="0417164300")) == []
        assert waiting(await page(anna, q=IBAN)) == []
        assert waiting(await page(anna, q="12345678")) == []
        nothing = await page(anna, q="0417164300")
        assert "Geen wachtende zaken die bij je zoekopdracht passen" in nothing
        assert IBAN not in await page(anna) and PHONE not in await page(anna)


async def test_pages_of_25_with_their_bounds(app: FastAPI) -> None:
    ids = [await seed(app, minutes_ago=100 - n) for n in range(30)]  # oldest first
    async with browser(app, "anna") as anna:
        first = await page(anna)
        assert waiting(first) == ids[:25]
        assert "Zaak 1-25 van 30" in first and "(pagina 1 van 2)" in first
        assert 'href="/console?page=2" rel="next">Volgende' in first and "Vorige" not in first
        second = await page(anna, page="2")
        assert waiting(second) == ids[25:]
        assert "Zaak 26-30 van 30" in second and 'href="/console" rel="prev">Vorige' in second
        assert "Volgende" not in second
        beyond = await page(anna, page="99")
        assert (
            waiting(beyond) == ids[25:] and "Die pagina bestaat niet. Je ziet pagina 2." in beyond
        )
        for bad in ("0", "-1", "abc", "1e3"):
            shown = await page(anna, page=bad)
            assert waiting(shown) == ids[:25], bad
            assert "Het filter &#39;pagina&#39; had een waarde die niet bestaat" in shown, bad
        # Paging keeps the filters.
        filtered = await page(anna, channel="widget")
        assert 'href="/console?channel=widget&amp;page=2"' in filtered


async def test_bad_filter_values_are_ignored_with_a_note_and_never_shown(app: FastAPI) -> None:
    case_id = await seed(app)
    bad = "Geef je wachtwoord aan de helpdesk"
    async with browser(app, "anna") as anna:
        for name in ("status", "urgency", "scam_type", "channel", "campaign", "from", "to"):
            html = await page(anna, **{name: bad})
            assert waiting(html) == [case_id], name
            assert "had een waarde die niet bestaat. Het is niet gebruikt." in html, name
            assert "wachtwoord" not in html, name
        html = await page(anna, **{"from": "31-02-2024", "to": "<script>"})
        assert html.count("had een waarde die niet bestaat") == 2 and "<script>" not in html
        swapped = await page(anna, **{"from": "2030-01-02", "to": "2020-01-01"})
        assert "Ze zijn omgedraaid" in swapped and waiting(swapped) == [case_id]
        # The search box keeps what was typed (escaped), it is no notice.
        typed = await page(anna, q='"><b>x</b>')
        assert "<b>x</b>" not in typed and "&lt;b&gt;x&lt;/b&gt;" in typed


async def test_the_live_fragment_keeps_the_filters_and_shows_unread_messages(
    app: FastAPI,
) -> None:
    calm = await seed(app)
    urgent = await seed(app, urgent=True)
    async with browser(app, "anna") as anna:
        fragment = await anna.get("/console/queue", params={"urgency": "urgent"}, headers=HTML)
        assert fragment.status_code == 200 and "<h1" not in fragment.text
        assert waiting(fragment.text) == [urgent]
        assert "1 nieuw" in fragment.text
        async with app.state.gateway.sessions() as session:
            case = await session.get(Case, calm)
            assert case is not None
            for _ in range(2):
                session.add(
                    Message(
                        conversation_id=case.conversation_id,
                        role="resident",
                        text="nog iets",
                        status=MessageStatus.TO_CASE,
                    )
                )
            await session.commit()
        html = await page(anna)
        row = re.search(rf'<tr[^>]*data-case="{calm}".*?</tr>', html, re.S)
        assert row and "3 nieuw" in row.group(0)
        js = (await anna.get("/assets/console/console.js")).text
        assert "'/console/queue' + location.search" in js


async def test_the_closed_list_shows_each_their_own_and_the_coordinator_all(
    app: FastAPI,
) -> None:
    annas = await seed(
        app, "Over de nep-bank", status=CaseStatus.CLOSED, holder="anna", outcome="bank"
    )
    brams = await seed(app, "Over een pakket", status=CaseStatus.CLOSED, holder="bram")
    withdrawn = await seed(app, status=CaseStatus.CLOSED, outcome="withdrawn")
    erased = await seed(app, "Geheim verhaal", status=CaseStatus.CLOSED, holder="anna", erased=True)
    still_open = await seed(app)
    async with browser(app, "anna") as anna, browser(app, "coco") as coco:
        own = await page(anna, "/console/closed")
        shown = [int(n) for n in re.findall(r'<tr[^>]*data-case="(\d+)"', own)]
        assert sorted(shown) == sorted([annas, erased])
        assert "Doorverwezen naar de bank" in own and "Inhoud verwijderd" in own
        assert "Geheim verhaal" not in own
        every = await page(coco, "/console/closed")
        shown = [int(n) for n in re.findall(r'<tr[^>]*data-case="(\d+)"', every)]
        assert sorted(shown) == sorted([annas, brams, withdrawn, erased])
        assert still_open not in shown and "Bram" in every
        found = await page(coco, "/console/closed", q="pakket")
        assert re.findall(r'data-case="(\d+)"', found) == [str(brams)]
        assert (
            re.findall(r'data-case="(\d+)"', await page(coco, "/console/closed", q="geheim")) == []
        )
        assert "Zaak 1-4 van 4" in every
        # A volunteer cannot open someone else's closed case.
        refused = await anna.get(f"/console/cases/{brams}", headers=HTML)
        assert refused.status_code == 403 and "afgesloten" in refused.text

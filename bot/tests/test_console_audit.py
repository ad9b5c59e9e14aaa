"""The coordinator's audit log over HTTP (fake Rasa; SQLite and PostgreSQL): one 'open'
per volunteer, case and hour, Dutch sentences, filters, pages and the CSV export."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.helpdesk.audit import PER_PAGE, audit_open
from bot.helpdesk.audit_export import HEADERS
from bot.models import AuditEntry
from bot.tests.conftest import fake_gateway
from bot.tests.console_helpers import HTML, add_user, console_client, csrf_of, login
from bot.tests.console_security_helpers import bare_cases, volunteer_named
from bot.tests.fake_rasa import FakeRasa

JAN_1 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
_ROW = re.compile(r"<tr>\s*<td data-label=\"Wanneer\">.*?</tr>", re.S)


@pytest.fixture
async def app(database_url: str, fake_rasa: FakeRasa) -> AsyncIterator[FastAPI]:
    async with fake_gateway(database_url, fake_rasa) as (application, _):
        yield application


@contextlib.asynccontextmanager
async def signed_in(app: FastAPI, username: str) -> AsyncIterator[httpx.AsyncClient]:
    async with console_client(app) as browser:
        assert (await login(browser, username)).status_code == 303
        yield browser


async def opens(app: FastAPI, case_id: int) -> int:
    async with app.state.gateway.sessions() as session:
        found = await session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.case_id == case_id, AuditEntry.action == "open"
            )
        )
        return found or 0


async def write(app: FastAPI, *entries: AuditEntry) -> None:
    async with app.state.gateway.sessions() as session:
        session.add_all(entries)
        await session.commit()


def rows_of(html: str) -> list[str]:
    return _ROW.findall(html)


# --- one 'open' an hour -------------------------------------------------------------------
async def test_opening_a_case_is_logged_once_an_hour_per_volunteer(app: FastAPI) -> None:
    await add_user(app, "anna")
    await add_user(app, "bram")
    anna, bram = await volunteer_named(app, "anna"), await volunteer_named(app, "bram")
    first, second = await bare_cases(app, 2)
    async with app.state.gateway.sessions() as session:
        steps = [
            (anna, first, JAN_1, True),
            (anna, first, JAN_1 + timedelta(minutes=1), False),  # a reload
            (anna, first, JAN_1 + timedelta(minutes=59), False),
            (bram, first, JAN_1 + timedelta(minutes=59), True),  # someone else
            (anna, second, JAN_1 + timedelta(minutes=59), True),  # another case
            (anna, first, JAN_1 + timedelta(minutes=61), True),  # an hour later: again
            (anna, first, JAN_1 + timedelta(minutes=100), False),
        ]
        for volunteer, case_id, now, recorded in steps:
            assert await audit_open(session, volunteer, case_id, now) is recorded, now
            await session.commit()
    assert await opens(app, first) == 3 and await opens(app, second) == 1


async def test_reloading_a_case_page_adds_no_entry(app: FastAPI) -> None:
    await add_user(app, "anna")
    (case_id,) = await bare_cases(app, 1)
    async with signed_in(app, "anna") as anna:
        for _ in range(3):
            page = await anna.get(f"/console/cases/{case_id}", headers=HTML)
            assert page.status_code == 200
    assert await opens(app, case_id) == 1


# --- the page -----------------------------------------------------------------------------
async def test_the_log_names_accounts_and_settings_in_dutch(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    async with signed_in(app, "chris") as chris:
        csrf = csrf_of((await chris.get("/console/team", headers=HTML)).text)
        await chris.post(
            "/console/team/volunteers",
            data={
                "csrf": csrf,
                "username": "anna",
                "display_name": "Anna",
                "role": "volunteer",
                "password": "een-lang-wachtwoord-42",
            },
        )
        hours = "ma-vr 09:00-17:00"
        for retention in ("14", "14"):  # the second time nothing changes: nothing logged
            await chris.post(
                "/console/team/settings",
                data={"csrf": csrf, "hours": hours, "retention": retention},
            )
        log = (await chris.get("/console/audit", headers=HTML)).text
    assert "Vrijwilliger Anna (anna) toegevoegd" in log
    before = app.state.gateway.settings.retention_days
    assert f"Bewaartermijn {before} → 14 dagen" in log
    table = "".join(rows_of(log))
    assert "add_user" not in table and "retention_days" not in table and "settings" not in table
    async with app.state.gateway.sessions() as session:
        settings = (
            await session.execute(select(AuditEntry.subject).where(AuditEntry.action == "settings"))
        ).scalars()
        assert "retention_days" in list(settings)
        assert (
            await session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.action == "settings", AuditEntry.subject == "retention_days"
                )
            )
            == 1
        )


async def test_filters_pages_and_old_entries(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    anna_entries = [
        AuditEntry(username="anna", action="open", case_id=141, at=JAN_1 + timedelta(minutes=n))
        for n in range(PER_PAGE + 5)
    ]
    await write(
        app,
        *anna_entries,
        AuditEntry(username="bram", action="claim", case_id=141, at=JAN_1),
        AuditEntry(username="bram", action="deactivate:vol3", at=JAN_1),  # before subjects
        AuditEntry(username="bram", action="deactivate_user", subject="Vol4 (vol4)", at=JAN_1),
        # 23:30 UTC on 1 January is already 2 January in the Netherlands.
        AuditEntry(
            username="bram",
            action="note",
            case_id=7,
            at=datetime(2026, 1, 1, 23, 30, tzinfo=timezone.utc),
        ),
    )
    async with signed_in(app, "chris") as chris:

        async def shown(**query: str) -> str:
            response = await chris.get("/console/audit", params=query, headers=HTML)
            assert response.status_code == 200, query
            return response.text

        everything = await shown()
        assert len(rows_of(everything)) == PER_PAGE
        assert "Pagina 1 van 2" in everything and 'rel="next"' in everything

        anna = await shown(wie="ANNA")
        assert f"{PER_PAGE + 5} regels gevonden" in anna
        second = await shown(wie="anna", pagina="2")
        assert len(rows_of(second)) == 5 and 'rel="prev"' in second
        assert "wie=anna" in re.search(r'href="([^"]*)" rel="prev"', second).group(1)  # type: ignore[union-attr]

        off = await shown(soort="deactivate_user")
        assert len(rows_of(off)) == 2
        assert "vol3 uitgezet" in off and "Vol4 (vol4) uitgezet" in off

        case = await shown(zaak="141", wie="bram")
        assert len(rows_of(case)) == 1 and "Zaak 141 opgepakt" in case

        late = await shown(van="2026-01-02", tot="2026-01-02")
        assert len(rows_of(late)) == 1 and "Notitie bij zaak 7" in late
        early = await shown(tot="2026-01-01", wie="bram")
        assert len(rows_of(early)) == 3

        bad = await shown(zaak="1; DROP TABLE", van="morgen")
        assert "Vul bij zaak een zaaknummer in" in bad and "Die datum kan ik niet lezen" in bad


async def test_the_csv_export_holds_the_filtered_entries_safely(app: FastAPI) -> None:
    await add_user(app, "chris", "coordinator")
    await write(
        app,
        AuditEntry(username="anna", action="open", case_id=141, at=JAN_1),
        AuditEntry(username="anna", action="close", case_id=141, at=JAN_1),
        AuditEntry(
            username="anna",
            action="change_name",
            subject='=HYPERLINK("http://x") (anna)',
            detail="Anna → +31612345678",
            at=JAN_1,
        ),
        AuditEntry(username="bram", action="open", case_id=9, at=JAN_1),
    )
    async with signed_in(app, "chris") as chris:
        page = (await chris.get("/console/audit", params={"wie": "anna"}, headers=HTML)).text
        link = re.search(r'href="(/console/audit\.csv[^"]*)" download', page)
        assert link and "wie=anna" in link.group(1)
        response = await chris.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 4 and {row[1] for row in rows[1:]} == {"anna"}
    # Newest first, as on the page.
    assert [r[3] for r in rows[2:]] == ["Zaak 141 afgesloten", "Zaak 141 geopend"]
    named = next(row for row in rows if row[5] == "change_name")
    assert named[6] == '\'=HYPERLINK("http://x") (anna)'
    assert named[7] == "Anna → +31612345678"  # starts with text: left as it is
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    async with app.state.gateway.sessions() as session:
        export = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "export_audit"))
        ).scalar_one()
    assert export.username == "chris" and export.detail == "3 regels (wie=anna)"
